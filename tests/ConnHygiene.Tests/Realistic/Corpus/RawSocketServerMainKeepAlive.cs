// Imitates: a small raw-socket server in Main (Bind/Listen/Accept loop) that hands each accepted socket to a task
// which turns keep-alive on before serving it (correct code).
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Time.Server;

internal static class Program
{
    private static void Main()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Any, 3700));
        listener.Listen(64);
        while (true)
        {
            var client = listener.Accept();
            Task.Run(() => Serve(client));
        }
    }

    private static void Serve(Socket client)
    {
        client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        using (client)
        {
            var buffer = new byte[64];
            while (client.Receive(buffer) > 0)
            {
                client.Send(System.Text.Encoding.ASCII.GetBytes(System.DateTime.UtcNow.ToString("O") + "\n"));
            }
        }
    }
}
