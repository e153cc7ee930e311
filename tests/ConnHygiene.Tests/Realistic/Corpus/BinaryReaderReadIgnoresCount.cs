// Imitates: a file-transfer receiver that reads a fixed 16-byte chunk header through BinaryReader.Read and ignores
// how many bytes it got.
using System.IO;
using System.Net.Sockets;

namespace Transfer.Receiver;

public sealed class ChunkReceiver
{
    private readonly BinaryReader _reader;

    public ChunkReceiver(NetworkStream stream) => _reader = new BinaryReader(stream);

    public (long Offset, long Length) ReadChunkHeader()
    {
        var header = new byte[16];
        _reader.Read(header, 0, header.Length); // expect: CH0014
        return (System.BitConverter.ToInt64(header, 0), System.BitConverter.ToInt64(header, 8));
    }
}
