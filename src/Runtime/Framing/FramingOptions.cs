using System;
using System.Threading;

namespace ConnHygiene.Runtime.Framing;

/// <summary>Settings of <see cref="FrameReader"/>, <see cref="FrameWriter"/> and <see cref="FramedConnection"/>.</summary>
public sealed class FramingOptions
{
    /// <summary>Largest payload accepted or sent; checked from the header before any allocation. Default 4 MiB.</summary>
    public int MaxFrameSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Once a frame's first byte has arrived, the whole frame must arrive within this time (against slow senders). Default 30 s.</summary>
    public TimeSpan FrameReadTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Initial read buffer; it grows (up to the largest frame seen) only for frames that do not fit. Default 16 KiB.</summary>
    public int ReadBufferSize { get; set; } = 16 * 1024;

    /// <summary>Write buffer: frames that fit are sent with one write. Default 16 KiB.</summary>
    public int WriteBufferSize { get; set; } = 16 * 1024;

    /// <summary>A <see cref="FramedConnection"/> that received nothing for this long sends a heartbeat. Default 15 s; infinite turns heartbeats off.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Heartbeats left unanswered (nothing at all received) before the peer is declared dead. Default 3.</summary>
    public int MaxMissedHeartbeats { get; set; } = 3;

    /// <summary>The clock and timers of the frame read deadline and the heartbeats. Default (null): <see cref="System.TimeProvider.System"/>.</summary>
    public TimeProvider? TimeProvider { get; set; }

    /// <summary>Incoming data frames buffered before the connection stops reading. Default 1024.</summary>
    public int ReceiveQueueCapacity { get; set; } = 1024;

    internal static readonly FramingOptions Default = new();

    internal void Validate()
    {
        if (MaxFrameSize <= 0 || MaxFrameSize > MaxAllowedFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxFrameSize), MaxFrameSize, $"MaxFrameSize must be between 1 and {MaxAllowedFrameSize}.");
        }

        Internal.Guard.PositiveOrInfinite(FrameReadTimeout, nameof(FrameReadTimeout));
        Internal.Guard.PositiveOrInfinite(HeartbeatInterval, nameof(HeartbeatInterval));
        Internal.Guard.InRange(ReadBufferSize, 64, 1 << 24, nameof(ReadBufferSize));
        Internal.Guard.InRange(WriteBufferSize, 64, 1 << 24, nameof(WriteBufferSize));
        Internal.Guard.InRange(MaxMissedHeartbeats, 1, 1000, nameof(MaxMissedHeartbeats));
        Internal.Guard.InRange(ReceiveQueueCapacity, 1, int.MaxValue, nameof(ReceiveQueueCapacity));
    }

    /// <summary>The largest value <see cref="MaxFrameSize"/> may take (1 GiB).</summary>
    public const int MaxAllowedFrameSize = 1 << 30;

    internal bool HeartbeatsEnabled => HeartbeatInterval != Timeout.InfiniteTimeSpan;
}
