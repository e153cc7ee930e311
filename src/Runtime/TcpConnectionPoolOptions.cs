using System;
using System.Diagnostics.Metrics;
using System.Threading;

namespace ConnHygiene.Runtime;

/// <summary>Settings of a <see cref="TcpConnectionPool"/>; each endpoint gets its own pool with these limits.</summary>
public sealed class TcpConnectionPoolOptions
{
    /// <summary>Most connections per endpoint. Default 16.</summary>
    public int MaxConnectionsPerEndpoint { get; set; } = 16;

    /// <summary>Connections kept open per endpoint once it was used. Default 0.</summary>
    public int MinConnectionsPerEndpoint { get; set; }

    /// <summary>How long a rent may wait, connecting included. Default 30 s.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one connect attempt may take. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Idle connections unused this long are closed. Default 30 s (below most servers' own idle limits).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Connections older than this are closed and replaced (with jitter), so DNS changes are seen. Default 10 min.</summary>
    public TimeSpan MaxLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Skip the liveness check for a connection returned less than this long ago. Default zero: always check.</summary>
    public TimeSpan SkipValidationWithin { get; set; } = TimeSpan.Zero;

    /// <summary>Idle order per endpoint. Default <see cref="PoolOrder.Lifo"/>.</summary>
    public PoolOrder Order { get; set; } = PoolOrder.Lifo;

    /// <summary>Most renters waiting per endpoint. Default 10,000.</summary>
    public int MaxWaitersPerEndpoint { get; set; } = 10_000;

    /// <summary>After a failed connect, connecting pauses this long per endpoint (doubling up to <see cref="MaxCreateRetryDelay"/>); renters that would need a new connection meanwhile fail at once with the connect error. Default 100 ms.</summary>
    public TimeSpan CreateRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the connect back-off. Default 5 s.</summary>
    public TimeSpan MaxCreateRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Disable Nagle's algorithm. Default true.</summary>
    public bool NoDelay { get; set; } = true;

    /// <summary>Idle time before the first TCP keep-alive probe. Default 30 s.</summary>
    public TimeSpan KeepAliveTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Time between unanswered keep-alive probes. Default 5 s.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Unanswered probes before the kernel drops the connection. Default 3.</summary>
    public int KeepAliveRetryCount { get; set; } = 3;

    /// <summary>Prefix of each endpoint pool's name in metrics. Default "tcp".</summary>
    public string Name { get; set; } = "tcp";

    /// <summary>Creates the meter of the per-endpoint pools (see <see cref="ConnectionPoolOptions{T}.MeterFactory"/>). Default (null): the process-wide one.</summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>The clock and timers of the pools (timeouts, eviction, back-off) and of the connect timeout. Default (null): <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    internal TcpConnectionPoolOptions Clone() => (TcpConnectionPoolOptions)MemberwiseClone();
}
