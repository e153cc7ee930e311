using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime;

/// <summary>The order in which idle connections are handed out.</summary>
public enum PoolOrder
{
    /// <summary>Most recently returned first: a small hot set stays warm and the rest ages out through <see cref="ConnectionPoolOptions{T}.IdleTimeout"/>.</summary>
    Lifo = 0,

    /// <summary>Least recently returned first: load is spread over every idle connection.</summary>
    Fifo = 1,
}

/// <summary>Settings of a <see cref="ConnectionPool{T}"/>. The pool copies them when it is created.</summary>
public sealed class ConnectionPoolOptions<T>
    where T : class
{
    /// <summary>A name used in metrics (tag <c>pool.name</c>) and exception messages.</summary>
    public string? Name { get; set; }

    /// <summary>Most connections alive at once, idle and in use together. Default 16.</summary>
    public int MaxSize { get; set; } = 16;

    /// <summary>Connections the pool keeps open even when idle (created in the background). Default 0.</summary>
    public int MinSize { get; set; }

    /// <summary>How long a rent may wait for a connection, creation included. Default 30 s; <see cref="Timeout.InfiniteTimeSpan"/> turns it off.</summary>
    public TimeSpan AcquireTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>An idle connection above <see cref="MinSize"/> unused this long is destroyed by the pool's own timer. Default 5 min.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>A connection older than this is destroyed instead of being reused. Default infinite.</summary>
    public TimeSpan MaxLifetime { get; set; } = Timeout.InfiniteTimeSpan;

    /// <summary>Each connection's lifetime is shortened by a random share up to this fraction of <see cref="MaxLifetime"/>, so that connections made together do not expire together. Default 0.1.</summary>
    public double MaxLifetimeJitter { get; set; } = 0.1;

    /// <summary>Checks an idle connection before it is handed out; false (or an exception) destroys it and the rent goes on with another one.</summary>
    public Func<T, CancellationToken, ValueTask<bool>>? Validate { get; set; }

    /// <summary>Skip <see cref="Validate"/> when the connection was returned less than this long ago. Default zero: always validate.</summary>
    public TimeSpan SkipValidationWithin { get; set; } = TimeSpan.Zero;

    /// <summary>Destroys a connection. Default: <see cref="IAsyncDisposable.DisposeAsync"/> or <see cref="IDisposable.Dispose"/> when <typeparamref name="T"/> has one.</summary>
    public Func<T, ValueTask>? Destroy { get; set; }

    /// <summary>Which idle connection is handed out first. Default <see cref="PoolOrder.Lifo"/>.</summary>
    public PoolOrder Order { get; set; } = PoolOrder.Lifo;

    /// <summary>Most renters allowed to wait at once; one more fails at once with <see cref="ConnectionPoolExhaustedException"/>. Default 10,000.</summary>
    public int MaxWaiters { get; set; } = 10_000;

    /// <summary>How often the pool evicts idle and expired connections and refills <see cref="MinSize"/>. Default (zero): derived from <see cref="IdleTimeout"/> and <see cref="MaxLifetime"/>, at most 1 s.</summary>
    public TimeSpan EvictionInterval { get; set; } = TimeSpan.Zero;

    /// <summary>After the factory fails, creation pauses this long (doubling on each further failure up to <see cref="MaxCreateRetryDelay"/>); meanwhile renters that would need a new connection fail at once with the factory's exception, unless a connection now in use could come back to them. Default 100 ms.</summary>
    public TimeSpan CreateRetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Upper bound of the creation back-off. Default 10 s.</summary>
    public TimeSpan MaxCreateRetryDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Creates the pool's meter (<c>ConnHygiene.Runtime</c>), e.g. the host's from dependency injection. Default (null):
    /// one meter shared by every pool of the process. Either way each pool tags its measurements with <c>pool.name</c>.
    /// </summary>
    public IMeterFactory? MeterFactory { get; set; }

    /// <summary>Tags the pool adds to its measurements after <c>pool.name</c> (the TCP pool's endpoint).</summary>
    internal KeyValuePair<string, object?>[]? MetricTags { get; set; }

    /// <summary>The clock and timers of the pool (timeouts, idle and lifetime eviction, back-off). Default (null): <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }
}
