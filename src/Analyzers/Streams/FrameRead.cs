namespace ConnHygiene.Analyzers.Streams;

/// <summary>A used-count read judged to read a whole frame in one call; <see cref="WholeRequestNeeded"/> says whether the code needs every requested byte.</summary>
internal readonly struct FrameRead
{
    public FrameRead(FrameShape shape, bool wholeRequestNeeded)
    {
        Shape = shape;
        WholeRequestNeeded = wholeRequestNeeded;
    }

    public FrameShape Shape { get; }

    /// <summary>
    /// True when reading until every requested byte is there is what the code means: the request is a decoded frame length,
    /// or a constant no larger than the bytes the code decodes. The fix (<c>ReadAtLeast</c>) is offered only then.
    /// </summary>
    public bool WholeRequestNeeded { get; }
}
