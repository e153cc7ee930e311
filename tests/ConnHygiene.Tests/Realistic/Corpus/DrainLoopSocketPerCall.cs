// Imitates: a legacy POS terminal integration that connects per command, sends it, waits, drains whatever arrived
// with while (Available > 0) and closes (per operation; the drain loop is not a long-running loop).
using System.Net.Sockets;
using System.Text;
using System.Threading;

namespace Retail.Terminal;

public sealed class TerminalCommands
{
    private readonly string _host;

    public TerminalCommands(string host) => _host = host;

    public string Execute(string command)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // expect: CH0010
        socket.Connect(_host, 4100);
        socket.Send(Encoding.ASCII.GetBytes(command + "\r"));
        Thread.Sleep(300);
        var response = new StringBuilder();
        var buffer = new byte[1024];
        while (socket.Available > 0)
        {
            var read = socket.Receive(buffer, 0, buffer.Length, SocketFlags.None);
            response.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        socket.Shutdown(SocketShutdown.Both);
        socket.Close();
        return response.ToString();
    }
}
