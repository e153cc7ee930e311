using System;
using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ConnHygiene.Runtime.Testing.Tests;

/// <summary>
/// A connect whose stop arrives late, on another thread, is still counted: the watch waits (bounded) for connects in
/// progress before it answers, and correlates start and stop across threads. A loopback connect completes too fast to
/// catch in progress, so these tests raise the same events the runtime raises, with the same names and payloads, from
/// an event source of the same name.
/// </summary>
public class PendingConnectTests
{
    [Fact]
    public async Task ASnapshotWaitsForAConnectWhoseStopArrivesLaterOnAnotherThread()
    {
        using var port = BoundPort(out var target);
        using var watch = ConnectionWatch.Start(target);
        using var started = new ManualResetEventSlim();
        var connect = Task.Run(async () =>
        {
            // Task.Run: the mark the start leaves in the execution context flows into this task (and the delayed stop), not into the test.
            SocketsEvents.Log.ConnectStart(AddressText(target));
            started.Set();
            await Task.Delay(400);
            SocketsEvents.Log.ConnectStop();
        });
        Assert.True(started.Wait(TimeSpan.FromSeconds(10)));

        var clock = Stopwatch.StartNew();
        var snapshot = watch.Snapshot();
        clock.Stop();

        Assert.Equal(1, snapshot.Opened);
        Assert.Equal(0, snapshot.Pending);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(200), $"the snapshot answered after {clock.Elapsed.TotalMilliseconds} ms, before the stop");
        await connect;
    }

    [Fact]
    public async Task AFailureOnAnotherThreadIsAttributedToItsConnect()
    {
        using var port = BoundPort(out var target);
        using var watch = ConnectionWatch.Start(target);
        await Task.Run(async () =>
        {
            SocketsEvents.Log.ConnectStart(AddressText(target));
            await Task.Yield();
            await Task.Run(() =>
            {
                SocketsEvents.Log.ConnectFailed((int)SocketError.TimedOut, "timed out");
                SocketsEvents.Log.ConnectStop();
            });
        });

        var snapshot = watch.Snapshot();
        Assert.Equal(0, snapshot.Opened);
        Assert.Equal(1, snapshot.Failed);
        Assert.Equal(SocketError.TimedOut, snapshot.EndPoints[0].LastError);
    }

    [Fact]
    public async Task AConnectStillInProgressAfterTheSettleTimeoutCountsAgainstTheLimit()
    {
        using var port = BoundPort(out var target);
        using var watch = ConnectionWatch.Start(target);
        watch.SettleTimeout = TimeSpan.FromMilliseconds(100);
        await Task.Run(() => SocketsEvents.Log.ConnectStart(AddressText(target)));

        var snapshot = watch.Snapshot();
        Assert.Equal(0, snapshot.Opened);
        Assert.Equal(1, snapshot.Pending);
        var churn = Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(0));
        Assert.Contains("1 connect still in progress", churn.Message);
    }

    [Fact]
    public async Task IPv6AndIPv4MappedAddressesAreReadAndMatched()
    {
        using var port = BoundPort(out var target);
        using var watch = ConnectionWatch.Start(ConnectionFilter.ForPort(target.Port));
        var mapped = new byte[16];
        mapped[10] = 0xFF;
        mapped[11] = 0xFF;
        target.Address.GetAddressBytes().CopyTo(mapped, 12);
        foreach (var address in new[] { mapped, IPAddress.IPv6Loopback.GetAddressBytes() })
        {
            await Task.Run(() =>
            {
                SocketsEvents.Log.ConnectStart(IPv6AddressText(address, target.Port));
                SocketsEvents.Log.ConnectStop();
            });
        }

        var snapshot = watch.Snapshot();
        Assert.Equal(2, snapshot.Opened);
        Assert.Equal(1, snapshot.OpenedTo(target));
        Assert.Equal(1, snapshot.OpenedTo(new IPEndPoint(IPAddress.Parse("::ffff:" + target.Address), target.Port)));
        Assert.Equal(1, snapshot.OpenedTo(new IPEndPoint(IPAddress.IPv6Loopback, target.Port)));
    }

    // SocketAddress.ToString() of an IPv6 endpoint: port, 4 flow-info bytes, 16 address bytes, 4 scope-id bytes.
    private static string IPv6AddressText(byte[] address, int port)
        => "InterNetworkV6:28:{" + (port >> 8) + "," + (port & 0xFF) + ",0,0,0,0," + string.Join(",", address) + ",0,0,0,0}";

    // Holds a free loopback port (bound, not listening) so that no real connection can match the watch.
    private static Socket BoundPort(out IPEndPoint endPoint)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        endPoint = (IPEndPoint)socket.LocalEndPoint!;
        return socket;
    }

    // SocketAddress.ToString() of an IPv4 endpoint, as the runtime writes it into ConnectStart.
    private static string AddressText(IPEndPoint endPoint)
    {
        var bytes = endPoint.Address.GetAddressBytes();
        return string.Format(CultureInfo.InvariantCulture, "InterNetwork:16:{{{0},{1},{2},{3},{4},{5},0,0,0,0,0,0,0,0}}", endPoint.Port >> 8, endPoint.Port & 0xFF, bytes[0], bytes[1], bytes[2], bytes[3]);
    }

    // Same name as the runtime's source (the watch matches by name); its own Guid, since two sources may not share one.
    [EventSource(Name = "System.Net.Sockets", Guid = "6f0d2b1e-3a57-4c1b-9a0e-2f3c5d7e9a11")]
    private sealed class SocketsEvents : EventSource
    {
        public static readonly SocketsEvents Log = new();

        [Event(1, Level = EventLevel.Informational)]
        public void ConnectStart(string address) => WriteEvent(1, address);

        [Event(2, Level = EventLevel.Informational)]
        public void ConnectStop() => WriteEvent(2);

        [Event(3, Level = EventLevel.Error)]
        public void ConnectFailed(int error, string exceptionMessage) => WriteEvent(3, error, exceptionMessage);
    }
}
