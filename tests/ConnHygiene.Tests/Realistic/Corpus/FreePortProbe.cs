// Imitates: a dev-tools helper that finds a free local port by binding a socket to port 0 (and the TcpListener
// variant), used when launching child services (correct: listeners, not connections).
using System.Net;
using System.Net.Sockets;

namespace DevTools.Ports;

public static class FreePort
{
    public static int Find()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return socket.LocalEndPoint is IPEndPoint endPoint ? endPoint.Port : 0;
    }

    public static int FindWithListener()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
