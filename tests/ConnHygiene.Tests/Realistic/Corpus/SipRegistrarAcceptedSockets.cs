// Imitates: a small SIP registrar over TCP that accepts raw sockets, keeps each registered peer's socket in a
// dictionary and reads from it in an endless loop, with no keep-alive and no ping (accepted sockets kept = long-lived).
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Voip.Registrar;

public sealed class TcpRegistrar
{
    private readonly Socket _listener = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
    private readonly ConcurrentDictionary<EndPoint, Socket> _peers = new();

    public void Run(int port)
    {
        _listener.Bind(new IPEndPoint(IPAddress.Any, port));
        _listener.Listen(100);
        while (true)
        {
            var peer = _listener.Accept(); // expect: CH0012
            if (peer.RemoteEndPoint is { } remote)
            {
                _peers[remote] = peer;
                Task.Run(() => Serve(remote, peer));
            }
        }
    }

    private void Serve(EndPoint remote, Socket peer)
    {
        var buffer = new byte[8192];
        while (true)
        {
            var n = peer.Receive(buffer);
            if (n == 0) break;
            var text = Encoding.UTF8.GetString(buffer, 0, n);
            if (text.StartsWith("REGISTER", System.StringComparison.Ordinal))
            {
                peer.Send(Encoding.UTF8.GetBytes("SIP/2.0 200 OK\r\n\r\n"));
            }
        }

        _peers.TryRemove(remote, out _);
        peer.Close();
    }
}
