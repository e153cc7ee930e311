// Imitates: a framed protocol reader (4-byte big-endian length, then payload) written carefully with ReadExactly and
// a hand-written fill loop for the older API (correct code).
using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Wire.Protocol;

public sealed class FrameReader
{
    private const int MaxFrame = 1 << 20;
    private readonly Stream _stream;

    public FrameReader(Stream stream) => _stream = stream;

    public async Task<byte[]> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await _stream.ReadExactlyAsync(header, cancellationToken);
        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        if (length < 0 || length > MaxFrame)
        {
            throw new InvalidDataException($"Frame length {length} out of range");
        }

        var payload = new byte[length];
        await _stream.ReadExactlyAsync(payload, cancellationToken);
        return payload;
    }

    public byte[] ReadFrame()
    {
        var header = ReadFully(4);
        return ReadFully(BinaryPrimitives.ReadInt32BigEndian(header));
    }

    private byte[] ReadFully(int count)
    {
        var buffer = new byte[count];
        var offset = 0;
        while (offset < count)
        {
            var read = _stream.Read(buffer, offset, count - offset);
            if (read == 0) throw new EndOfStreamException();
            offset += read;
        }

        return buffer;
    }
}
