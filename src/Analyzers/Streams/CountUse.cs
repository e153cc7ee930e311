namespace ConnHygiene.Analyzers.Streams;

/// <summary>What happens to the byte count a read returns.</summary>
internal enum CountUse
{
    /// <summary>Used: compared, accumulated, passed on, returned.</summary>
    Used,

    /// <summary>The call (or its await) is a statement of its own, or assigned to <c>_</c>.</summary>
    Discarded,

    /// <summary>Stored in a local that nothing reads.</summary>
    UnreadLocal,

    /// <summary>Inside <c>while (stream.DataAvailable)</c>, discarded or stored in a local the loop never reads.</summary>
    IgnoredInDataAvailableLoop,

    /// <summary>Used, but the read asks for a whole frame and no loop fills it (<see cref="FrameReads"/>).</summary>
    UsedWithoutFillLoop,
}
