using System;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class TcpConnectionPoolTests
{
    internal static async Task<byte[]> EchoAsync(TcpConnection connection, byte[] message)
    {
        await connection.Stream.WriteAsync(message);
        byte[] reply = new byte[message.Length];
        await connection.Stream.ReadExactlyAsync(reply);
        return reply;
    }

    [Fact]
    public async Task Reuses_one_connection_for_sequential_requests()
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool();
        for (int i = 0; i < 50; i++)
        {
            await using var lease = await pool.RentAsync(server.EndPoint);
            byte[] message = BitConverter.GetBytes(i);
            Assert.Equal(message, await EchoAsync(lease.Value, message));
        }

        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Host_and_port_overload_works()
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool();
        for (int i = 0; i < 3; i++)
        {
            await using var lease = await pool.RentAsync("127.0.0.1", server.Port);
            Assert.Equal(new byte[] { 1, 2, 3 }, await EchoAsync(lease.Value, new byte[] { 1, 2, 3 }));
        }

        Assert.Equal(1, server.AcceptedConnections);
    }

    [Fact]
    public async Task Sockets_have_nodelay_and_configured_keepalive()
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool(new TcpConnectionPoolOptions
        {
            KeepAliveTime = TimeSpan.FromSeconds(42),
            KeepAliveInterval = TimeSpan.FromSeconds(7),
            KeepAliveRetryCount = 4,
        });
        await using var lease = await pool.RentAsync(server.EndPoint);
        Socket socket = lease.Value.Socket;
        Assert.True(socket.NoDelay);
        Assert.Equal(1, (int)socket.GetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive)!);
        Assert.Equal(42, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime)!);
        Assert.Equal(7, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval)!);
        Assert.Equal(4, (int)socket.GetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount)!);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_socket_the_server_closed_or_reset_while_idle_is_never_handed_out(bool reset)
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool();
        Socket first;
        await using (var lease = await pool.RentAsync(server.EndPoint))
        {
            await EchoAsync(lease.Value, new byte[] { 1 });
            first = lease.Value.Socket;
        }

        if (reset)
        {
            server.ResetAllConnections();
        }
        else
        {
            server.CloseAllConnections();
        }

        Assert.True(await Eventually.TrueAsync(() => first.Poll(0, SelectMode.SelectRead)));

        await using (var lease = await pool.RentAsync(server.EndPoint))
        {
            Assert.NotSame(first, lease.Value.Socket);
            Assert.Equal(new byte[] { 9 }, await EchoAsync(lease.Value, new byte[] { 9 }));
        }

        Assert.Equal(2, server.AcceptedConnections);
        Assert.Throws<ObjectDisposedException>(() => first.Poll(0, SelectMode.SelectRead)); // the dead one was closed
    }

    [Fact]
    public async Task Unsolicited_bytes_make_an_idle_socket_unusable()
    {
        await using var server = TcpEchoServer.Start();
        await using var pool = new TcpConnectionPool();
        Socket first;
        await using (var lease = await pool.RentAsync(server.EndPoint))
        {
            // Leave an unread reply behind: the next user would read stale data.
            await lease.Value.Stream.WriteAsync(new byte[] { 5 });
            first = lease.Value.Socket;
        }

        Assert.True(await Eventually.TrueAsync(() => first.Available > 0));
        await using var next = await pool.RentAsync(server.EndPoint);
        Assert.NotSame(first, next.Value.Socket);
    }

    [Fact]
    public async Task Responses_split_into_single_bytes_are_read_exactly()
    {
        await using var server = TcpEchoServer.Start(new LoopbackServerOptions { SplitWrites = true });
        await using var pool = new TcpConnectionPool();
        await using var lease = await pool.RentAsync(server.EndPoint);
        byte[] message = new byte[300];
        new Random(3).NextBytes(message);
        Assert.Equal(message, await EchoAsync(lease.Value, message));
    }

    [Fact]
    public async Task Connection_refused_surfaces_the_socket_error_and_then_recovers()
    {
        await using var server = TcpEchoServer.Start();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = new TcpConnectionPool(new TcpConnectionPoolOptions { TimeProvider = time, CreateRetryDelay = TimeSpan.FromMilliseconds(100) });
        server.RefuseNewConnections = true;
        var error = await Assert.ThrowsAsync<SocketException>(() => Eventually.Within(pool.RentAsync(server.EndPoint).AsTask()));
        Assert.Equal(SocketError.ConnectionRefused, error.SocketErrorCode);
        server.RefuseNewConnections = false;
        // Within the back-off the pool fails fast with the same error instead of connecting again.
        await Assert.ThrowsAsync<SocketException>(() => Eventually.Within(pool.RentAsync(server.EndPoint).AsTask()));
        Assert.Equal(0, server.AcceptedConnections);
        time.Advance(TimeSpan.FromMilliseconds(100)); // past the pool's creation back-off
        await using var lease = await Eventually.Within(pool.RentAsync(server.EndPoint).AsTask());
        Assert.Equal(new byte[] { 4 }, await EchoAsync(lease.Value, new byte[] { 4 }));
    }

    [LinuxFact]
    public async Task Thousand_requests_through_the_pool_leave_at_most_pool_size_time_wait_sockets()
    {
        await using var server = TcpEchoServer.Start();
        var pool = new TcpConnectionPool(new TcpConnectionPoolOptions { MaxConnectionsPerEndpoint = 4 });
        async Task Worker()
        {
            for (int i = 0; i < 250; i++)
            {
                await using var lease = await pool.RentAsync(server.EndPoint);
                await EchoAsync(lease.Value, new byte[] { 1, 2 });
            }
        }

        await Eventually.Within(Task.WhenAll(Worker(), Worker(), Worker(), Worker()), 30);
        Assert.InRange(server.AcceptedConnections, 1, 4);
        await pool.DisposeAsync();
        Assert.True(await Eventually.TrueAsync(() => server.OpenConnections == 0));
        Assert.InRange(TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.TimeWait), 0, 4);
        Assert.Equal(0, TcpSocketCounter.CountClientSockets(server.Port, LinuxTcpState.Established));
    }

    [Fact]
    public async Task Shared_pool_exists_and_survives_dispose()
    {
        await using var server = TcpEchoServer.Start();
        await TcpConnectionPool.Shared.DisposeAsync();
        await using (var lease = await TcpConnectionPool.Shared.RentAsync(server.EndPoint))
        {
            Assert.Equal(new byte[] { 8 }, await EchoAsync(lease.Value, new byte[] { 8 }));
        }

        Assert.Same(TcpConnectionPool.Shared, TcpConnectionPool.Shared);
    }

    [Fact]
    public async Task Disposed_pool_refuses_rents_and_closes_idle_sockets()
    {
        await using var server = TcpEchoServer.Start();
        var pool = new TcpConnectionPool();
        await using (var lease = await pool.RentAsync(server.EndPoint))
        {
            await EchoAsync(lease.Value, new byte[] { 1 });
        }

        await pool.DisposeAsync();
        Assert.True(await Eventually.TrueAsync(() => server.OpenConnections == 0));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(server.EndPoint).AsTask());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync(new IPEndPoint(IPAddress.Loopback, 1)).AsTask());
    }
}
