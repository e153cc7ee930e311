using System;
using System.Threading;
using System.Threading.Tasks.Sources;

namespace ConnHygiene.Runtime;

/// <content>The first-come first-served queue of waiting renters: a linked list under the pool lock, a free list of recycled waiters, one timer for acquire timeouts, cancellation, and the withdrawal of a waiter read before it completed.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    private static readonly Action<object?> s_onWaiterCanceled = OnWaiterCanceled;
    private static readonly TimerCallback s_onWaiterTimer = OnWaiterTimer;

    // Guarded by _lock (the free list excepted: see RentWaiterLocked).
    private Waiter? _head;
    private Waiter? _tail;
    private int _waiting;
    private ITimer? _waiterTimer;
    private Waiter? _freeWaiters; // bounded by the peak number of waiters, itself at most MaxWaiters
    private bool _waiterTimerArmed;

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
}
