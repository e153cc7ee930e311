using System;
using System.Threading;

namespace ConnHygiene.Runtime;

/// <content>The maintenance timer: idle and lifetime eviction, the coarse clock of the return path, and the MinSize refill.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    private static readonly TimerCallback s_onMaintenanceTimer = OnMaintenanceTimer;
    private readonly ITimer _maintenanceTimer;

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
                    PushIdleLocked(e);
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
}
