namespace ConnHygiene.Analyzers.Streams;

/// <summary>Which read a call is: the single-shot reads whose byte count CH0014 checks.</summary>
internal enum ReadKind
{
    None,

    /// <summary><c>Stream.Read(byte[], int, int)</c> / <c>Read(Span&lt;byte&gt;)</c> (and overrides).</summary>
    StreamRead,

    /// <summary><c>Stream.ReadAsync(byte[], int, int[, CancellationToken])</c> / <c>ReadAsync(Memory&lt;byte&gt;[, CancellationToken])</c>.</summary>
    StreamReadAsync,

    /// <summary>Any <c>Socket.Receive</c> returning the count.</summary>
    SocketReceive,

    /// <summary><c>Socket.ReceiveAsync</c> returning <c>Task&lt;int&gt;</c> / <c>ValueTask&lt;int&gt;</c>.</summary>
    SocketReceiveAsync,

    /// <summary><c>BinaryReader.Read(byte[], int, int)</c> / <c>Read(Span&lt;byte&gt;)</c>: one read of the base stream.</summary>
    BinaryReaderRead,
}
