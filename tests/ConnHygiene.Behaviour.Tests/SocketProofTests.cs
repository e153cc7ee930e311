using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0010 and CH0011 proven against the runtime's loopback echo server: each snippet makes 1,000 request/response
/// exchanges (a 4-byte number written and read back, the numbers summed). Before the fix every exchange opens a
/// connection and leaves a client TIME_WAIT socket; the code the fix produces computes the same sum over at most the
/// pool's connections per endpoint, and leaves at most that many TIME_WAIT sockets (its connections closed at the end
/// included).
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class SocketProofTests
{
    private const int Requests = 1_000;

    private const string Echo = """
            private static async Task<int> EchoAsync(string host, int port, int value)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(host, port);
                var stream = client.GetStream();
                var buffer = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(buffer, value);
                await stream.WriteAsync(buffer);
                await stream.ReadExactlyAsync(buffer);
                return BinaryPrimitives.ReadInt32BigEndian(buffer);
            }
        """;

    private const string Usings = """
        using System.Buffers.Binary;
        using System.Linq;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        """;

    /// <summary>CH0010: a helper that connects, exchanges and closes, called from a loop.</summary>
    private const string HelperInALoop = Usings + """
        public static class Snippet
        {
            public static async Task<string> RunAsync(string host, int port, int requests)
            {
                long sum = 0;
                for (var i = 0; i < requests; i++)
                {
                    sum += await EchoAsync(host, port, i);
                }

                return sum.ToString();
            }

        """ + Echo + """
        }
        """;

    /// <summary>CH0010: the same helper called by 32 concurrent workers (more than the pool's 16 per endpoint).</summary>
    private const string ConcurrentWorkers = Usings + """
        public static class Snippet
        {
            public static async Task<string> RunAsync(string host, int port, int requests)
            {
                const int workers = 32;
                var sums = new long[workers];
                var tasks = new Task[workers];
                for (var w = 0; w < workers; w++)
                {
                    var worker = w;
                    tasks[w] = Task.Run(async () =>
                    {
                        for (var i = worker; i < requests; i += workers)
                        {
                            sums[worker] += await EchoAsync(host, port, i);
                        }
                    });
                }

                await Task.WhenAll(tasks);
                return sums.Sum().ToString();
            }

        """ + Echo + """
        }
        """;

    /// <summary>CH0010 in synchronous code: the fix rents with a blocking wait.</summary>
    private const string SynchronousHelper = Usings + """
        public static class Snippet
        {
            public static Task<string> RunAsync(string host, int port, int requests) => Task.Run(() =>
            {
                long sum = 0;
                for (var i = 0; i < requests; i++)
                {
                    sum += Echo(host, port, i);
                }

                return sum.ToString();
            });

            private static int Echo(string host, int port, int value)
            {
                using var client = new TcpClient();
                client.Connect(host, port);
                var stream = client.GetStream();
                var buffer = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(buffer, value);
                stream.Write(buffer);
                stream.ReadExactly(buffer);
                return BinaryPrimitives.ReadInt32BigEndian(buffer);
            }
        }
        """;

    /// <summary>CH0011: connect and close in every iteration of the loop itself.</summary>
    private const string ConnectInLoop = Usings + """
        public static class Snippet
        {
            public static async Task<string> RunAsync(string host, int port, int requests)
            {
                long sum = 0;
                var buffer = new byte[4];
                for (var i = 0; i < requests; i++)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port);
                    using var stream = client.GetStream();
                    BinaryPrimitives.WriteInt32BigEndian(buffer, i);
                    await stream.WriteAsync(buffer);
                    await stream.ReadExactlyAsync(buffer);
                    sum += BinaryPrimitives.ReadInt32BigEndian(buffer);
                }

                return sum.ToString();
            }
        }
        """;

    private readonly ITestOutputHelper _output;

    public SocketProofTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public Task CH0010_pool_fix_for_a_helper_called_from_a_loop()
        => ProveAsync(HelperInALoop, new SocketPerOperationFixer(), EquivalenceKeys.RentSocketFromPool, "await TcpConnectionPool.Shared.RentAsync(host, port)");

    [Fact]
    public Task CH0010_pool_fix_under_concurrency_stays_within_the_pool_size()
        => ProveAsync(ConcurrentWorkers, new SocketPerOperationFixer(), EquivalenceKeys.RentSocketFromPool, "await TcpConnectionPool.Shared.RentAsync(host, port)");

    [Fact]
    public Task CH0010_pool_fix_in_synchronous_code()
        => ProveAsync(SynchronousHelper, new SocketPerOperationFixer(), EquivalenceKeys.RentSocketFromPool, "TcpConnectionPool.Shared.RentAsync(host, port).AsTask().GetAwaiter().GetResult()");

    [Fact]
    public Task CH0011_hoist_fix_connects_once()
        => ProveAsync(ConnectInLoop, new ConnectInLoopFixer(), EquivalenceKeys.HoistConnection, "await client.ConnectAsync(host, port);\n        for (");

    [Fact]
    public Task CH0011_pool_fix_rents_in_the_loop()
        => ProveAsync(ConnectInLoop, new ConnectInLoopFixer(), EquivalenceKeys.RentInLoopFromPool, "await TcpConnectionPool.Shared.RentAsync(host, port)");

    private async Task ProveAsync(string snippet, CodeFixProvider fixer, string equivalenceKey, string expectedShape)
    {
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var fixedSnippet = await ProofHarness.ApplyFixAsync(snippet, new SocketPerOperationAnalyzer(), fixer, equivalenceKey);
        _output.WriteLine("Fixed code (" + equivalenceKey + "):\n" + fixedSnippet);
        Assert.Contains(expectedShape, fixedSnippet.Replace("\r\n", "\n"), System.StringComparison.Ordinal);

        var before = await MeasureAsync(snippet);
        var after = await MeasureAsync(fixedSnippet);
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after, $" (pool size {ProofHarness.PoolMax})");

        Assert.Equal(before.Result, after.Result);
        Assert.Equal(Requests, before.Connections);
        Assert.InRange(before.TimeWait, Requests * 9 / 10, Requests);
        Assert.InRange(after.Connections, 1, ProofHarness.PoolMax);
        Assert.InRange(after.TimeWait, 0, ProofHarness.PoolMax);
    }

    /// <summary>Runs the snippet against a fresh echo server and counts what it did to the network.</summary>
    private static async Task<Measurement<string>> MeasureAsync(string snippet)
    {
        await using var server = TcpEchoServer.Start();
        return await ProofHarness.MeasureAsync(server.Port, () => server.AcceptedConnections, () => ProofHarness.RunAsync<string>(snippet, ProofHarness.Host, server.Port, Requests));
    }
}
