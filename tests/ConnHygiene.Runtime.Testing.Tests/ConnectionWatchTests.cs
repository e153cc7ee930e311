using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Runtime.Testing.Tests;

/// <summary>
/// ConnectionWatch counts exactly what the process did on loopback, checked against the server's own count of accepted
/// connections. Every watch filters on its server's endpoint, so these tests may run in parallel with each other.
/// </summary>
public class ConnectionWatchTests
{
    private const int Calls = 20;
    private readonly ITestOutputHelper _output;

    public ConnectionWatchTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task HttpClientPerCallOpensOneConnectionPerCallAndTheMessageNamesCH0001()
    {
        await using var server = await HttpTestServer.StartAsync();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Calls; i++)
        {
            using var client = new HttpClient();
            Assert.Equal("ok", await client.GetStringAsync(server.Url));
        }

        var snapshot = watch.Snapshot();
        Assert.Equal(Calls, snapshot.Opened);
        Assert.Equal(await server.AcceptedAfterSettlingAsync(Calls), snapshot.Opened);
        var endPoint = Assert.Single(snapshot.EndPoints);
        Assert.Equal(server.EndPoint, endPoint.EndPoint);
        Assert.Equal(Calls, endPoint.HttpConnectionsOpened);
        Assert.Equal(Calls, endPoint.HttpRequests);
        Assert.Equal(Calls, endPoint.HttpConnectionsClosed);

        var churn = Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(2));
        _output.WriteLine(churn.Message);
        Assert.Equal(2, churn.Limit);
        Assert.Contains($"{Calls} TCP connections opened to {server.EndPoint}, at most 2 expected", churn.Message);
        Assert.Contains($"{Calls} by HttpClient for {Calls} HTTP requests, {Calls} of them closed by HttpClient", churn.Message);
        Assert.Contains("CH0001", churn.Message);
        Assert.Contains("CH0004", churn.Message);
        Assert.DoesNotContain("CH0010", churn.Message);
        watch.AssertAtMost(Calls);
    }

    [Fact]
    public async Task SharedHttpClientOpensOneConnection()
    {
        await using var server = await HttpTestServer.StartAsync();
        using var client = new HttpClient();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Calls; i++)
        {
            Assert.Equal("ok", await client.GetStringAsync(server.Url));
        }

        Assert.Equal(1, watch.Opened);
        Assert.Equal(1, watch.OpenedTo(server.EndPoint));
        Assert.Equal(Calls, watch.Snapshot().EndPoints.Single().HttpRequests);
        Assert.Equal(0, watch.Snapshot().EndPoints.Single().HttpConnectionsClosed);
        watch.AssertAtMost(1);
    }

    [Fact]
    public async Task KeepAliveOffOpensOneConnectionPerRequest()
    {
        await using var server = await HttpTestServer.StartAsync();
        using var client = new HttpClient();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Calls; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, server.Url);
            request.Headers.ConnectionClose = true;
            using var response = await client.SendAsync(request);
            Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal(Calls, watch.Opened);
        Assert.Equal(await server.AcceptedAfterSettlingAsync(Calls), watch.Opened);
        Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(1));
    }

    [Fact]
    public async Task TcpClientPerCallOpensOneConnectionPerCallAndTheMessageNamesCH0010()
    {
        await using var server = TcpEchoServer.Start();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Calls; i++)
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            await client.ConnectAsync(server.EndPoint);
            await EchoAsync(client.GetStream());
        }

        Assert.Equal(Calls, watch.Opened);
        Assert.Equal(server.AcceptedConnections, watch.Opened);
        var churn = Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(1));
        _output.WriteLine(churn.Message);
        Assert.Contains($"Socket/TcpClient code opened {Calls} of them", churn.Message);
        Assert.Contains("CH0010", churn.Message);
        Assert.Contains("CH0011", churn.Message);
        Assert.DoesNotContain("CH0001", churn.Message);
    }

    [Fact]
    public async Task TcpConnectionPoolOpensOneConnection()
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Calls; i++)
        {
            await using var lease = await pool.RentAsync(server.EndPoint);
            await EchoAsync(lease.Value.Stream);
        }

        Assert.Equal(1, watch.Opened);
        Assert.Equal(server.AcceptedConnections, watch.Opened);
        watch.AssertAtMost(1);
    }

    [Fact]
    public async Task RefusedConnectsAreCountedAsFailedNotOpened()
    {
        // Bound but not listening: the port is held by this test and every connect to it is refused.
        using var closedPort = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        closedPort.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var target = (IPEndPoint)closedPort.LocalEndPoint!;
        using var watch = ConnectionWatch.Start(target);
        const int Attempts = 5;
        for (var i = 0; i < Attempts; i++)
        {
            using var client = new TcpClient(AddressFamily.InterNetwork);
            var refused = await Assert.ThrowsAsync<SocketException>(() => client.ConnectAsync(target));
            Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        }

        var snapshot = watch.Snapshot();
        Assert.Equal(Attempts, snapshot.Failed);
        Assert.Equal(0, snapshot.Opened);
        Assert.Equal(SocketError.ConnectionRefused, snapshot.EndPoints.Single().LastError);
        watch.AssertAtMost(0);
    }

    [Fact]
    public async Task WatchesFilteredOnDifferentEndpointsDoNotSeeEachOthersConnections()
    {
        await using var serverA = TcpEchoServer.Start();
        await using var serverB = TcpEchoServer.Start();
        using var everything = ConnectionWatch.Start();
        using var watchA = ConnectionWatch.Start(ConnectionFilter.ForPort(serverA.Port));
        using var watchB = ConnectionWatch.Start(serverB.EndPoint);

        async Task OpenAsync(IPEndPoint target, int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var client = new TcpClient(AddressFamily.InterNetwork);
                await client.ConnectAsync(target);
                await EchoAsync(client.GetStream());
            }
        }

        await Task.WhenAll(
            Task.Run(() => OpenAsync(serverA.EndPoint, 7)),
            Task.Run(() => OpenAsync(serverB.EndPoint, 11)),
            Task.Run(() => OpenAsync(serverA.EndPoint, 6)));

        Assert.Equal(13, watchA.Opened);
        Assert.Equal(0, watchA.OpenedTo(serverB.EndPoint));
        Assert.Equal(11, watchB.Opened);
        Assert.Equal(0, watchB.OpenedTo(serverA.EndPoint));
        Assert.Equal(13, everything.OpenedTo(serverA.EndPoint));
        Assert.Equal(11, everything.OpenedTo(serverB.EndPoint));
    }

    [Fact]
    public async Task ConnectsInALoopOfOneAsyncMethodAreCountedExactly()
    {
        // One async flow connecting again and again (the CH0011 shape): whatever the runtime leaves in the flow after
        // one connect must not disturb the count of the next. 300 is well past the runtime's activity nesting limit (100).
        const int Connects = 300;
        await using var server = TcpEchoServer.Start();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var i = 0; i < Connects; i++)
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", server.Port);
            await EchoAsync(client.GetStream());
        }

        Assert.Equal(Connects, watch.Opened);
        Assert.Equal(server.AcceptedConnections, watch.Opened);
    }

    [Fact]
    public async Task ConnectsStartedTogetherInOneFlowAreCountedExactly()
    {
        // Ten connects started from one flow before any completes: each stop must be matched to its own start.
        const int Connects = 10;
        await using var server = TcpEchoServer.Start();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        var clients = Enumerable.Range(0, Connects).Select(_ => new TcpClient(AddressFamily.InterNetwork)).ToArray();
        try
        {
            await Task.WhenAll(clients.Select(c => c.ConnectAsync(server.EndPoint)));
            Assert.Equal(Connects, watch.Opened);
            Assert.Equal(0, watch.Snapshot().Pending);
        }
        finally
        {
            foreach (var client in clients)
            {
                client.Dispose();
            }
        }
    }

    [Fact]
    public async Task SynchronousConnectsAreCountedExactly()
    {
        await using var server = TcpEchoServer.Start();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        await Task.Run(() =>
        {
            for (var i = 0; i < Calls; i++)
            {
                using var client = new TcpClient();
                client.Connect("127.0.0.1", server.Port);
            }
        });

        Assert.Equal(Calls, watch.Opened);
    }

    [Fact]
    public async Task ConcurrentRequestsOnOneClientAreCountedExactly()
    {
        // SocketsHttpHandler opens connections on its own tasks, decoupled from the requests: a connect can finish on
        // another thread after the request that caused it was served by another connection. The watch's count, taken
        // at once, equals the server's.
        await using var server = await HttpTestServer.StartAsync();
        using var client = new HttpClient();
        using var watch = ConnectionWatch.Start(server.EndPoint);
        for (var round = 0; round < 5; round++)
        {
            await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => client.GetStringAsync(server.Url)));
        }

        var opened = watch.Opened;
        _output.WriteLine($"16 x 5 concurrent requests on one client: {opened} connections");
        Assert.InRange(opened, 1, 16 * 5);
        Assert.Equal(await server.AcceptedAfterSettlingAsync(opened), opened);
    }

    [Fact]
    public async Task HostFilterMatchesTheNameAndReportsIt()
    {
        await using var server = await HttpTestServer.StartAsync();
        using var watch = ConnectionWatch.Start(ConnectionFilter.ForHost("localhost", server.EndPoint.Port));
        using (var client = new HttpClient())
        {
            Assert.Equal("ok", await client.GetStringAsync($"http://localhost:{server.EndPoint.Port}/"));
        }

        var snapshot = watch.Snapshot();
        _output.WriteLine(snapshot.ToString());
        Assert.Equal(1, snapshot.OpenedTo(server.EndPoint));
        Assert.Contains("localhost", snapshot.EndPoints.Single(e => e.Opened > 0).HostNames);
    }

    [Fact]
    public void MisuseGetsClearErrors()
    {
        var watch = ConnectionWatch.Start(ConnectionFilter.ForPort(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => watch.AssertAtMost(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => watch.SettleTimeout = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => ConnectionFilter.ForPort(70_000));
        Assert.Throws<ArgumentNullException>(() => ConnectionWatch.Start((ConnectionFilter)null!));
        watch.Dispose();
        watch.Dispose();
        var disposed = Assert.Throws<ObjectDisposedException>(() => watch.AssertAtMost(1));
        Assert.Contains("Assert (or take a Snapshot()) before disposing it", disposed.Message);
        Assert.Throws<ObjectDisposedException>(() => watch.Opened);
    }

    private static async Task EchoAsync(System.IO.Stream stream)
    {
        var message = new byte[] { 1, 2, 3, 4 };
        await stream.WriteAsync(message);
        var reply = new byte[message.Length];
        await stream.ReadExactlyAsync(reply);
        Assert.Equal(message, reply);
    }
}
