// Imitates: a framed-protocol helper that reads the length header with one unchecked Read and then the payload with
// one Read whose count is used but never looped on (issue 8 section 4: truncated frames on a short read).
using System;
using System.Buffers.Binary;
using System.Net.Sockets;

namespace Legacy.Framing;

public sealed class FrameConnection
{
    private readonly NetworkStream _stream;
    private readonly byte[] _buffer = new byte[65536];

    public FrameConnection(NetworkStream stream) => _stream = stream;

    public ReadOnlySpan<byte> ReadFrame()
    {
        var header = new byte[4];
        _stream.Read(header, 0, 4); // expect: CH0014
        var len = BinaryPrimitives.ReadInt32BigEndian(header);
        var n = _stream.Read(_buffer, 0, len); // expect: CH0014
        return _buffer.AsSpan(0, n);
    }
}
