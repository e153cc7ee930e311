using System.Net.Sockets;
using System.Threading.Tasks;

namespace Sockets;

public sealed class Poller
{
    private TcpClient? _feed;

    public async Task<int> SumAsync(string host, int port, int requests)
    {
        var sum = 0;
        for (var i = 0; i < requests; i++)
        {
            using var client = new TcpClient(); // expect CH0011 at new TcpClient
            await client.ConnectAsync(host, port);
            var stream = client.GetStream();
            stream.WriteByte((byte)i);
            sum += stream.ReadByte();
        }

        return sum;
    }

    public async Task OpenFeedAsync(string host, int port)
    {
        _feed = new TcpClient(); // expect CH0012 at new TcpClient
        await _feed.ConnectAsync(host, port);
    }
}
