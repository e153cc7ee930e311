using System;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Internal;

namespace ConnHygiene.Runtime;

/// <content>Creating and destroying connections: for a renter or in the background, lifetime jitter, and the back-off after the factory fails.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    private readonly Random _random = new();
    private int _backgroundCreates;
    private Exception? _lastCreateError;
    private long _backoffUntilMs;
    private int _consecutiveFailures;

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
}
