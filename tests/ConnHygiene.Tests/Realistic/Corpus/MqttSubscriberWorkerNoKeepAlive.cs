// Imitates: a hand-rolled subscriber BackgroundService that reads fixed 2-byte packet headers from a broker in a
// loop until stopped: no keep-alive, and the header read ignores how many bytes arrived.
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Plant.Subscriber;

public sealed class BrokerSubscriber : BackgroundService
{
    private readonly ILogger<BrokerSubscriber> _logger;

    public BrokerSubscriber(ILogger<BrokerSubscriber> logger) => _logger = logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new TcpClient(); // expect: CH0012
        await client.ConnectAsync("broker.plant.local", 1883, stoppingToken);
        var stream = client.GetStream();
        var header = new byte[2];
        while (!stoppingToken.IsCancellationRequested)
        {
            await stream.ReadAsync(header, 0, 2, stoppingToken); // expect: CH0014
            var body = new byte[header[1]];
            await stream.ReadExactlyAsync(body, stoppingToken);
            _logger.LogInformation("Packet type {Type}, {Length} bytes", header[0] >> 4, body.Length);
        }
    }
}
