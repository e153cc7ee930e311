using System.Collections.Generic;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Connections;

public sealed class Quotes
{
    public async Task<int> PriceAsync(string host, int port, byte item)
    {
        using var client = new TcpClient(); // expect CH0010 at new TcpClient
        await client.ConnectAsync(host, port);
        var stream = client.GetStream();
        stream.WriteByte(item);
        return stream.ReadByte();
    }
}

public static class Pinger
{
    public static async Task<int> PingAllAsync(IEnumerable<string> hosts, int port)
    {
        var total = 0;
        foreach (var host in hosts)
        {
            using (var client = new TcpClient()) // expect CH0011 at new TcpClient
            {
                await client.ConnectAsync(host, port);
                var stream = client.GetStream();
                stream.WriteByte(7);
                total += stream.ReadByte();
            }
        }

        return total;
    }
}

public static class Messages
{
    public static async Task SendAsync(NetworkStream stream, string json, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(json), cancellationToken); // expect CH0015 at stream.WriteAsync
    }
}
