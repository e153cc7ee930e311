using System.Diagnostics;

namespace ConnHygiene.Runtime.Internal;

/// <summary>A cheap monotonic millisecond clock.</summary>
internal static class Clock
{
#if NET
    public static long NowMs => System.Environment.TickCount64;
#else
    private static readonly double s_msPerTick = 1000.0 / Stopwatch.Frequency;

    public static long NowMs => (long)(Stopwatch.GetTimestamp() * s_msPerTick);
#endif

    /// <summary>Milliseconds of a timeout, or <see cref="long.MaxValue"/> for an infinite one.</summary>
    public static long ToMs(System.TimeSpan timeout) =>
        timeout == System.Threading.Timeout.InfiniteTimeSpan ? long.MaxValue : (long)timeout.TotalMilliseconds;

    public static long AddSaturating(long now, long ms) => ms == long.MaxValue || now > long.MaxValue - ms ? long.MaxValue : now + ms;
}
