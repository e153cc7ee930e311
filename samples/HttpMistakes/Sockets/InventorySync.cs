using System.Net.Sockets;
using System.Text;

namespace HttpMistakes.Sockets;

public sealed record StockCount(string Sku, int Count);

public static class InventorySync
{
    // CH0011: connect and close in every iteration; a thousand counts leave a thousand TIME_WAIT sockets.
    // CH0015 (turned on in .editorconfig): messages written back to back with no length prefix.
    public static async Task PushCounts(string host, int port, IReadOnlyList<StockCount> counts, CancellationToken cancellationToken)
    {
        foreach (var count in counts)
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(host, port, cancellationToken);
            var stream = tcp.GetStream();
            await stream.WriteAsync(Encoding.UTF8.GetBytes($"{count.Sku}={count.Count}"), cancellationToken);
        }
    }
}
