using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Internal;

namespace ConnHygiene.Runtime;

/// <summary>
/// A pool of connections (or any expensive object) made by an asynchronous factory: min/max size, FIFO or LIFO
/// idle order, acquire timeout and cancellation, validation on borrow, idle and lifetime eviction, a bounded
/// first-come first-served waiter queue with direct hand-off, back-off when the factory fails, draining dispose
/// and <see cref="System.Diagnostics.Metrics"/> instruments (meter <c>ConnHygiene.Runtime</c>).
/// </summary>
public sealed partial class ConnectionPool<T> : IAsyncDisposable, IPoolGauges
    where T : class
{
#if NET9_0_OR_GREATER
    private readonly Lock _lock = new();
#else
    private readonly object _lock = new();
#endif
    private readonly Func<CancellationToken, ValueTask<T>> _create;
    private readonly Func<T, CancellationToken, ValueTask<bool>>? _validate;
    private readonly Func<T, ValueTask> _destroy;
    private readonly int _maxSize;
    private readonly int _minSize;
    private readonly int _maxWaiters;
    private readonly long _acquireTimeoutMs;
    private readonly long _idleTimeoutMs;
    private readonly long _maxLifetimeMs;
    private readonly double _lifetimeJitter;
    private readonly long _skipValidationMs;
    private readonly long _retryDelayMs;
    private readonly long _maxRetryDelayMs;
    private readonly bool _lifo;
    private readonly bool _preciseReturnTime;
    private readonly PoolMetrics _metrics;
    private readonly TimeSource _time;
    private readonly WeakReference<ConnectionPool<T>> _weakSelf;

    // All below guarded by _lock.
    private int _count;            // connections alive or being created
    private int _inUse;
    private bool _disposed;
    private long _coarseNowMs; // refreshed by every maintenance tick

    /// <summary>Creates a pool around <paramref name="create"/>.</summary>
    public ConnectionPool(Func<CancellationToken, ValueTask<T>> create, ConnectionPoolOptions<T>? options = null)
    {
        _create = create ?? throw new ArgumentNullException(nameof(create));
        options ??= new ConnectionPoolOptions<T>();
        Guard.InRange(options.MaxSize, 1, int.MaxValue / 2, nameof(options.MaxSize));
        Guard.InRange(options.MinSize, 0, options.MaxSize, nameof(options.MinSize));
        Guard.InRange(options.MaxWaiters, 0, int.MaxValue, nameof(options.MaxWaiters));
        Guard.PositiveOrInfinite(options.AcquireTimeout, nameof(options.AcquireTimeout));
        Guard.PositiveOrInfinite(options.IdleTimeout, nameof(options.IdleTimeout));
        Guard.PositiveOrInfinite(options.MaxLifetime, nameof(options.MaxLifetime));
        Guard.NonNegativeOrInfinite(options.SkipValidationWithin, nameof(options.SkipValidationWithin));
        Guard.NonNegativeOrInfinite(options.EvictionInterval, nameof(options.EvictionInterval));
        Guard.PositiveOrInfinite(options.CreateRetryDelay, nameof(options.CreateRetryDelay));
        Guard.PositiveOrInfinite(options.MaxCreateRetryDelay, nameof(options.MaxCreateRetryDelay));
        if (!(options.MaxLifetimeJitter >= 0 && options.MaxLifetimeJitter < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options.MaxLifetimeJitter), options.MaxLifetimeJitter, "MaxLifetimeJitter must be in [0, 1).");
        }

        Name = options.Name ?? "ConnectionPool<" + typeof(T).Name + ">";
        _time = new TimeSource(options.TimeProvider);
        _coarseNowMs = _time.NowMs;
        _validate = options.Validate;
        _destroy = options.Destroy ?? DefaultDestroy;
        _maxSize = options.MaxSize;
        _minSize = options.MinSize;
        _maxWaiters = options.MaxWaiters;
        _acquireTimeoutMs = Clock.ToMs(options.AcquireTimeout);
        _idleTimeoutMs = Clock.ToMs(options.IdleTimeout);
        _maxLifetimeMs = Clock.ToMs(options.MaxLifetime);
        _lifetimeJitter = options.MaxLifetimeJitter;
        _skipValidationMs = Clock.ToMs(options.SkipValidationWithin);
        _retryDelayMs = Clock.ToMs(options.CreateRetryDelay);
        _maxRetryDelayMs = Math.Max(_retryDelayMs, Clock.ToMs(options.MaxCreateRetryDelay));
        _lifo = options.Order == PoolOrder.Lifo;
        _preciseReturnTime = _maxLifetimeMs != long.MaxValue || (_validate != null && _skipValidationMs > 0);
        _idle = new Entry?[_maxSize];
        // Timers and the meter hold the pool weakly: an undisposed pool can be collected.
        _weakSelf = new WeakReference<ConnectionPool<T>>(this);
        var tags = new KeyValuePair<string, object?>[1 + (options.MetricTags?.Length ?? 0)];
        tags[0] = new KeyValuePair<string, object?>("pool.name", Name);
        options.MetricTags?.CopyTo(tags, 1);
        _metrics = new PoolMetrics(this, tags, options.MeterFactory);

        long period = options.EvictionInterval > TimeSpan.Zero && options.EvictionInterval != Timeout.InfiniteTimeSpan
            ? (long)options.EvictionInterval.TotalMilliseconds
            : Math.Max(10, Math.Min(1000, Math.Min(_idleTimeoutMs, _maxLifetimeMs) / 4));
        _maintenanceTimer = _time.CreateTimer(s_onMaintenanceTimer, _weakSelf, _minSize > 0 ? 0 : period, period);
    }

    /// <summary>The pool's name (metrics tag and exception messages).</summary>
    public string Name { get; }

    /// <summary>Idle connections.</summary>
    public int Idle => Volatile.Read(ref _idleCount);

    /// <summary>Connections rented out.</summary>
    public int InUse => Volatile.Read(ref _inUse);

    /// <summary>Renters waiting for a connection.</summary>
    public int Waiting => Volatile.Read(ref _waiting);

    /// <summary>Connections alive or being created.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>The maximum number of connections.</summary>
    public int MaxSize => _maxSize;

    /// <summary>
    /// Rents a connection: an idle one (validated unless used recently), a new one while below
    /// <see cref="ConnectionPoolOptions{T}.MaxSize"/>, or the next one returned, first come first served.
    /// </summary>
    /// <exception cref="TimeoutException">No connection within <see cref="ConnectionPoolOptions{T}.AcquireTimeout"/>.</exception>
    /// <exception cref="ConnectionPoolExhaustedException">The waiter queue is full.</exception>
    /// <exception cref="ObjectDisposedException">The pool was disposed.</exception>
    public ValueTask<PooledConnection<T>> RentAsync(CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return new ValueTask<PooledConnection<T>>(Task.FromCanceled<PooledConnection<T>>(cancellationToken));
        }

        long startTimestamp = _metrics.StartAcquire();

        // The clock is read only when a lifetime must be checked: idle eviction is the timer's job.
        long now = _maxLifetimeMs != long.MaxValue ? _time.NowMs : 0;
        Entry? entry = null;
        Entry? destroy = null;
        Waiter? waiter = null;
        lock (_lock)
        {
            if (!_disposed)
            {
                if (_waiting == 0 && (entry = TakeIdleLocked(now, ref destroy)) != null)
                {
                    _inUse++;
                }
                else if (_count >= _maxSize && _validate == null && _waiting < _maxWaiters)
                {
                    // Everything is in use: queue up here, without an async state machine.
                    waiter = EnqueueLocked(Clock.AddSaturating(_time.NowMs, _acquireTimeoutMs), startTimestamp, cancellationToken);
                }
            }
        }

        DestroyInBackground(destroy);
        if (waiter != null)
        {
            return waiter.AsValueTask();
        }

        if (entry != null && !NeedsValidation(entry))
        {
            _metrics.EndAcquire(startTimestamp);
            return new ValueTask<PooledConnection<T>>(entry.NextLease());
        }

        ValueTask<PooledConnection<T>> slow = RentSlowAsync(entry, _time.NowMs, startTimestamp, cancellationToken);

        // A pending async-method ValueTask read synchronously throws and its lease would be lost when the method
        // completes; a Task makes such a misuse block instead. Only rents that really wait pay for the Task.
        return slow.IsCompleted ? slow : new ValueTask<PooledConnection<T>>(slow.AsTask());
    }

    /// <summary>
    /// Stops the pool: waiting and new rents fail with <see cref="ObjectDisposedException"/>, idle connections are
    /// destroyed now, rented ones when they are returned.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        Entry? idle = null;
        Waiter? waiters = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            while (_idleCount > 0)
            {
                Entry e = PopIdleLocked(fromBack: false);
                e.Next = idle;
                idle = e;
                _count--;
            }

            while (_head != null)
            {
                Waiter w = DequeueLocked();
                w.Next = waiters;
                waiters = w;
            }
        }

        _maintenanceTimer.Dispose();
        _waiterTimer?.Dispose();
        while (waiters != null)
        {
            Waiter w = waiters;
            waiters = w.Next;
            w.Fail(new ObjectDisposedException(Name, "The connection pool was disposed."));
        }

        var tasks = new System.Collections.Generic.List<Task>();
        for (Entry? e = idle; e != null; e = e.Next)
        {
            tasks.Add(DestroyAsync(e));
        }

        await Task.WhenAll(tasks).ConfigureAwait(false);
        _metrics.Dispose();
    }

    private TimeoutException CreateTimeoutException(bool includeCreation)
    {
        // Read without the lock when called outside it: the figures are for the message only.
        string what = includeCreation ? "creating a connection" : "waiting for a connection";
        return new TimeoutException(
            $"Timed out after {_acquireTimeoutMs} ms {what} from pool '{Name}': {_inUse} in use, {_idleCount} idle, {_count} total (MaxSize={_maxSize}, MinSize={_minSize}); {_waiting} renters were waiting (MaxWaiters={_maxWaiters}).");
    }

    /// <summary>Work decided under the lock and run after it is released.</summary>
    private struct Deferred
    {
        public Waiter? Served;
        public Waiter? Failed;
        public Exception? FailedWith;
        public int Creates;
        public Entry? Destroy;
    }

    private void RunDeferred(ref Deferred deferred)
    {
        for (Waiter? w = deferred.Served; w != null;)
        {
            Waiter? next = w.Next;
            Entry entry = w.Entry!;
            w.Next = null;
            w.Entry = null;
            PooledConnection<T> lease = entry.NextLease();
            _metrics.EndAcquire(w.StartTimestamp);
            w.Complete(lease);
            w = next;
        }

        for (Waiter? w = deferred.Failed; w != null;)
        {
            Waiter? next = w.Next;
            w.Next = null;
            w.Fail(deferred.FailedWith!);
            w = next;
        }

        for (int i = 0; i < deferred.Creates; i++)
        {
            _ = CreateInBackgroundAsync();
        }

        DestroyInBackground(deferred.Destroy);
    }
}
