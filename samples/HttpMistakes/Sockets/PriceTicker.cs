using System.Buffers.Binary;
using System.Net.Sockets;

namespace HttpMistakes.Sockets;

/// <summary>One connection to the quote server, kept for the life of the process.</summary>
public sealed class PriceTicker : IDisposable
{
    // CH0012: a long-lived connection with no TCP keep-alive and no heartbeat: a dead peer is never noticed.
    private readonly TcpClient _connection;
    private readonly NetworkStream _stream;

    public PriceTicker(string host, int port)
    {
        _connection = new TcpClient(host, port);

        // CH0013: zero linger sends RST instead of FIN to dodge TIME_WAIT, losing unsent data.
        _connection.LingerState = new LingerOption(true, 0);
        _stream = _connection.GetStream();
    }

    public byte[] ReadQuote()
    {
        var header = new byte[4];

        // CH0014: one Read may return fewer than 4 bytes; the count is only tested for the end of the stream.
        // (A Read whose count is dropped altogether is the SDK's CA2022 here, on net10.0; CH0014 leaves it to CA2022.)
        if (_stream.Read(header, 0, header.Length) == 0)
        {
            throw new EndOfStreamException();
        }

        var length = BinaryPrimitives.ReadInt32BigEndian(header);
        var payload = new byte[length];
        _stream.ReadExactly(payload);
        return payload;
    }

    public void Dispose() => _connection.Dispose();
}
