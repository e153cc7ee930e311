// Imitates: a command sender after the CH0011 fix: the connection is hoisted out of the loop, which now runs until
// cancelled; the socket is long-lived (keep-alive on), so it is not "per operation" (correct code).
using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Plc.Commands;

public sealed class CommandPump
{
    private readonly BlockingCollection<string> _queue = new();

    public void Enqueue(string command) => _queue.Add(command);

    public async Task PumpAsync(string host, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        await client.ConnectAsync(host, port, cancellationToken);
        var stream = client.GetStream();
        while (!cancellationToken.IsCancellationRequested)
        {
            var command = _queue.Take(cancellationToken);
            await stream.WriteAsync(Encoding.ASCII.GetBytes(command + "\r\n"), cancellationToken);
        }
    }
}
