using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0014 proven against the runtime's loopback echo server in split-writes mode (every response sent one byte per
/// write): client code that reads a 4-byte length header and its payload with single reads gets short reads and
/// loses frame alignment; the code the real CH0014 fix produces reads every frame back intact.
/// </summary>
[Collection(ProofCollection.Name)]
public class InexactReadProofTests
{
    private const int Frames = 200;

    /// <summary>
    /// Each snippet sends <c>requests</c> frames (4-byte big-endian length + a payload of 200 to 1,999 bytes whose
    /// content depends on the frame number) over one connection, reads each echo back, and returns how many frames came
    /// back intact. A header whose length is out of range or a read that times out ends the run (the frames
    /// counted so far are returned): bounded in time, never a hang.
    /// </summary>
    private const string Common = """
        public static class Frames
        {
            public static byte[] Make(int i)
            {
                var length = 200 + (i * 37) % 1800;
                var frame = new byte[4 + length];
                System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame, length);
                for (var j = 0; j < length; j++)
                {
                    frame[4 + j] = (byte)(i * 31 + j);
                }

                return frame;
            }

            public static bool IsIntact(int i, int length, byte[] payload)
            {
                var expected = Make(i);
                if (length != expected.Length - 4)
                {
                    return false;
                }

                for (var j = 0; j < length; j++)
                {
                    if (payload[j] != expected[4 + j])
                    {
                        return false;
                    }
                }

                return true;
            }

            public static bool Plausible(int length) => length >= 200 && length < 2000;
        }
        """;

    private const string StreamClient = """
        using System;
        using System.Buffers.Binary;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Snippet
        {
            public static async Task<long> RunAsync(string target, int requests)
            {
                var parts = target.Split(':');
                using var client = new TcpClient();
                await client.ConnectAsync(parts[0], int.Parse(parts[1]));
                var stream = client.GetStream();
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                var ct = timeout.Token;
                long intact = 0;
                try
                {
                    for (var i = 0; i < requests; i++)
                    {
                        await stream.WriteAsync(Frames.Make(i), ct);
                        var header = new byte[4];
                        await stream.ReadAsync(header, 0, 4, ct);
                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        if (!Frames.Plausible(length))
                        {
                            return intact;
                        }

                        var payload = new byte[length];
                        await stream.ReadAsync(payload, 0, length, ct);
                        if (Frames.IsIntact(i, length, payload))
                        {
                            intact++;
                        }
                    }
                }
                catch (OperationCanceledException)
                {
                }

                return intact;
            }
        }
        """ + Common;

    private const string SocketClient = """
        using System;
        using System.Buffers.Binary;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public static class Snippet
        {
            public static async Task<long> RunAsync(string target, int requests)
            {
                var parts = target.Split(':');
                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync(parts[0], int.Parse(parts[1]));
                socket.ReceiveTimeout = 20_000;
                long intact = 0;
                try
                {
                    for (var i = 0; i < requests; i++)
                    {
                        socket.Send(Frames.Make(i));
                        var header = new byte[4];
                        socket.Receive(header, 0, 4, SocketFlags.None);
                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        if (!Frames.Plausible(length))
                        {
                            return intact;
                        }

                        var payload = new byte[length];
                        socket.Receive(payload, 0, length, SocketFlags.None);
                        if (Frames.IsIntact(i, length, payload))
                        {
                            intact++;
                        }
                    }
                }
                catch (SocketException)
                {
                }

                return intact;
            }
        }
        """ + Common;

    private readonly ITestOutputHelper _output;

    public InexactReadProofTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("NetworkStream.ReadAsync", StreamClient, "ReadExactlyAsync")]
    [InlineData("Socket.Receive", SocketClient, "received += read")]
    public async Task FixedCodeReadsEveryFrameIntactWhenTheServerSplitsWrites(string shape, string before, string fixMarker)
    {
        var after = await ProofHarness.ApplyFixAsync(before, new InexactReadAnalyzer(), new InexactReadFixer(), EquivalenceKeys.ReadFully, default);
        Assert.Contains(fixMarker, after);
        _output.WriteLine(after);

        var beforeIntact = await RunAgainstSplittingServerAsync(before);
        var afterIntact = await RunAgainstSplittingServerAsync(after);
        _output.WriteLine($"{shape}: {Frames} frames echoed in 1-byte writes; intact before the fix: {beforeIntact}, after: {afterIntact}");

        Assert.True(beforeIntact < Frames, $"{shape}: the code before the fix read all {Frames} frames intact; the server did not split its writes.");
        Assert.Equal(Frames, afterIntact);
    }

    private static async Task<long> RunAgainstSplittingServerAsync(string source)
    {
        await using var server = TcpEchoServer.Start(new LoopbackServerOptions { SplitWrites = true });
        return await ProofHarness.RunAsync<long>(source, ProofHarness.Host + ":" + server.Port, Frames);
    }
}
