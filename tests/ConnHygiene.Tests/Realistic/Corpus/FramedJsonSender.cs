// Imitates: the same kind of game client written carefully: each JSON message is sent with a 4-byte length prefix
// (correct code, checked with the off-by-default framing rule switched on).
// corpus: enable CH0015
using System;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;

namespace Arena.Client.Framed;

public sealed record Move(int PlayerId, int X, int Y);

public sealed class FramedArenaConnection : IDisposable
{
    private readonly TcpClient _client;

    public FramedArenaConnection(TcpClient connectedClient)
    {
        _client = connectedClient;
    }

    public async Task SendMoveAsync(Move move)
    {
        var payload = JsonSerializer.SerializeToUtf8Bytes(move);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
        var stream = _client.GetStream();
        await stream.WriteAsync(header);
        await stream.WriteAsync(payload);
    }

    public void Dispose() => _client.Dispose();
}
