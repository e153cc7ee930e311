using System;
using System.Globalization;
using System.Linq;
using System.Text;

namespace ConnHygiene.Runtime.Testing;

/// <summary>
/// Thrown by <see cref="ConnectionWatch.AssertAtMost"/> when code opened more TCP connections than allowed. A plain
/// exception, so xunit, NUnit and MSTest all report it as a failed test with its message.
/// </summary>
public sealed class ConnectionChurnException : Exception
{
    /// <summary>Creates the exception for a snapshot that broke <paramref name="limit"/>.</summary>
    public ConnectionChurnException(ConnectionSnapshot snapshot, int limit)
        : base(Describe(snapshot, limit))
    {
        Snapshot = snapshot;
        Limit = limit;
    }

    /// <summary>What the watch counted.</summary>
    public ConnectionSnapshot Snapshot { get; }

    /// <summary>The most connections the test allowed.</summary>
    public int Limit { get; }

    private static string Describe(ConnectionSnapshot snapshot, int limit)
    {
        if (snapshot is null)
        {
            throw new ArgumentNullException(nameof(snapshot));
        }

        var text = new StringBuilder();
        int counted = snapshot.Opened + snapshot.Pending;
        text.Append(CultureInfo.InvariantCulture, $"Connection churn: {EndPointConnections.Count(counted, "TCP connection")} opened to {snapshot.Filter}, at most {limit} expected.");
        foreach (var endPoint in snapshot.EndPoints.Take(10))
        {
            text.Append("\n  ").Append(endPoint);
        }

        if (snapshot.EndPoints.Count > 10)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  ... and {snapshot.EndPoints.Count - 10} more endpoints");
        }

        int http = snapshot.EndPoints.Sum(e => e.HttpConnectionsOpened);
        int closed = snapshot.EndPoints.Sum(e => e.HttpConnectionsClosed);
        int requests = snapshot.EndPoints.Sum(e => e.HttpRequests);
        int sockets = snapshot.Opened - http;
        if (http > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nHttpClient opened {http} of them for {EndPointConnections.Count(requests, "request")}");
            text.Append(http * 2 > requests && requests > 1 ? " (about one connection per request)" : string.Empty);
            text.Append(CultureInfo.InvariantCulture, $" and closed {closed} of them: each connection the client closes first leaves a TIME_WAIT socket holding an ephemeral port for ~60 s (Linux) to 240 s (Windows).");
            text.Append("\n  Likely cause: a new HttpClient per call (ConnHygiene CH0001) or a handler per call (CH0002): share one client (IHttpClientFactory, or one static HttpClient on SocketsHttpHandler with PooledConnectionLifetime);");
            text.Append(" or keep-alive switched off (CH0004: ConnectionClose = true, a 'Connection: close' header, PooledConnectionIdleTimeout = 0): remove it.");
        }

        if (sockets > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\nSocket/TcpClient code opened {sockets} of them.");
            text.Append("\n  Likely cause: a socket or TcpClient per operation (ConnHygiene CH0010) or connect-and-close inside a loop (CH0011): rent from ConnHygiene.Runtime's TcpConnectionPool, or connect once outside the loop.");
        }

        if (snapshot.Failed > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n{EndPointConnections.Count(snapshot.Failed, "connect")} failed; failed connects are not counted against the limit.");
        }

        return text.ToString();
    }
}
