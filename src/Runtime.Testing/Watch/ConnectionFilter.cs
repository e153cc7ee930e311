using System;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace ConnHygiene.Runtime.Testing;

/// <summary>
/// Which outgoing TCP connections a <see cref="ConnectionWatch"/> counts: every one, those to a port, to an endpoint, or
/// to a host (its addresses are resolved once, when the filter is made). Filtering is how watches in tests that run in
/// parallel stay apart: the telemetry a watch reads is process-wide.
/// </summary>
public sealed class ConnectionFilter
{
    private readonly IPAddress[]? _addresses;
    private readonly int? _port;
    private readonly string _description;

    private ConnectionFilter(IPAddress[]? addresses, int? port, string description)
    {
        _addresses = addresses;
        _port = port;
        _description = description;
    }

    /// <summary>Every outgoing connection the process opens, from any thread or test.</summary>
    public static ConnectionFilter Any { get; } = new(null, null, "any endpoint");

    /// <summary>Connections to <paramref name="port"/> on any address.</summary>
    public static ConnectionFilter ForPort(int port)
    {
        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 0 to 65535.");
        }

        return new ConnectionFilter(null, port, "port " + port.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Connections to exactly <paramref name="endPoint"/> (an IPv4 address also matches its IPv4-mapped IPv6 form).</summary>
    public static ConnectionFilter ForEndPoint(IPEndPoint endPoint)
    {
        if (endPoint is null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        var address = Normalize(endPoint.Address);
        return new ConnectionFilter(new[] { address }, endPoint.Port, new IPEndPoint(address, endPoint.Port).ToString());
    }

    /// <summary>
    /// Connections to <paramref name="host"/> (an address, or a name resolved now to all its addresses), on
    /// <paramref name="port"/> when given.
    /// </summary>
    /// <exception cref="ArgumentException">The name does not resolve.</exception>
    public static ConnectionFilter ForHost(string host, int? port = null)
    {
        if (string.IsNullOrWhiteSpace(host))
        {
            throw new ArgumentException("A host name or address is required.", nameof(host));
        }

        if (port is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "A TCP port is 0 to 65535.");
        }

        IPAddress[] addresses;
        if (IPAddress.TryParse(host, out var literal))
        {
            addresses = new[] { literal };
        }
        else
        {
            try
            {
                addresses = Dns.GetHostAddresses(host);
            }
            catch (SocketException e)
            {
                throw new ArgumentException($"ConnectionWatch: the host '{host}' does not resolve ({e.SocketErrorCode}); filter by address or port instead.", nameof(host), e);
            }
        }

        var normalized = addresses.Select(Normalize).Distinct().ToArray();
        var description = port is int p ? host + ":" + p.ToString(CultureInfo.InvariantCulture) : host;
        return new ConnectionFilter(normalized, port, description + (normalized.Length > 0 && host != normalized[0].ToString() ? " (" + string.Join(", ", normalized.Select(a => a.ToString())) + ")" : string.Empty));
    }

    /// <summary>True when a connection to <paramref name="remote"/> is counted.</summary>
    public bool Matches(IPEndPoint remote)
    {
        if (remote is null)
        {
            return false;
        }

        if (_port is int port && remote.Port != port)
        {
            return false;
        }

        if (_addresses is null)
        {
            return true;
        }

        var address = Normalize(remote.Address);
        foreach (var candidate in _addresses)
        {
            if (candidate.Equals(address))
            {
                return true;
            }
        }

        return false;
    }

    /// <inheritdoc/>
    public override string ToString() => _description;

    internal bool MayMatchPort(int port) => _port is not int p || p == port;

    internal static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
