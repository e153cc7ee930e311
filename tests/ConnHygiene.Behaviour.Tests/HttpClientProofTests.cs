using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0001 proven against a loopback Kestrel server: the code before the fix opens a connection per request and leaves
/// a client TIME_WAIT socket behind each; the code the fix produces computes the same result over one pooled connection.
/// </summary>
[Collection(ProofCollection.Name)]
public class HttpClientProofTests
{
    private const int Requests = 1_000;

    private const string PerRequestClient = """
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Snippet
        {
            public static async Task<long> RunAsync(string target, int requests)
            {
                long total = 0;
                for (var i = 0; i < requests; i++)
                {
                    total += await FetchAsync(target + "/n/" + i);
                }

                return total;
            }

            private static async Task<long> FetchAsync(string url)
            {
                using var client = new HttpClient();
                var body = await client.GetStringAsync(url);
                return body.Length;
            }
        }
        """;

    private readonly ITestOutputHelper _output;

    public HttpClientProofTests(ITestOutputHelper output) => _output = output;

    [Fact]
    public async Task SharedClientFixCutsConnectionsAndTimeWait()
    {
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var fixedSource = await ProofHarness.ApplyFixAsync(PerRequestClient, new HttpClientPerOperationAnalyzer(), new HttpClientPerOperationFixer(), EquivalenceKeys.SharedClient, default);
        Assert.Contains("private static readonly HttpClient", fixedSource);

        var before = await CountingKestrelServer.MeasureAsync(PerRequestClient, Requests);
        var after = await CountingKestrelServer.MeasureAsync(fixedSource, Requests);
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after);

        Assert.Equal(before.Result, after.Result);
        Assert.InRange(before.Connections, Requests, Requests);
        Assert.InRange(before.TimeWait, Requests * 9 / 10, Requests);
        Assert.InRange(after.Connections, 1, 2);
        Assert.InRange(after.TimeWait, 0, 2);
    }

    [Fact]
    public async Task ConnectionWatchFailsTheCodeBeforeTheFixNamingCH0001AndPassesTheCodeAfterIt()
    {
        const int Calls = 50;
        var fixedSource = await ProofHarness.ApplyFixAsync(PerRequestClient, new HttpClientPerOperationAnalyzer(), new HttpClientPerOperationFixer(), EquivalenceKeys.SharedClient, default);
        await using var server = await CountingKestrelServer.StartAsync();

        using (var watch = ConnectionWatch.Start(ConnectionFilter.ForPort(server.Port)))
        {
            await ProofHarness.RunAsync<long>(PerRequestClient, server.BaseAddress, Calls);
            var churn = Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(2));
            _output.WriteLine(churn.Message);
            Assert.Equal(Calls, churn.Snapshot.Opened);
            Assert.Contains($"{Calls} by HttpClient for {Calls} HTTP requests, {Calls} of them closed by HttpClient", churn.Message);
            Assert.Contains("CH0001", churn.Message);
        }

        using (var watch = ConnectionWatch.Start(ConnectionFilter.ForPort(server.Port)))
        {
            await ProofHarness.RunAsync<long>(fixedSource, server.BaseAddress, Calls);
            watch.AssertAtMost(2);
            _output.WriteLine("after the fix: " + watch.Snapshot());
        }
    }
}
