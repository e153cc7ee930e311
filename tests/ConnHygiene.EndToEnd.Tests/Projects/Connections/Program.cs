using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Connections;

/// <summary>
/// Runs the socket code against loopback servers started here (no network): prints how many connections the echo
/// server accepted for 5 quotes and 5 pings, and how many bytes one message took on the wire.
/// </summary>
public static class Program
{
    public static async Task<int> Main()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var echo = new TcpListener(IPAddress.Loopback, 0);
        var sink = new TcpListener(IPAddress.Loopback, 0);
        echo.Start();
        sink.Start();
        try
        {
            var echoPort = ((IPEndPoint)echo.LocalEndpoint).Port;
            var sinkPort = ((IPEndPoint)sink.LocalEndpoint).Port;
            var accepted = new int[1];
            _ = LoopbackServers.EchoAsync(echo, accepted, stop.Token);
            var received = LoopbackServers.CountOneConnectionAsync(sink, stop.Token);

            var quotes = new Quotes();
            var sum = 0;
            for (var i = 1; i <= 5; i++)
            {
                sum += await quotes.PriceAsync("127.0.0.1", echoPort, (byte)i);
            }

            sum += await Pinger.PingAllAsync(new[] { "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1" }, echoPort);

            using (var sender = new TcpClient())
            {
                await sender.ConnectAsync(IPAddress.Loopback, sinkPort, stop.Token);
                await Messages.SendAsync(sender.GetStream(), "{\"id\":42}", stop.Token);
            }

            Console.WriteLine("echo sum=" + sum);
            Console.WriteLine("echo connections=" + Volatile.Read(ref accepted[0]));
            Console.WriteLine("message bytes=" + await received);
            Console.WriteLine("cache=" + new Cache().Describe("k"));
            return 0;
        }
        finally
        {
            echo.Stop();
            sink.Stop();
        }
    }
}

internal static class LoopbackServers
{
    /// <summary>Echoes every byte back, on every connection, until stopped; counts the connections accepted.</summary>
    public static async Task EchoAsync(TcpListener listener, int[] accepted, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var connection = await listener.AcceptTcpClientAsync(cancellationToken);
            Interlocked.Increment(ref accepted[0]);
            _ = Task.Run(async () =>
            {
                using (connection)
                {
                    var stream = connection.GetStream();
                    var buffer = new byte[256];
                    int read;
                    while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
                    {
                        await stream.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                    }
                }
            });
        }
    }

    /// <summary>Accepts one connection and counts the bytes it carries until the peer closes.</summary>
    public static async Task<int> CountOneConnectionAsync(TcpListener listener, CancellationToken cancellationToken)
    {
        using var connection = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = connection.GetStream();
        var buffer = new byte[256];
        var total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }

        return total;
    }
}
