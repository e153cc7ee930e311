// Imitates: a chat client that keeps its TcpClient in a field and listens on a background thread forever, with no
// keep-alive and no ping: a silently dropped connection is never noticed.
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Chat.Desktop;

public sealed class ChatSession : IDisposable
{
    private TcpClient? _client;
    private StreamWriter? _writer;

    public event Action<string>? Received;

    public void Connect(string host, int port, string nick)
    {
        _client = new TcpClient(host, port); // expect: CH0012
        var stream = _client.GetStream();
        _writer = new StreamWriter(stream) { AutoFlush = true };
        _writer.WriteLine("NICK " + nick);
        new Thread(() => Listen(stream)) { IsBackground = true }.Start();
    }

    public void Say(string text) => _writer?.WriteLine("MSG " + text);

    private void Listen(NetworkStream stream)
    {
        using var reader = new StreamReader(stream);
        while (true)
        {
            var line = reader.ReadLine();
            if (line is null) return;
            Received?.Invoke(line);
        }
    }

    public void Dispose() => _client?.Close();
}
