// Imitates: a telemetry frame decoder that reads the declared payload length with one ReadAsync and decodes whatever
// count came back: a short read silently truncates the frame.
using System;
using System.Buffers.Binary;
using System.IO;
using System.Threading.Tasks;

namespace Telemetry.Decoder;

public sealed class FrameDecoder
{
    private readonly Stream _stream;

    public FrameDecoder(Stream networkStream) => _stream = networkStream;

    public async Task<string> NextAsync()
    {
        var header = new byte[2];
        await _stream.ReadExactlyAsync(header);
        var length = BinaryPrimitives.ReadUInt16BigEndian(header);
        var payload = new byte[length];
        int got = await _stream.ReadAsync(payload, 0, length); // expect: CH0014
        return Decode(payload.AsSpan(0, got));
    }

    private static string Decode(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
