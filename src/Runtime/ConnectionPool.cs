using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;
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
    private readonly Random _random = new();
    private readonly PoolMetrics _metrics;
    private readonly ITimer _maintenanceTimer;
    private readonly TimeSource _time;
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
    private ITimer? _waiterTimer;
    private Waiter? _freeWaiters; // bounded by the peak number of waiters, itself at most MaxWaiters
    private bool _waiterTimerArmed;
    private bool _disposed;
    private long _coarseNowMs; // refreshed by every maintenance tick
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
        _maintenanceTimer = _time.CreateTimer(s_onMaintenanceTimer, _weakSelf, _minSize > 0 ? 0 : period, period);
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
        // Idle eviction only needs the timer's coarse clock; lifetimes and validation windows read the real one.
        long now = _preciseReturnTime ? _time.NowMs : Volatile.Read(ref _coarseNowMs);
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

    private bool NeedsValidation(Entry entry) =>
        _validate != null && (_skipValidationMs == 0 || _time.NowMs - entry.LastUsedMs >= _skipValidationMs);

    private async ValueTask<PooledConnection<T>> RentSlowAsync(Entry? candidate, long startMs, long startTimestamp, CancellationToken cancellationToken)
    {
        long deadline = Clock.AddSaturating(startMs, _acquireTimeoutMs);
        while (true)
        {
            if (candidate != null)
            {
                if (!NeedsValidation(candidate) || await ValidateAsync(candidate, cancellationToken).ConfigureAwait(false))
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
                long now = _time.NowMs;
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
                PooledConnection<T> lease = await waiter.AsValueTask().ConfigureAwait(false);
                if (!NeedsValidation(lease.Entry!))
                {
                    return lease;
                }

                Entry served = lease.Entry!;
                served.EndLease();
                if (await ValidateAsync(served, cancellationToken).ConfigureAwait(false))
                {
                    return served.NextLease();
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
        CancellationTokenSource? linkedSource = null;
        CancellationToken token = cancellationToken;
        if (deadline != long.MaxValue)
        {
            timeoutSource = _time.CancelAfter(TimeSpan.FromMilliseconds(Math.Max(1, deadline - _time.NowMs)));
            token = timeoutSource.Token;
            if (cancellationToken.CanBeCanceled)
            {
                linkedSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, token);
                token = linkedSource.Token;
            }
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
                    RecordFailureLocked(error, _time.NowMs);
                }

                PumpLocked(_time.NowMs, ref deferred);
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
            linkedSource?.Dispose();
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
        using (CancellationTokenSource timeoutSource = _acquireTimeoutMs != long.MaxValue ? _time.CancelAfter(TimeSpan.FromMilliseconds(_acquireTimeoutMs)) : new CancellationTokenSource())
        {
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
            long now = _time.NowMs;
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
        long now = _time.NowMs;
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

    /// <summary>Pops an idle entry, destroying those past their lifetime (<paramref name="now"/> is read only when a lifetime is set).</summary>
    private Entry? TakeIdleLocked(long now, ref Entry? destroy)
    {
        while (_idleCount > 0)
        {
            Entry e = PopIdleLocked(_lifo);
            if (now < e.ExpiresMs)
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
        Waiter w = RentWaiterLocked();
        w.Deadline = deadline;
        w.StartTimestamp = startTimestamp;
        w.Next = null;
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
            ArmWaiterTimerLocked(deadline - _time.NowMs);
        }

        if (cancellationToken.CanBeCanceled)
        {
            w.Token = cancellationToken;
            w.Registration = cancellationToken.Register(s_onWaiterCanceled, w);
        }

        return w;
    }

    /// <summary>A recycled waiter (see <see cref="Waiter.GetResult"/>) or a new one.</summary>
    private Waiter RentWaiterLocked()
    {
        // Pops happen only under the pool lock, pushes anywhere: a single popper makes this Treiber stack ABA-safe.
        while (true)
        {
            Waiter? head = Volatile.Read(ref _freeWaiters);
            if (head == null)
            {
                return new Waiter(this);
            }

            if (Interlocked.CompareExchange(ref _freeWaiters, head.NextFree, head) == head)
            {
                head.NextFree = null;
                return head;
            }
        }
    }

    private void RecycleWaiter(Waiter waiter)
    {
        while (true)
        {
            Waiter? head = Volatile.Read(ref _freeWaiters);
            waiter.NextFree = head;
            if (Interlocked.CompareExchange(ref _freeWaiters, waiter, head) == head)
            {
                return;
            }
        }
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
        _waiterTimer ??= _time.CreateTimer(s_onWaiterTimer, _weakSelf, Timeout.Infinite, Timeout.Infinite);
        _waiterTimer.Change(TimeSpan.FromMilliseconds(Math.Max(1, Math.Min(dueMs, int.MaxValue - 1))), Timeout.InfiniteTimeSpan);
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
            w.Canceled();
        }
    }

    /// <summary>
    /// Withdraws a waiter whose result is read before it completed. True when it was still queued (nobody will
    /// complete it now); otherwise the party that dequeued it is completing it, and this waits until it has.
    /// </summary>
    private bool TryAbandon(Waiter w)
    {
        lock (_lock)
        {
            if (w.InQueue)
            {
                RemoveLocked(w);
                return true;
            }
        }

        // Whoever removed the waiter under the lock completes it right after releasing the lock.
        var spin = default(SpinWait);
        while (w.GetStatus(w.Version) == ValueTaskSourceStatus.Pending)
        {
            spin.SpinOnce();
        }

        return false;
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
            long now = _time.NowMs;
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

            long now = _time.NowMs;
            Volatile.Write(ref _coarseNowMs, now);
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

    /// <summary>
    /// A pooled connection and the state of its current lease: <c>(generation &lt;&lt; 2) | state</c>. Each rent starts a
    /// new generation, so a <see cref="PooledConnection{T}"/> of an earlier rent no longer matches and can do nothing.
    /// </summary>
    internal sealed class Entry
    {
        private const long Released = 0;
        private const long Active = 1;
        private const long ActiveInvalidated = 2;
        private const long StateMask = 3;

        private long _lease;

        public Entry(ConnectionPool<T> pool, T value, long createdMs, long expiresMs)
        {
            Pool = pool;
            Value = value;
            CreatedMs = createdMs;
            ExpiresMs = expiresMs;
            LastUsedMs = createdMs;
        }

        public ConnectionPool<T> Pool { get; }

        public T Value { get; }

        public long CreatedMs { get; }

        public long ExpiresMs { get; }

        public long LastUsedMs { get; set; }

        public Entry? Next { get; set; }

        /// <summary>Starts a new rent. Called only by the single owner of the entry (the renter it is handed to).</summary>
        public PooledConnection<T> NextLease()
        {
            long generation = (Volatile.Read(ref _lease) >> 2) + 1;
            Volatile.Write(ref _lease, (generation << 2) | Active);
            return new PooledConnection<T>(this, generation);
        }

        /// <summary>Ends the current rent without returning the entry (its owner goes on with it, e.g. to validate it).</summary>
        public void EndLease() => Volatile.Write(ref _lease, Volatile.Read(ref _lease) & ~StateMask);

        public bool IsLeasedAs(long generation)
        {
            long lease = Volatile.Read(ref _lease);
            return lease >> 2 == generation && (lease & StateMask) != Released;
        }

        public bool IsInvalidatedAs(long generation) => Volatile.Read(ref _lease) == ((generation << 2) | ActiveInvalidated);

        public void Invalidate(long generation) =>
            Interlocked.CompareExchange(ref _lease, (generation << 2) | ActiveInvalidated, (generation << 2) | Active);

        /// <summary>Ends rent <paramref name="generation"/> if it is the current one and still active; false for a stale lease.</summary>
        public bool TryRelease(long generation, out bool invalidated)
        {
            while (true)
            {
                long lease = Volatile.Read(ref _lease);
                if (lease >> 2 != generation || (lease & StateMask) == Released)
                {
                    invalidated = false;
                    return false;
                }

                if (Interlocked.CompareExchange(ref _lease, generation << 2, lease) == lease)
                {
                    invalidated = (lease & StateMask) == ActiveInvalidated;
                    return true;
                }
            }
        }
    }

    /// <summary>
    /// A renter waiting in the queue: a reusable <see cref="IValueTaskSource{TResult}"/>, so waiting allocates nothing
    /// once the pool has warmed up. Exactly one party completes it: whoever removed it from the queue under the lock.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<PooledConnection<T>>
    {
        private ManualResetValueTaskSourceCore<PooledConnection<T>> _core;

        public Waiter(ConnectionPool<T> pool)
        {
            Pool = pool;
            _core.RunContinuationsAsynchronously = true;
        }

        public ConnectionPool<T> Pool { get; }

        public long Deadline { get; set; }

        public long StartTimestamp { get; set; }

        public Waiter? Prev { get; set; }

        public Waiter? Next { get; set; }

        public Waiter? NextFree { get; set; }

        public bool InQueue { get; set; }

        public Entry? Entry { get; set; }

        public CancellationToken Token { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public short Version => _core.Version;

        public ValueTask<PooledConnection<T>> AsValueTask() => new(this, _core.Version);

        public void Complete(PooledConnection<T> lease)
        {
            DisposeRegistration();
            _core.SetResult(lease);
        }

        public void Fail(Exception error)
        {
            DisposeRegistration();
            _core.SetException(error);
        }

        /// <summary>Called from the token's own callback (the registration ends with it).</summary>
        public void Canceled() => _core.SetException(new OperationCanceledException(Token));

        public PooledConnection<T> GetResult(short token)
        {
            if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending && Pool.TryAbandon(this))
            {
                // Read before completion (sync-over-async on a ValueTask): the waiter left the queue, so nothing
                // will complete it and it can be recycled; the caller gets ValueTask's own error.
                DisposeRegistration();
                Recycle();
                throw new InvalidOperationException("The rent is still waiting for a connection: await the ValueTask (or call AsTask()) instead of reading its result before it completes. The rent was withdrawn.");
            }

            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                Recycle();
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        private void Recycle()
        {
            _core.Reset();
            Token = default;
            Registration = default;
            Entry = null;
            Pool.RecycleWaiter(this);
        }

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        /// <summary>
        /// Waits for a cancellation callback running on another thread to finish, so the waiter can be reused safely.
        /// Never called under the pool lock (the callback takes it).
        /// </summary>
        private void DisposeRegistration()
        {
            Registration.Dispose();
            Registration = default;
        }
    }
}
