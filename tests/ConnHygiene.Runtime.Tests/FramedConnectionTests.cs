using System;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Framing;
using ConnHygiene.Runtime.Testing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class FramedConnectionTests
{
    private static FramingOptions Heartbeats(TimeProvider time, int intervalMs, int missed = 2) => new()
    {
        HeartbeatInterval = TimeSpan.FromMilliseconds(intervalMs),
        MaxMissedHeartbeats = missed,
        TimeProvider = time,
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Many_requests_in_flight_on_one_connection_get_their_own_responses(bool splitWrites)
    {
        await using var server = FramedEchoServer.Start(new LoopbackServerOptions { SplitWrites = splitWrites });
        await using var connection = await FramedConnection.ConnectAsync(server.EndPoint);
        var requests = Enumerable.Range(0, 200).Select(async i =>
        {
            byte[] request = Encoding.UTF8.GetBytes("request " + i + new string('x', i));
            byte[] response = await connection.RequestAsync(request);
            Assert.Equal(request, response);
        });
        await Eventually.Within(Task.WhenAll(requests), 30);
        Assert.Equal(1, server.AcceptedConnections);
        Assert.Equal(0, connection.PendingRequests);
    }

    [Fact]
    public async Task Data_frames_are_received()
    {
        await using var server = FramedEchoServer.Start();
        await using var connection = await FramedConnection.ConnectAsync(server.EndPoint);
        await connection.SendAsync(new byte[] { 1, 2, 3 });
        Assert.Equal(new byte[] { 1, 2, 3 }, await Eventually.Within(connection.ReceiveAsync().AsTask()));
    }

    [Fact]
    public async Task Two_connections_answer_each_others_requests()
    {
        await using var pair = new SocketPair();
        await using var server = new FramedConnection(pair.ServerStream, requestHandler: (request, _) =>
            new ValueTask<ReadOnlyMemory<byte>>(request.ToArray().Reverse().ToArray()));
        await using var client = new FramedConnection(pair.ClientStream);
        Assert.Equal(new byte[] { 3, 2, 1 }, await Eventually.Within(client.RequestAsync(new byte[] { 1, 2, 3 }).AsTask()));
        var error = await Assert.ThrowsAsync<System.IO.IOException>(() => Eventually.Within(server.RequestAsync(new byte[] { 1 }).AsTask()));
        Assert.Contains("No request handler", error.Message);
    }

    [Fact]
    public async Task Idle_connection_sends_heartbeats_and_stays_alive_while_they_are_answered()
    {
        await using var server = FramedEchoServer.Start();
        FakeTimeProvider time = FakeTime.Create();
        await using var connection = await FramedConnection.ConnectAsync(server.EndPoint, Heartbeats(time, 50));
        // Far more intervals than MaxMissedHeartbeats (2): only the answers keep the connection alive. A heartbeat
        // goes out on an interval in which nothing arrived, so with every answer back in time, every other one.
        for (int tick = 1; tick <= 10; tick++)
        {
            time.Advance(TimeSpan.FromMilliseconds(50));
            int answers = (tick + 1) / 2;
            Assert.True(await Eventually.TrueAsync(() => connection.FramesReceived == answers), $"answer {answers} did not arrive");
            Assert.True(connection.IsAlive);
        }

        Assert.Equal(5, connection.HeartbeatsSent);
        Assert.Equal(5, server.PingsReceived);
        Assert.Equal(new byte[] { 5 }, await connection.RequestAsync(new byte[] { 5 }));
    }

    [Fact]
    public async Task Peer_that_stops_answering_heartbeats_is_declared_dead_and_pending_requests_fail()
    {
        await using var server = FramedEchoServer.Start(new LoopbackServerOptions { AnswerHeartbeats = false });
        FakeTimeProvider time = FakeTime.Create();
        await using var connection = await FramedConnection.ConnectAsync(server.EndPoint, Heartbeats(time, 60, missed: 2));
        time.Advance(TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(60));
        Assert.True(connection.IsAlive); // two heartbeats out, none answered yet: not dead before the third interval
        time.Advance(TimeSpan.FromMilliseconds(60));
        await Assert.ThrowsAsync<PeerUnresponsiveException>(() => Eventually.Within(connection.Completion, 5));
        Assert.False(connection.IsAlive);
        Assert.Equal(2, connection.HeartbeatsSent);
        await Assert.ThrowsAsync<PeerUnresponsiveException>(() => connection.RequestAsync(new byte[] { 1 }).AsTask());
    }

    [Fact]
    public async Task Pool_destroys_a_connection_whose_peer_was_declared_dead()
    {
        await using var server = FramedEchoServer.Start(new LoopbackServerOptions { AnswerHeartbeats = false });
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = new ConnectionPool<FramedConnection>(
            ct => FramedConnection.ConnectAsync(server.EndPoint, Heartbeats(time, 50, missed: 2), cancellationToken: ct),
            new ConnectionPoolOptions<FramedConnection> { MaxSize = 1, Validate = FramedConnection.Validator });
        FramedConnection first;
        await using (var lease = await pool.RentAsync())
        {
            first = lease.Value;
            Assert.Equal(new byte[] { 1 }, await lease.Value.RequestAsync(new byte[] { 1 }));
        }

        time.Advance(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(50));
        Assert.True(await Eventually.TrueAsync(() => !first.IsAlive));
        await using (var lease = await pool.RentAsync())
        {
            Assert.NotSame(first, lease.Value);
            Assert.True(lease.Value.IsAlive);
        }

        Assert.Equal(2, server.AcceptedConnections);
    }

    [Fact]
    public async Task Pending_requests_fail_when_the_server_resets()
    {
        await using var server = FramedEchoServer.Start(new LoopbackServerOptions { ResetProbability = 1 });
        await using var connection = await FramedConnection.ConnectAsync(server.EndPoint);
        await Assert.ThrowsAsync<System.IO.IOException>(() => Eventually.Within(connection.RequestAsync(new byte[] { 1 }).AsTask()));
        Assert.False(connection.IsAlive);
    }

    [Fact]
    public async Task Canceled_request_is_dropped_and_a_late_response_ignored()
    {
        await using var pair = new SocketPair();
        var release = new TaskCompletionSource<bool>();
        await using var server = new FramedConnection(pair.ServerStream, requestHandler: async (request, _) =>
        {
            await release.Task;
            return request;
        });
        await using var client = new FramedConnection(pair.ClientStream);
        using var cts = new CancellationTokenSource(100);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(client.RequestAsync(new byte[] { 1 }, cts.Token).AsTask()));
        Assert.Equal(0, client.PendingRequests);
        release.SetResult(true);
        Assert.Equal(new byte[] { 2 }, await Eventually.Within(client.RequestAsync(new byte[] { 2 }).AsTask()));
        Assert.True(client.IsAlive);
    }
}
