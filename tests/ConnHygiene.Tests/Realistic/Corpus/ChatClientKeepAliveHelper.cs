// Imitates: a desktop chat client whose connection class keeps its TcpClient in a field and enables TCP keep-alive
// through a small helper type of the same project (correct: evidence lives in another type).
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Chat.Client;

internal static class SocketTuning
{
    public static void EnableKeepAlive(Socket socket, int idleSeconds = 30)
    {
        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, idleSeconds);
        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
    }
}

public sealed class ChatConnection : IDisposable
{
    private readonly TcpClient _client;
    private StreamReader? _reader;
    private StreamWriter? _writer;

    public ChatConnection()
    {
        _client = new TcpClient();
        SocketTuning.EnableKeepAlive(_client.Client);
    }

    public event Action<string>? MessageReceived;

    public async Task ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        await _client.ConnectAsync(host, port, cancellationToken);
        var stream = _client.GetStream();
        _reader = new StreamReader(stream);
        _writer = new StreamWriter(stream) { AutoFlush = true };
        _ = Task.Run(() => ReceiveLoopAsync(cancellationToken), cancellationToken);
    }

    public Task SendAsync(string message) => _writer?.WriteLineAsync(message) ?? Task.CompletedTask;

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested && _reader is not null)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null) break;
            MessageReceived?.Invoke(line);
        }
    }

    public void Dispose() => _client.Dispose();
}
