// Imitates: an IoT gateway worker (BackgroundService) that opens one long-lived connection to the collector at
// startup with keep-alive on and streams readings over it until stopped (correct code).
using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Gateway.Telemetry;

public interface ISensorBus
{
    ValueTask<string> NextReadingAsync(CancellationToken cancellationToken);
}

public sealed class TelemetryWorker : BackgroundService
{
    private readonly ISensorBus _sensors;

    public TelemetryWorker(ISensorBus sensors) => _sensors = sensors;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new TcpClient();
        client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 15);
        await client.ConnectAsync("collector.local", 7000, stoppingToken);
        var stream = client.GetStream();
        while (!stoppingToken.IsCancellationRequested)
        {
            var reading = await _sensors.NextReadingAsync(stoppingToken);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(reading + "\n"), stoppingToken);
        }
    }
}
