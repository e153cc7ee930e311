// Imitates: an IRC-style bot whose connection class keeps the socket in a field and sends its own PING every 60 s
// from a timer, answering the server's PINGs too (correct: an application heartbeat on the connection).
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;

namespace Bots.Irc;

public sealed class IrcConnection : IDisposable
{
    private readonly TcpClient _client;
    private readonly StreamWriter _writer;
    private readonly StreamReader _reader;
    private readonly Timer _pingTimer;
    private DateTime _lastPong = DateTime.UtcNow;

    public IrcConnection(string server, int port)
    {
        _client = new TcpClient(server, port);
        _writer = new StreamWriter(_client.GetStream()) { AutoFlush = true, NewLine = "\r\n" };
        _reader = new StreamReader(_client.GetStream());
        _pingTimer = new Timer(_ => Heartbeat(), null, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(60));
    }

    private void Heartbeat()
    {
        if (DateTime.UtcNow - _lastPong > TimeSpan.FromSeconds(180))
        {
            _client.Close();
            return;
        }

        _writer.WriteLine("PING :keepalive");
    }

    public string? ReadLine()
    {
        var line = _reader.ReadLine();
        if (line is null) return null;
        if (line.StartsWith("PING ", StringComparison.Ordinal)) _writer.WriteLine("PONG " + line.Substring(5));
        if (line.Contains(" PONG ", StringComparison.Ordinal)) _lastPong = DateTime.UtcNow;
        return line;
    }

    public void Dispose()
    {
        _pingTimer.Dispose();
        _client.Dispose();
    }
}
