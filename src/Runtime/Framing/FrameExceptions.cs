using System.IO;

namespace ConnHygiene.Runtime.Framing;

/// <summary>A frame header announced (or a writer was given) a payload above the maximum frame size. Nothing was allocated for it.</summary>
public class FrameTooLargeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public FrameTooLargeException(long length, int maxFrameSize)
        : base($"Frame payload of {length} bytes exceeds the maximum frame size of {maxFrameSize} bytes.")
    {
        Length = length;
        MaxFrameSize = maxFrameSize;
    }

    /// <summary>The announced payload length.</summary>
    public long Length { get; }

    /// <summary>The limit.</summary>
    public int MaxFrameSize { get; }
}

/// <summary>The byte stream is not valid framing (a negative or overflowing length, a malformed control frame).</summary>
public class InvalidFrameException : IOException
{
    /// <summary>Creates the exception.</summary>
    public InvalidFrameException(string message)
        : base(message)
    {
    }
}

/// <summary>The peer of a <see cref="FramedConnection"/> stopped answering heartbeats and was declared dead.</summary>
public class PeerUnresponsiveException : IOException
{
    /// <summary>Creates the exception.</summary>
    public PeerUnresponsiveException(string message)
        : base(message)
    {
    }
}
