using System;
using System.Threading;
#if !NET8_0_OR_GREATER
using System.Threading.Tasks;
#endif

namespace ConnHygiene.Runtime.Internal;

/// <summary>
/// The clock and timers of one component: the cheap <see cref="Clock"/> for <see cref="TimeProvider.System"/>, the
/// given <see cref="TimeProvider"/> otherwise (tests drive a fake one). All times of one component come from one source.
/// </summary>
internal readonly struct TimeSource
{
    private readonly TimeProvider? _custom;
    private readonly long _ticksPerMs;

    public TimeSource(TimeProvider? provider)
    {
        _custom = provider is null || ReferenceEquals(provider, TimeProvider.System) ? null : provider;
        _ticksPerMs = _custom is null ? 0 : Math.Max(1, _custom.TimestampFrequency / 1000);
    }

    public TimeProvider Provider => _custom ?? TimeProvider.System;

    /// <summary>Monotonic milliseconds (only differences between two readings mean anything).</summary>
    public long NowMs => _custom is null ? Clock.NowMs : _custom.GetTimestamp() / _ticksPerMs;

    public ITimer CreateTimer(TimerCallback callback, object? state, long dueMs, long periodMs) =>
        Provider.CreateTimer(callback, state, Span(dueMs), Span(periodMs));

    /// <summary>A source that cancels itself after <paramref name="delay"/> on this clock.</summary>
    public CancellationTokenSource CancelAfter(TimeSpan delay)
    {
        if (_custom is null)
        {
            var source = new CancellationTokenSource();
            source.CancelAfter(delay);
            return source;
        }

#if NET8_0_OR_GREATER
        return new CancellationTokenSource(delay, _custom);
#else
        return _custom.CreateCancellationTokenSource(delay);
#endif
    }

    /// <summary>Milliseconds as a timer period: <see cref="Timeout.InfiniteTimeSpan"/> for infinite or negative.</summary>
    public static TimeSpan Span(long ms) => ms < 0 || ms == long.MaxValue || ms == Timeout.Infinite ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(ms);
}
