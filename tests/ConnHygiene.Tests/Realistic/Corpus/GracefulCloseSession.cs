// Imitates: a long-lived telnet-like session that sets a graceful linger (wait up to 5 s for unsent data), keep-alive
// on, and its own ConnectionClose flag on a protocol type of its own (correct: no abortive close, nothing HTTP).
using System;
using System.Net.Sockets;

namespace Terminal.Session;

public sealed class SessionOptions
{
    public bool ConnectionClose { get; set; }
}

public sealed class TelnetSession : IDisposable
{
    private readonly Socket _socket;
    private readonly SessionOptions _options = new();

    public TelnetSession(Socket connected)
    {
        _socket = connected;
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        _socket.LingerState = new LingerOption(true, 5);
        _options.ConnectionClose = true;
    }

    public void Send(ReadOnlySpan<byte> data) => _socket.Send(data);

    public void Dispose()
    {
        _socket.Shutdown(SocketShutdown.Both);
        _socket.Close();
    }
}
