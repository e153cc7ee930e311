// Imitates: a long-lived upstream connection (keep-alive on) where someone set linger 0 "to avoid TIME_WAIT" on
// close, so the peer gets a reset and may lose the last bytes written.
using System;
using System.Net.Sockets;

namespace Upstream.Link;

public sealed class UpstreamLink : IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

    public UpstreamLink(string host, int port)
    {
        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        _socket.LingerState = new LingerOption(true, 0); // expect: CH0013
        _socket.Connect(host, port);
    }

    public void Send(ReadOnlySpan<byte> frame) => _socket.Send(frame);

    public void Dispose() => _socket.Close();
}
