// Imitates: a game/IoT client that serializes messages to JSON and writes them back to back on a long-lived
// NetworkStream with no length prefix or delimiter (messages merge on the receiver).
// corpus: enable CH0015
using System;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading.Tasks;

namespace Arena.Client;

public sealed record Move(int PlayerId, int X, int Y);

public sealed class ArenaConnection : IDisposable
{
    private readonly TcpClient _client;

    public ArenaConnection(string host, int port)
    {
        _client = new TcpClient();
        _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        _client.Connect(host, port);
    }

    public async Task SendMoveAsync(Move move)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(move);
        await _client.GetStream().WriteAsync(bytes); // expect: CH0015
    }

    public void Dispose() => _client.Dispose();
}
