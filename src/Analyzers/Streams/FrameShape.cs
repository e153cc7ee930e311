namespace ConnHygiene.Analyzers.Streams;

/// <summary>Why a read whose count is used still reads a frame inexactly.</summary>
internal enum FrameShape
{
    None,

    /// <summary>The read asks for a length decoded from received bytes (a length prefix) and nothing loops until it is there.</summary>
    LengthPrefixed,

    /// <summary>The count is only tested for the end of the stream, then the buffer is decoded at fixed positions as if full.</summary>
    DecodedAsFull,
}
