using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Internal;

namespace ConnHygiene.Runtime;

/// <summary>
/// Pools TCP connections per endpoint: sockets with <c>NoDelay</c> and TCP keep-alive, checked without a round trip
/// before reuse so that a socket the peer closed or reset is never handed out. Dispose the lease to return the
/// connection; <see cref="PooledConnection{T}.Invalidate"/> it after an I/O error.
/// </summary>
public sealed class TcpConnectionPool : IAsyncDisposable
{
    private static readonly Lazy<TcpConnectionPool> s_shared = new(() => new TcpConnectionPool(null, isShared: true));

    private readonly TcpConnectionPoolOptions _options;
    private readonly bool _isShared;
    private readonly object _createLock = new();
    private readonly ConcurrentDictionary<EndPoint, ConnectionPool<TcpConnection>> _byEndPoint = new();
    private readonly ConcurrentDictionary<HostPort, ConnectionPool<TcpConnection>> _byHost = new();
    private volatile bool _disposed;

    /// <summary>Creates a pool.</summary>
    public TcpConnectionPool(TcpConnectionPoolOptions? options = null)
        : this(options, isShared: false)
    {
    }

    private TcpConnectionPool(TcpConnectionPoolOptions? options, bool isShared)
    {
        _options = options?.Clone() ?? new TcpConnectionPoolOptions();
        Guard.InRange(_options.KeepAliveRetryCount, 1, 255, nameof(_options.KeepAliveRetryCount));
        Guard.PositiveOrInfinite(_options.ConnectTimeout, nameof(_options.ConnectTimeout));
        Guard.PositiveOrInfinite(_options.KeepAliveTime, nameof(_options.KeepAliveTime));
        Guard.PositiveOrInfinite(_options.KeepAliveInterval, nameof(_options.KeepAliveInterval));
        Guard.InRange(_options.MaxConnectionsPerEndpoint, 1, int.MaxValue / 2, nameof(_options.MaxConnectionsPerEndpoint));
        Guard.InRange(_options.MinConnectionsPerEndpoint, 0, _options.MaxConnectionsPerEndpoint, nameof(_options.MinConnectionsPerEndpoint));
        _isShared = isShared;
    }

    /// <summary>A process-wide pool with default settings, for code that has no instance at hand. Disposing it does nothing.</summary>
    public static TcpConnectionPool Shared => s_shared.Value;

    /// <summary>Rents a connection to <paramref name="host"/>:<paramref name="port"/> (resolved on each new connection).</summary>
    public ValueTask<PooledConnection<TcpConnection>> RentAsync(string host, int port, CancellationToken cancellationToken = default)
    {
        if (host == null)
        {
            throw new ArgumentNullException(nameof(host));
        }

        var key = new HostPort(host, port);
        if (!_byHost.TryGetValue(key, out ConnectionPool<TcpConnection>? pool))
        {
            pool = GetOrCreate(_byHost, key, new DnsEndPoint(host, port));
        }

        return pool.RentAsync(cancellationToken);
    }

    /// <summary>Rents a connection to <paramref name="endPoint"/> (an <see cref="IPEndPoint"/> or <see cref="DnsEndPoint"/>).</summary>
    public ValueTask<PooledConnection<TcpConnection>> RentAsync(EndPoint endPoint, CancellationToken cancellationToken = default)
    {
        if (endPoint == null)
        {
            throw new ArgumentNullException(nameof(endPoint));
        }

        if (!_byEndPoint.TryGetValue(endPoint, out ConnectionPool<TcpConnection>? pool))
        {
            pool = GetOrCreate(_byEndPoint, endPoint, endPoint);
        }

        return pool.RentAsync(cancellationToken);
    }

    /// <summary>The per-endpoint pools created so far (for metrics and diagnostics).</summary>
    public IReadOnlyCollection<ConnectionPool<TcpConnection>> EndpointPools
    {
        get
        {
            var all = new List<ConnectionPool<TcpConnection>>(_byEndPoint.Values);
            all.AddRange(_byHost.Values);
            return all;
        }
    }

    /// <summary>Closes every idle connection and refuses new rents; rented connections close when returned.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_isShared)
        {
            return;
        }

        List<ConnectionPool<TcpConnection>> pools;
        lock (_createLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            pools = new List<ConnectionPool<TcpConnection>>(EndpointPools);
        }

        foreach (ConnectionPool<TcpConnection> pool in pools)
        {
            await pool.DisposeAsync().ConfigureAwait(false);
        }
    }

    private ConnectionPool<TcpConnection> GetOrCreate<TKey>(ConcurrentDictionary<TKey, ConnectionPool<TcpConnection>> pools, TKey key, EndPoint target)
        where TKey : notnull
    {
        lock (_createLock)
        {
            if (_disposed)
            {
                throw new ObjectDisposedException(nameof(TcpConnectionPool));
            }

            if (!pools.TryGetValue(key, out ConnectionPool<TcpConnection>? pool))
            {
                ConnectionPoolOptions<TcpConnection> options = CreatePoolOptions();
                options.Name = _options.Name + "://" + target;
                options.MetricTags = EndpointTags(target);
                TcpConnectionPoolOptions tcp = _options;
                pool = new ConnectionPool<TcpConnection>(ct => TcpConnection.ConnectAsync(target, tcp, ct), options);
                pools[key] = pool;
            }

            return pool;
        }
    }

    private ConnectionPoolOptions<TcpConnection> CreatePoolOptions() => new()
    {
        Name = _options.Name,
        MaxSize = _options.MaxConnectionsPerEndpoint,
        MinSize = _options.MinConnectionsPerEndpoint,
        AcquireTimeout = _options.AcquireTimeout,
        IdleTimeout = _options.IdleTimeout,
        MaxLifetime = _options.MaxLifetime,
        SkipValidationWithin = _options.SkipValidationWithin,
        Order = _options.Order,
        MaxWaiters = _options.MaxWaitersPerEndpoint,
        CreateRetryDelay = _options.CreateRetryDelay,
        MaxCreateRetryDelay = _options.MaxCreateRetryDelay,
        TimeProvider = _options.TimeProvider,
        MeterFactory = _options.MeterFactory,
        Validate = static (connection, _) => new ValueTask<bool>(connection.IsReusable()),
    };

    /// <summary>OpenTelemetry's <c>server.address</c> and <c>server.port</c> of an endpoint pool.</summary>
    private static KeyValuePair<string, object?>[] EndpointTags(EndPoint target) => target switch
    {
        DnsEndPoint dns => new[] { new KeyValuePair<string, object?>("server.address", dns.Host), new KeyValuePair<string, object?>("server.port", dns.Port) },
        IPEndPoint ip => new[] { new KeyValuePair<string, object?>("server.address", ip.Address.ToString()), new KeyValuePair<string, object?>("server.port", ip.Port) },
        _ => new[] { new KeyValuePair<string, object?>("server.address", target.ToString()) },
    };

    private readonly struct HostPort : IEquatable<HostPort>
    {
        public HostPort(string host, int port)
        {
            Host = host;
            Port = port;
        }

        public string Host { get; }

        public int Port { get; }

        public bool Equals(HostPort other) => Port == other.Port && string.Equals(Host, other.Host, StringComparison.OrdinalIgnoreCase);

        public override bool Equals(object? obj) => obj is HostPort other && Equals(other);

        public override int GetHashCode() => (StringComparer.OrdinalIgnoreCase.GetHashCode(Host) * 397) ^ Port;
    }
}
