namespace ConnHygiene.Analyzers.Http;

/// <summary>Why the response a call returns still holds its connection when the call returns.</summary>
internal enum ResponseHold
{
    /// <summary>
    /// It does not, or that cannot be told: the default buffered HttpClient calls (<c>ResponseContentRead</c>) read the
    /// body before they return, so the connection is already back in the pool.
    /// </summary>
    None,

    /// <summary><c>HttpCompletionOption.ResponseHeadersRead</c> was passed: the body is still on the connection.</summary>
    HeadersRead,

    /// <summary>An <c>HttpCompletionOption</c> that is not provably <c>ResponseContentRead</c> was passed.</summary>
    MaybeHeadersRead,

    /// <summary>A plain <c>HttpMessageInvoker</c> (not an <c>HttpClient</c>) sent it: nothing buffers the body.</summary>
    Invoker,

    /// <summary>A message handler sent it (<c>base.SendAsync</c> in a handler): nothing buffers the body.</summary>
    Handler,

    /// <summary><c>HttpClient.GetStreamAsync</c>: the stream it returns is the body, still on the connection.</summary>
    Stream,
}
