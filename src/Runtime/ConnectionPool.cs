using System;
using System.Runtime.ExceptionServices;
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
public sealed class ConnectionPool<T> : IAsyncDisposable
    where T : class
{
    private static readonly Action<object?> s_onWaiterCanceled = OnWaiterCanceled;
    private static readonly TimerCallback s_onWaiterTimer = OnWaiterTimer;
    private static readonly TimerCallback s_onMaintenanceTimer = OnMaintenanceTimer;

    private readonly object _lock = new();
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
    private readonly Random _random = new();
    private readonly PoolMetrics _metrics;
    private readonly Timer _maintenanceTimer;
    private readonly WeakReference<ConnectionPool<T>> _weakSelf;

    // All below guarded by _lock.
    private readonly Entry?[] _idle;
    private int _idleHead;
    private int _idleCount;
    private int _count;            // connections alive or being created
    private int _inUse;
    private int _backgroundCreates;
    private Waiter? _head;
    private Waiter? _tail;
    private int _waiting;
    private Timer? _waiterTimer;
    private bool _waiterTimerArmed;
    private bool _disposed;
    private Exception? _lastCreateError;
    private long _backoffUntilMs;
    private int _consecutiveFailures;

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
        RecycleLeases = options.RecycleLeases;
        _idle = new Entry?[_maxSize];
        // The meter is process-global: its callbacks must not keep an undisposed pool alive.
        _weakSelf = new WeakReference<ConnectionPool<T>>(this);
        WeakReference<ConnectionPool<T>> weak = _weakSelf;
        _metrics = new PoolMetrics(
            Name,
            () => weak.TryGetTarget(out ConnectionPool<T>? p) ? p.Idle : 0,
            () => weak.TryGetTarget(out ConnectionPool<T>? p) ? p.InUse : 0,
            () => weak.TryGetTarget(out ConnectionPool<T>? p) ? p.Waiting : 0);

        long period = options.EvictionInterval > TimeSpan.Zero && options.EvictionInterval != Timeout.InfiniteTimeSpan
            ? (long)options.EvictionInterval.TotalMilliseconds
            : Math.Max(10, Math.Min(1000, Math.Min(_idleTimeoutMs, _maxLifetimeMs) / 4));
        _maintenanceTimer = new Timer(s_onMaintenanceTimer, _weakSelf, _minSize > 0 ? 0 : period, period);
    }

    /// <summary>Releases the pool's meter when the pool was never disposed.</summary>
    ~ConnectionPool()
    {
        if (_metrics is { } metrics)
        {
            metrics.Dispose(); // null when the constructor threw on bad options
        }
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

    internal bool RecycleLeases { get; }

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
        long now = Clock.NowMs;
        Entry? entry = null;
        Entry? destroy = null;
        lock (_lock)
        {
            if (!_disposed && _waiting == 0)
            {
                entry = TakeIdleLocked(now, ref destroy);
                if (entry != null)
                {
                    _inUse++;
                }
            }
        }

        DestroyInBackground(destroy);
        if (entry != null && !NeedsValidation(entry, now))
        {
            _metrics.EndAcquire(startTimestamp);
            return new ValueTask<PooledConnection<T>>(entry.NextLease());
        }

        return RentSlowAsync(entry, now, startTimestamp, cancellationToken);
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
        GC.SuppressFinalize(this);
    }

    internal void Return(Entry entry, bool invalidate)
    {
        var deferred = default(Deferred);
        ReturnLocked(entry, invalidate, ref deferred);
        RunDeferred(ref deferred);
    }

    internal ValueTask ReturnAsync(Entry entry, bool invalidate)
    {
        var deferred = default(Deferred);
        ReturnLocked(entry, invalidate, ref deferred);
        Entry? destroy = deferred.Destroy;
        deferred.Destroy = null;
        RunDeferred(ref deferred);
        return destroy == null ? default : new ValueTask(DestroyAsync(destroy));
    }

    private void ReturnLocked(Entry entry, bool invalidate, ref Deferred deferred)
    {
        long now = Clock.NowMs;
        lock (_lock)
        {
            _inUse--;
            if (_disposed || invalidate || now >= entry.ExpiresMs)
            {
                _count--;
                entry.Next = deferred.Destroy;
                deferred.Destroy = entry;
                PumpLocked(now, ref deferred);
            }
            else
            {
                entry.LastUsedMs = now;
                HandOffOrIdleLocked(entry, ref deferred);
            }
        }
    }

    private bool NeedsValidation(Entry entry, long now) => _validate != null && now - entry.LastUsedMs >= _skipValidationMs;

    private async ValueTask<PooledConnection<T>> RentSlowAsync(Entry? candidate, long startMs, long startTimestamp, CancellationToken cancellationToken)
    {
        long deadline = Clock.AddSaturating(startMs, _acquireTimeoutMs);
        while (true)
        {
            if (candidate != null)
            {
                if (!NeedsValidation(candidate, Clock.NowMs) || await ValidateAsync(candidate, cancellationToken).ConfigureAwait(false))
                {
                    _metrics.EndAcquire(startTimestamp);
                    return candidate.NextLease();
                }

                candidate = null;
            }

            Waiter? waiter = null;
            bool create = false;
            Exception? fail = null;
            var deferred = default(Deferred);
            lock (_lock)
            {
                long now = Clock.NowMs;
                if (_disposed)
                {
                    fail = new ObjectDisposedException(Name, "The connection pool was disposed.");
                }
                else if (_waiting == 0 && (candidate = TakeIdleLocked(now, ref deferred.Destroy)) != null)
                {
                    _inUse++;
                }
                else if (_count < _maxSize && _waiting == 0 && !(_lastCreateError != null && now < _backoffUntilMs && _inUse + _backgroundCreates > 0))
                {
                    if (_lastCreateError != null && now < _backoffUntilMs)
                    {
                        // Creation is backing off and no connection in use could come back: fail fast.
                        fail = _lastCreateError;
                    }
                    else
                    {
                        _count++;
                        create = true;
                    }
                }
                else if (_waiting >= _maxWaiters)
                {
                    fail = new ConnectionPoolExhaustedException(
                        $"Pool '{Name}' refused a rent: {_waiting} renters are already waiting (MaxWaiters={_maxWaiters}); all {_count} connections are in use (MaxSize={_maxSize}, MinSize={_minSize}).");
                }
                else
                {
                    waiter = EnqueueLocked(deadline, startTimestamp, cancellationToken);
                    PumpLocked(now, ref deferred);
                }
            }

            RunDeferred(ref deferred);
            if (fail != null)
            {
                ExceptionDispatchInfo.Capture(fail).Throw();
            }

            if (create)
            {
                return await CreateForRenterAsync(deadline, startTimestamp, cancellationToken).ConfigureAwait(false);
            }

            if (waiter != null)
            {
                PooledConnection<T> lease = await waiter.Task.ConfigureAwait(false);
                if (!NeedsValidation(lease.Entry, Clock.NowMs))
                {
                    return lease;
                }

                // Validate under the same lease object, so the entry's two leases keep alternating per renter.
                lease.TryDeactivate();
                if (await ValidateAsync(lease.Entry, cancellationToken).ConfigureAwait(false))
                {
                    lease.Activate();
                    return lease;
                }
            }
        }
    }

    private async ValueTask<bool> ValidateAsync(Entry entry, CancellationToken cancellationToken)
    {
        bool valid;
        try
        {
            valid = await _validate!(entry.Value, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Return(entry, invalidate: false);
            throw;
        }
        catch (Exception)
        {
            valid = false;
        }

        if (!valid)
        {
            Return(entry, invalidate: true);
        }

        return valid;
    }

    private async ValueTask<PooledConnection<T>> CreateForRenterAsync(long deadline, long startTimestamp, CancellationToken cancellationToken)
    {
        CancellationTokenSource? timeoutSource = null;
        CancellationToken token = cancellationToken;
        if (deadline != long.MaxValue)
        {
            timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeoutSource.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, deadline - Clock.NowMs)));
            token = timeoutSource.Token;
        }

        T value;
        try
        {
            value = await _create(token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            bool userCanceled = cancellationToken.IsCancellationRequested;
            Exception error = !userCanceled && ex is OperationCanceledException && timeoutSource?.IsCancellationRequested == true
                ? CreateTimeoutException(includeCreation: true)
                : ex;
            var deferred = default(Deferred);
            lock (_lock)
            {
                _count--;
                if (!userCanceled)
                {
                    RecordFailureLocked(error, Clock.NowMs);
                }

                PumpLocked(Clock.NowMs, ref deferred);
            }

            RunDeferred(ref deferred);
            if (ReferenceEquals(error, ex))
            {
                throw;
            }

            throw error;
        }
        finally
        {
            timeoutSource?.Dispose();
        }

        Entry entry = NewEntry(value);
        bool disposed;
        lock (_lock)
        {
            RecordSuccessLocked();
            disposed = _disposed;
            if (disposed)
            {
                _count--;
            }
            else
            {
                _inUse++;
            }
        }

        if (disposed)
        {
            await DestroyAsync(entry).ConfigureAwait(false);
            throw new ObjectDisposedException(Name, "The connection pool was disposed.");
        }

        _metrics.EndAcquire(startTimestamp);
        return entry.NextLease();
    }

    private async Task CreateInBackgroundAsync()
    {
        Entry? entry = null;
        Exception? error = null;
        using (var timeoutSource = new CancellationTokenSource())
        {
            if (_acquireTimeoutMs != long.MaxValue)
            {
                timeoutSource.CancelAfter(TimeSpan.FromMilliseconds(_acquireTimeoutMs));
            }

            try
            {
                entry = NewEntry(await _create(timeoutSource.Token).ConfigureAwait(false));
            }
            catch (Exception ex)
            {
                error = ex is OperationCanceledException && timeoutSource.IsCancellationRequested ? CreateTimeoutException(includeCreation: true) : ex;
            }
        }

        var deferred = default(Deferred);
        lock (_lock)
        {
            _backgroundCreates--;
            long now = Clock.NowMs;
            if (entry == null)
            {
                _count--;
                RecordFailureLocked(error!, now);
                PumpLocked(now, ref deferred);
            }
            else
            {
                RecordSuccessLocked();
                entry.LastUsedMs = now;
                HandOffOrIdleLocked(entry, ref deferred);
            }
        }

        RunDeferred(ref deferred);
    }

    private Entry NewEntry(T value)
    {
        long now = Clock.NowMs;
        long expires = long.MaxValue;
        if (_maxLifetimeMs != long.MaxValue)
        {
            double r;
            lock (_random)
            {
                r = _random.NextDouble();
            }

            expires = Clock.AddSaturating(now, _maxLifetimeMs - (long)(_maxLifetimeMs * _lifetimeJitter * r));
        }

        _metrics.Created();
        return new Entry(this, value, now, expires);
    }

    private void RecordFailureLocked(Exception error, long now)
    {
        _lastCreateError = error;
        _consecutiveFailures++;
        long delay = _retryDelayMs;
        for (int i = 1; i < _consecutiveFailures && delay < _maxRetryDelayMs; i++)
        {
            delay *= 2;
        }

        _backoffUntilMs = Clock.AddSaturating(now, Math.Min(delay, _maxRetryDelayMs));
    }

    private void RecordSuccessLocked()
    {
        _lastCreateError = null;
        _consecutiveFailures = 0;
        _backoffUntilMs = 0;
    }

    /// <summary>Starts creations for waiters that free capacity can serve, or fails them while creation backs off.</summary>
    private void PumpLocked(long now, ref Deferred deferred)
    {
        while (!_disposed && _waiting > _backgroundCreates && _count < _maxSize)
        {
            if (_lastCreateError != null && now < _backoffUntilMs)
            {
                // Waiters that a connection now in use can still serve keep waiting; the newest others fail now.
                if (_waiting <= _inUse + _backgroundCreates)
                {
                    break;
                }

                Waiter w = _tail!;
                RemoveLocked(w);
                w.Next = deferred.Failed;
                deferred.Failed = w;
                deferred.FailedWith = _lastCreateError;
            }
            else
            {
                _count++;
                _backgroundCreates++;
                deferred.Creates++;
            }
        }
    }

    private void HandOffOrIdleLocked(Entry entry, ref Deferred deferred)
    {
        if (_disposed)
        {
            _count--;
            entry.Next = deferred.Destroy;
            deferred.Destroy = entry;
        }
        else if (_head != null)
        {
            Waiter w = DequeueLocked();
            _inUse++;
            w.Entry = entry;
            w.Next = deferred.Served;
            deferred.Served = w;
        }
        else
        {
            _idle[(_idleHead + _idleCount) % _idle.Length] = entry;
            _idleCount++;
        }
    }

    private Entry? TakeIdleLocked(long now, ref Entry? destroy)
    {
        while (_idleCount > 0)
        {
            Entry e = PopIdleLocked(_lifo);
            if (now < e.ExpiresMs && (_idleTimeoutMs == long.MaxValue || now - e.LastUsedMs < _idleTimeoutMs || _count <= _minSize))
            {
                return e;
            }

            _count--;
            e.Next = destroy;
            destroy = e;
        }

        return null;
    }

    private Entry PopIdleLocked(bool fromBack)
    {
        int index = fromBack ? (_idleHead + _idleCount - 1) % _idle.Length : _idleHead;
        Entry e = _idle[index]!;
        _idle[index] = null;
        _idleCount--;
        if (!fromBack)
        {
            _idleHead = (_idleHead + 1) % _idle.Length;
        }

        return e;
    }

    private Waiter EnqueueLocked(long deadline, long startTimestamp, CancellationToken cancellationToken)
    {
        var w = new Waiter(this, deadline, startTimestamp);
        w.Prev = _tail;
        if (_tail == null)
        {
            _head = w;
        }
        else
        {
            _tail.Next = w;
        }

        _tail = w;
        w.InQueue = true;
        _waiting++;
        if (deadline != long.MaxValue && !_waiterTimerArmed)
        {
            ArmWaiterTimerLocked(deadline - Clock.NowMs);
        }

        if (cancellationToken.CanBeCanceled)
        {
            w.Token = cancellationToken;
            w.Registration = cancellationToken.Register(s_onWaiterCanceled, w);
        }

        return w;
    }

    private Waiter DequeueLocked()
    {
        Waiter w = _head!;
        RemoveLocked(w);
        return w;
    }

    private void RemoveLocked(Waiter w)
    {
        if (w.Prev == null)
        {
            _head = w.Next;
        }
        else
        {
            w.Prev.Next = w.Next;
        }

        if (w.Next == null)
        {
            _tail = w.Prev;
        }
        else
        {
            w.Next.Prev = w.Prev;
        }

        w.Prev = null;
        w.Next = null;
        w.InQueue = false;
        _waiting--;
    }

    private void ArmWaiterTimerLocked(long dueMs)
    {
        _waiterTimer ??= new Timer(s_onWaiterTimer, _weakSelf, Timeout.Infinite, Timeout.Infinite);
        _waiterTimer.Change(Math.Max(1, Math.Min(dueMs, int.MaxValue - 1)), Timeout.Infinite);
        _waiterTimerArmed = true;
    }

    private static void OnWaiterCanceled(object? state)
    {
        var w = (Waiter)state!;
        ConnectionPool<T> pool = w.Pool;
        bool removed;
        lock (pool._lock)
        {
            removed = w.InQueue;
            if (removed)
            {
                pool.RemoveLocked(w);
            }
        }

        if (removed)
        {
            w.TrySetCanceled(w.Token);
        }
    }

    private static void OnWaiterTimer(object? state)
    {
        if (state is WeakReference<ConnectionPool<T>> weak && weak.TryGetTarget(out ConnectionPool<T>? pool))
        {
            pool.ExpireWaiters();
        }
    }

    private void ExpireWaiters()
    {
        Waiter? expired = null;
        TimeoutException? error = null;
        lock (_lock)
        {
            _waiterTimerArmed = false;
            long now = Clock.NowMs;
            if (_head != null && _head.Deadline <= now)
            {
                error = CreateTimeoutException(includeCreation: false);
            }

            while (_head != null && _head.Deadline <= now)
            {
                Waiter w = DequeueLocked();
                w.Next = expired;
                expired = w;
            }

            if (_head != null && _head.Deadline != long.MaxValue && !_disposed)
            {
                ArmWaiterTimerLocked(_head.Deadline - now);
            }
        }

        while (expired != null)
        {
            Waiter w = expired;
            expired = w.Next;
            w.Fail(error!);
        }
    }

    private static void OnMaintenanceTimer(object? state)
    {
        if (state is WeakReference<ConnectionPool<T>> weak && weak.TryGetTarget(out ConnectionPool<T>? pool))
        {
            pool.Maintain();
        }
    }

    /// <summary>Evicts idle and expired connections and refills <see cref="ConnectionPoolOptions{T}.MinSize"/>.</summary>
    internal void Maintain()
    {
        var deferred = default(Deferred);
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            long now = Clock.NowMs;
            for (int n = _idleCount; n > 0; n--)
            {
                Entry e = PopIdleLocked(fromBack: false);
                bool idleTooLong = _idleTimeoutMs != long.MaxValue && now - e.LastUsedMs >= _idleTimeoutMs && _count > _minSize;
                if (now >= e.ExpiresMs || idleTooLong)
                {
                    _count--;
                    e.Next = deferred.Destroy;
                    deferred.Destroy = e;
                }
                else
                {
                    _idle[(_idleHead + _idleCount) % _idle.Length] = e;
                    _idleCount++;
                }
            }

            while (_count < _minSize && !(_lastCreateError != null && now < _backoffUntilMs))
            {
                _count++;
                _backgroundCreates++;
                deferred.Creates++;
            }

            PumpLocked(now, ref deferred);
        }

        RunDeferred(ref deferred);
    }

    private TimeoutException CreateTimeoutException(bool includeCreation)
    {
        // Read without the lock when called outside it: the figures are for the message only.
        string what = includeCreation ? "creating a connection" : "waiting for a connection";
        return new TimeoutException(
            $"Timed out after {_acquireTimeoutMs} ms {what} from pool '{Name}': {_inUse} in use, {_idleCount} idle, {_count} total (MaxSize={_maxSize}, MinSize={_minSize}); {_waiting} renters were waiting (MaxWaiters={_maxWaiters}).");
    }

    private void RunDeferred(ref Deferred deferred)
    {
        for (Waiter? w = deferred.Served; w != null;)
        {
            Waiter? next = w.Next;
            Entry entry = w.Entry!;
            w.Next = null;
            w.Entry = null;
            w.DisposeRegistration();
            PooledConnection<T> lease = entry.NextLease();
            _metrics.EndAcquire(w.StartTimestamp);
            if (!w.TrySetResult(lease))
            {
                lease.TryDeactivate();
                Return(entry, invalidate: false);
            }

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

    private void DestroyInBackground(Entry? chain)
    {
        while (chain != null)
        {
            Entry e = chain;
            chain = e.Next;
            e.Next = null;
            _ = DestroyAsync(e);
        }
    }

    private async Task DestroyAsync(Entry entry)
    {
        try
        {
            await _destroy(entry.Value).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // A failing destroy must not take the pool down; the connection is gone from the pool either way.
        }
        finally
        {
            _metrics.Destroyed();
        }
    }

    private static ValueTask DefaultDestroy(T value)
    {
        if (value is IAsyncDisposable asyncDisposable)
        {
            return asyncDisposable.DisposeAsync();
        }

        (value as IDisposable)?.Dispose();
        return default;
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

    /// <summary>A pooled connection and its two recycled leases.</summary>
    internal sealed class Entry
    {
        private readonly ConnectionPool<T> _pool;
        private PooledConnection<T>? _leaseA;
        private PooledConnection<T>? _leaseB;
        private bool _flip;

        public Entry(ConnectionPool<T> pool, T value, long createdMs, long expiresMs)
        {
            _pool = pool;
            Value = value;
            CreatedMs = createdMs;
            ExpiresMs = expiresMs;
            LastUsedMs = createdMs;
        }

        public T Value { get; }

        public long CreatedMs { get; }

        public long ExpiresMs { get; }

        public long LastUsedMs { get; set; }

        public Entry? Next { get; set; }

        /// <summary>Called by the single owner of the entry (the renter it is handed to).</summary>
        public PooledConnection<T> NextLease()
        {
            PooledConnection<T> lease;
            if (!_pool.RecycleLeases)
            {
                lease = new PooledConnection<T>(_pool, this);
            }
            else
            {
                _flip = !_flip;
                lease = _flip ? _leaseA ??= new PooledConnection<T>(_pool, this) : _leaseB ??= new PooledConnection<T>(_pool, this);
            }

            lease.Activate();
            return lease;
        }
    }

    /// <summary>A renter waiting in the queue.</summary>
    private sealed class Waiter : TaskCompletionSource<PooledConnection<T>>
    {
        public Waiter(ConnectionPool<T> pool, long deadline, long startTimestamp)
            : base(TaskCreationOptions.RunContinuationsAsynchronously)
        {
            Pool = pool;
            Deadline = deadline;
            StartTimestamp = startTimestamp;
        }

        public ConnectionPool<T> Pool { get; }

        public long Deadline { get; }

        public long StartTimestamp { get; }

        public Waiter? Prev { get; set; }

        public Waiter? Next { get; set; }

        public bool InQueue { get; set; }

        public Entry? Entry { get; set; }

        public CancellationToken Token { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public void DisposeRegistration()
        {
#if NET
            Registration.Unregister();
#else
            Registration.Dispose();
#endif
        }

        public void Fail(Exception error)
        {
            DisposeRegistration();
            TrySetException(error);
        }
    }
}
