using System;

namespace ConnHygiene.Runtime.Framing;

/// <summary>
/// A decoded frame. <see cref="Payload"/> points into the reader's buffer and is valid until the next read:
/// copy it to keep it.
/// </summary>
public readonly struct Frame
{
    /// <summary>Size of the header: type byte + 4-byte big-endian payload length (the shape of gRPC's prefix).</summary>
    public const int HeaderSize = 5;

    /// <summary>Creates a frame.</summary>
    public Frame(FrameType type, ReadOnlyMemory<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    /// <summary>The frame type.</summary>
    public FrameType Type { get; }

    /// <summary>The payload.</summary>
    public ReadOnlyMemory<byte> Payload { get; }
}
