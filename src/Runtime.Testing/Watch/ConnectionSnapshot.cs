using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConnHygiene.Runtime.Testing;

/// <summary>What a <see cref="ConnectionWatch"/> saw for one remote endpoint.</summary>
public sealed class EndPointConnections
{
    internal EndPointConnections(IPEndPoint endPoint, int opened, int failed, int pending, SocketError? lastError, int httpOpened, int httpClosed, int httpRequests, IReadOnlyList<string> hostNames)
    {
        EndPoint = endPoint;
        Opened = opened;
        Failed = failed;
        Pending = pending;
        LastError = lastError;
        HttpConnectionsOpened = httpOpened;
        HttpConnectionsClosed = httpClosed;
        HttpRequests = httpRequests;
        HostNames = hostNames;
    }

    /// <summary>The remote address and port (an IPv4-mapped IPv6 address is shown as IPv4).</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>TCP connects to this endpoint that succeeded (by any API: <c>Socket</c>, <c>TcpClient</c>, <c>HttpClient</c>, ...).</summary>
    public int Opened { get; }

    /// <summary>TCP connects to this endpoint that failed (refused, timed out, cancelled).</summary>
    public int Failed { get; }

    /// <summary>Connects still in progress when the snapshot was taken (after the bounded wait).</summary>
    public int Pending { get; }

    /// <summary>The error of the last failed connect, if any.</summary>
    public SocketError? LastError { get; }

    /// <summary>Of <see cref="Opened"/>, the connections <c>HttpClient</c> (<c>SocketsHttpHandler</c>) established.</summary>
    public int HttpConnectionsOpened { get; }

    /// <summary>
    /// Of <see cref="HttpConnectionsOpened"/>, those the client's HTTP pool closed during the watch. Each one leaves a
    /// TIME_WAIT socket on the client unless the server closed first. Raw sockets report no close in the runtime's
    /// telemetry, so their closes are not known.
    /// </summary>
    public int HttpConnectionsClosed { get; }

    /// <summary>HTTP requests sent to this endpoint's host names and port during the watch.</summary>
    public int HttpRequests { get; }

    /// <summary>The host names HTTP requests used for this endpoint (e.g. <c>localhost</c>, <c>api.example.com</c>).</summary>
    public IReadOnlyList<string> HostNames { get; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(EndPoint);
        if (HostNames.Count > 0 && !(HostNames.Count == 1 && HostNames[0] == EndPoint.Address.ToString()))
        {
            text.Append(" (").Append(string.Join(", ", HostNames)).Append(')');
        }

        text.Append(": ").Append(Count(Opened, "connection")).Append(" opened");
        if (HttpConnectionsOpened > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {HttpConnectionsOpened} by HttpClient for {Count(HttpRequests, "HTTP request")}, {HttpConnectionsClosed} of them closed by HttpClient during the watch");
        }

        if (Opened > HttpConnectionsOpened)
        {
            text.Append(CultureInfo.InvariantCulture, $", {Opened - HttpConnectionsOpened} by Socket/TcpClient (their closes are not in the runtime's telemetry)");
        }

        if (Failed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {Count(Failed, "connect")} failed (last: {LastError})");
        }

        if (Pending > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {Count(Pending, "connect")} still in progress");
        }

        return text.ToString();
    }

    internal static string Count(int n, string noun) => n.ToString("N0", CultureInfo.InvariantCulture) + " " + noun + (n == 1 ? string.Empty : "s");
}

/// <summary>The counts of a <see cref="ConnectionWatch"/> at one moment, per endpoint, busiest first.</summary>
public sealed class ConnectionSnapshot
{
    internal ConnectionSnapshot(ConnectionFilter filter, IReadOnlyList<EndPointConnections> endPoints)
    {
        Filter = filter;
        EndPoints = endPoints;
        Opened = endPoints.Sum(e => e.Opened);
        Failed = endPoints.Sum(e => e.Failed);
        Pending = endPoints.Sum(e => e.Pending);
    }

    /// <summary>The filter of the watch.</summary>
    public ConnectionFilter Filter { get; }

    /// <summary>TCP connects that succeeded.</summary>
    public int Opened { get; }

    /// <summary>TCP connects that failed.</summary>
    public int Failed { get; }

    /// <summary>Connects still in progress after the bounded wait.</summary>
    public int Pending { get; }

    /// <summary>Per remote endpoint, most connections first.</summary>
    public IReadOnlyList<EndPointConnections> EndPoints { get; }

    /// <summary>Connections opened to <paramref name="endPoint"/> (an IPv4-mapped IPv6 address equals its IPv4 form).</summary>
    public int OpenedTo(IPEndPoint endPoint)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        var wanted = new IPEndPoint(ConnectionFilter.Normalize(endPoint.Address), endPoint.Port);
        return EndPoints.Where(e => e.EndPoint.Equals(wanted)).Sum(e => e.Opened);
    }

    /// <inheritdoc/>
    public override string ToString()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{EndPointConnections.Count(Opened, "TCP connection")} opened to {Filter}");
        if (Failed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {EndPointConnections.Count(Failed, "connect")} failed");
        }

        foreach (var endPoint in EndPoints.Take(10))
        {
            text.Append("\n  ").Append(endPoint);
        }

        if (EndPoints.Count > 10)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  ... and {EndPoints.Count - 10} more endpoints");
        }

        return text.ToString();
    }
}
