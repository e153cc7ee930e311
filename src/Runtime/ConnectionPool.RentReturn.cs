using System;
using System.Runtime.ExceptionServices;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Internal;

namespace ConnHygiene.Runtime;

/// <content>The rent slow path (validation, creation for the renter, queueing) and the return path with its direct hand-off to the oldest waiter.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
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
            PushIdleLocked(entry);
        }
    }
}
