// Imitates: an IoT client library that opens a TCP connection for every sensor reading it sends, called from a
// polling timer many times a minute.
using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace Sensors.Client;

public sealed class ReadingSender
{
    private readonly string _host;
    private readonly int _port;

    public ReadingSender(string host, int port)
    {
        _host = host;
        _port = port;
    }

    public async Task SendReadingAsync(string sensorId, double value, CancellationToken cancellationToken)
    {
        using var client = new TcpClient(); // expect: CH0010
        await client.ConnectAsync(_host, _port, cancellationToken);
        using var stream = client.GetStream();
        var line = $"{sensorId};{value:R};{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(line), cancellationToken);
    }
}
