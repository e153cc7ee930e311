// Imitates: a connection factory in a messaging library that creates, tunes and connects a TcpClient and returns it to
// the caller, which owns it (correct: a returned socket is the caller's to configure and keep).
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Messaging.Transport;

public static class TcpConnector
{
    public static async Task<TcpClient> ConnectAsync(string host, int port, CancellationToken cancellationToken)
    {
        var client = new TcpClient { NoDelay = true, ReceiveBufferSize = 64 * 1024 };
        try
        {
            await client.ConnectAsync(host, port, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }
}
