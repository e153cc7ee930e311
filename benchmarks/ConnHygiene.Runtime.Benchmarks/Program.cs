using System;
using System.Diagnostics;
using System.Linq;
using System.Net.Sockets;
using System.Threading.Tasks;
using BenchmarkDotNet.Running;
using ConnHygiene.Runtime;
using ConnHygiene.Runtime.Testing;

if (args.Length > 0 && args[0] == "timewait")
{
    await TimeWait.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5000);
    return;
}

if (args.Length > 0 && args[0] == "paired")
{
    await ConnHygiene.Runtime.Benchmarks.Paired.RunAsync();
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(ConnHygiene.Runtime.Benchmarks.Resource).Assembly).Run(args);

/// <summary>Counts new client TIME_WAIT sockets (/proc/net/tcp state 06) after N requests, pooled and connect-per-request.</summary>
internal static class TimeWait
{
    public static async Task RunAsync(int requests)
    {
        const int MaxPool = 8;
        byte[] message = new byte[64], reply = new byte[64];

        await using (var server = TcpEchoServer.Start())
        {
            int before = TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.TimeWait);
            var watch = Stopwatch.StartNew();
            await using (var pool = new TcpConnectionPool(new TcpConnectionPoolOptions { MaxConnectionsPerEndpoint = MaxPool }))
            {
                await Task.WhenAll(Enumerable.Range(0, MaxPool).Select(async worker =>
                {
                    for (int i = worker; i < requests; i += MaxPool)
                    {
                        await using var lease = await pool.RentAsync(server.EndPoint);
                        await lease.Value.Stream.WriteAsync(message);
                        await lease.Value.Stream.ReadExactlyAsync(reply);
                    }
                }));
            }

            watch.Stop();
            await Task.Delay(200);
            int after = TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.TimeWait);
            Console.WriteLine($"pooled (MaxConnectionsPerEndpoint={MaxPool}, {MaxPool} workers): {requests} requests in {watch.ElapsedMilliseconds} ms, " +
                $"server accepted {server.AcceptedConnections} connections, new client TIME_WAIT sockets: {after - before} (after pool dispose)");
        }

        await using (var server = TcpEchoServer.Start())
        {
            int before = TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.TimeWait);
            var watch = Stopwatch.StartNew();
            for (int i = 0; i < requests; i++)
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(server.EndPoint);
                using var stream = new NetworkStream(socket, ownsSocket: false);
                await stream.WriteAsync(message);
                await stream.ReadExactlyAsync(reply);
            }

            watch.Stop();
            await Task.Delay(200);
            int after = TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.TimeWait);
            Console.WriteLine($"connect per request: {requests} requests in {watch.ElapsedMilliseconds} ms, " +
                $"server accepted {server.AcceptedConnections} connections, new client TIME_WAIT sockets: {after - before}");
        }
    }
}
