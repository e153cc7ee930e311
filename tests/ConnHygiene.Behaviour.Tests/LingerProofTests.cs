using System;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0013 proven on loopback: a sender writes a 256 kB message and closes, to a peer with a small receive window that
/// reads only after the sender has closed. The whole message fits in the sender's send buffer, so the write completes,
/// and most of it is still queued on the sender when it closes. With <c>LingerOption(true, 0)</c> the close throws that
/// queue away and sends a reset: the peer reads what its window held and then gets ECONNRESET. The code the real fix
/// produces closes gracefully: the kernel delivers the queue after the close and the peer reads every byte, then an
/// orderly end of stream. The setup makes the loss certain rather than likely, so every attempt must show it.
/// </summary>
[Collection(ProofCollection.Name)]
public class LingerProofTests
{
    private const int Payload = 256 * 1024;
    private const int PeerReceiveBuffer = 4096;
    private const int Attempts = 3;

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    /// <summary>Connects, sends one message of <c>bytes</c> bytes (byte i is <c>i * 7 + 3</c>) and closes.</summary>
    private const string AbortiveSender = """
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public static class Snippet
        {
            public static async Task<long> RunAsync(string host, int port, int bytes)
            {
                using var client = new TcpClient();
                client.LingerState = new LingerOption(true, 0);
                await client.ConnectAsync(host, port);
                var payload = new byte[bytes];
                for (var i = 0; i < payload.Length; i++)
                {
                    payload[i] = (byte)(i * 7 + 3);
                }

                var stream = client.GetStream();
                await stream.WriteAsync(payload);
                return payload.Length;
            }
        }
        """;

    private enum End
    {
        EndOfStream,
        Reset,
        TimedOut,
    }

    /// <summary>What the peer saw: bytes the sender wrote, bytes it received (all matching the sent bytes or not), how the stream ended.</summary>
    private readonly record struct PeerView(long Sent, long Received, bool Intact, End End, int SenderTimeWait);

    private readonly ITestOutputHelper _output;

    public LingerProofTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task ZeroLingerResetsThePeerAndLosesTheTailWhileTheFixDeliversEveryByte()
    {
        var fixedSource = await ProofHarness.ApplyFixAsync(AbortiveSender, new AbortiveCloseAnalyzer(), new AbortiveCloseFixer(), EquivalenceKeys.RemoveAbortiveLinger, default);
        Assert.Contains("LingerState", AbortiveSender, StringComparison.Ordinal);
        Assert.DoesNotContain("LingerState", fixedSource, StringComparison.Ordinal);

        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var before = await SendToSlowPeerAsync(AbortiveSender);
            var after = await SendToSlowPeerAsync(fixedSource);
            _output.WriteLine($"attempt {attempt}, linger 0: sent {before.Sent} bytes, peer received {before.Received} (intact: {before.Intact}), then {before.End}; sender TIME_WAIT sockets: {before.SenderTimeWait}");
            _output.WriteLine($"attempt {attempt}, fixed:    sent {after.Sent} bytes, peer received {after.Received} (intact: {after.Intact}), then {after.End}; sender TIME_WAIT sockets: {after.SenderTimeWait}");

            Assert.Equal(Payload, before.Sent);
            Assert.Equal(End.Reset, before.End);
            Assert.InRange(before.Received, 0, Payload - 1);
            Assert.True(before.Intact, "what did arrive before the reset must be the start of the message");

            Assert.Equal(Payload, after.Sent);
            Assert.Equal(End.EndOfStream, after.End);
            Assert.Equal(Payload, after.Received);
            Assert.True(after.Intact);
        }
    }

    /// <summary>
    /// Runs the sender snippet against a one-connection peer whose receive window is small and which starts reading
    /// only once the sender has returned (its socket closed); then reads to the end, bounded in time.
    /// </summary>
    private static async Task<PeerView> SendToSlowPeerAsync(string source)
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

        // Accepted sockets inherit the listener's receive buffer: the peer's window stays a few kB.
        listener.ReceiveBufferSize = PeerReceiveBuffer;
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var port = listener.LocalEndPoint is IPEndPoint endPoint ? endPoint.Port : throw new InvalidOperationException("The listener has no port.");
        var accepting = listener.AcceptAsync();
        var sending = ProofHarness.RunAsync<long>(source, ProofHarness.Host, port, Payload);
        using var peer = await accepting.WaitAsync(Timeout);

        long sent;
        try
        {
            sent = await sending.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new InvalidOperationException($"The sender could not write {Payload} bytes to a peer that is not reading within {Timeout.TotalSeconds} s: this machine's TCP send buffer is too small for the proof's setup.");
        }

        var (received, intact, end) = ReadToEnd(peer);
        peer.Dispose();
        return new PeerView(sent, received, intact, end, await SenderTimeWaitAsync(port));
    }

    private static (long Received, bool Intact, End End) ReadToEnd(Socket peer)
    {
        peer.ReceiveTimeout = (int)Timeout.TotalMilliseconds;
        var buffer = new byte[64 * 1024];
        long received = 0;
        var intact = true;
        while (received <= Payload)
        {
            int read;
            try
            {
                read = peer.Receive(buffer);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
            {
                return (received, intact, End.Reset);
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
            {
                return (received, intact, End.TimedOut);
            }

            if (read == 0)
            {
                return (received, intact, End.EndOfStream);
            }

            for (var i = 0; i < read; i++)
            {
                intact &= buffer[i] == (byte)((received + i) * 7 + 3);
            }

            received += read;
        }

        return (received, false, End.TimedOut);
    }

    /// <summary>The sender's sockets in TIME_WAIT once its close has settled (a graceful close leaves one; a reset none); -1 where they cannot be counted.</summary>
    private static async Task<int> SenderTimeWaitAsync(int port)
    {
        if (!TcpSocketCounter.IsSupported)
        {
            return -1;
        }

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(3);
        while (DateTime.UtcNow < deadline
            && TcpSocketCounter.CountClientSockets(port, LinuxTcpState.FinWait1) + TcpSocketCounter.CountClientSockets(port, LinuxTcpState.FinWait2) > 0)
        {
            await Task.Delay(50);
        }

        return TcpSocketCounter.CountClientSockets(port, LinuxTcpState.TimeWait);
    }
}
