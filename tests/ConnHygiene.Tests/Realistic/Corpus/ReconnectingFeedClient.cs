// Imitates: a market-data feed client that keeps one TcpClient in a field with keep-alive on, reads lines until
// the connection drops and reconnects with back-off (correct code).
using System;
using System.IO;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Feeds.Market;

public sealed class FeedClient : IDisposable
{
    private readonly string _host;
    private readonly int _port;
    private TcpClient? _client;

    public FeedClient(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public event Action<string>? Tick;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                _client = new TcpClient();
                _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 20);
                await _client.ConnectAsync(_host, _port, cancellationToken);
                using var reader = new StreamReader(_client.GetStream());
                delay = TimeSpan.FromSeconds(1);
                string? line;
                while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
                {
                    Tick?.Invoke(line);
                }
            }
            catch (SocketException)
            {
                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(30).Ticks));
            }
        }
    }

    public void Dispose() => _client?.Dispose();
}
