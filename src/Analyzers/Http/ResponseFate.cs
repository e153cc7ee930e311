namespace ConnHygiene.Analyzers.Http;

/// <summary>What a member does with an <c>HttpResponseMessage</c> a call returned (CH0005).</summary>
internal enum ResponseFate
{
    /// <summary>Disposed, read to the end, or handed on (returned, stored, passed): nothing to report.</summary>
    Released,

    /// <summary>Neither disposed nor read to the end nor handed on: the connection stays out of the pool.</summary>
    Leaked,
}
