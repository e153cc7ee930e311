using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0006 proven against a loopback Kestrel server: a WebClient per request opens a connection per request (and leaves
/// client TIME_WAIT sockets); the code the fix produces computes the same result over one pooled connection; and a
/// long-lived WebClient with credentials still connects anew for every request.
/// </summary>
[Collection(ProofCollection.Name)]
public class WebClientProofTests
{
    private readonly ITestOutputHelper _output;

    public WebClientProofTests(ITestOutputHelper output) => _output = output;

    private const int Requests = 400;

    /// <summary>
    /// A WebClient per request, downloading half the time synchronously and half asynchronously. HttpWebRequest caches
    /// one HttpClient for one set of settings (the mode is one of them), so at least every other request builds and
    /// disposes an HttpClient of its own, whatever the process-wide cache holds.
    /// </summary>
    private const string PerRequestWebClient = """
        using System.Net;
        using System.Threading.Tasks;

        public static class Snippet
        {
            public static async Task<long> RunAsync(string target, int requests)
            {
                long total = 0;
                for (var i = 0; i < requests; i++)
                {
                    total += await FetchAsync(target + "/n/" + i, i % 2 == 0);
                }

                return total;
            }

            private static async Task<long> FetchAsync(string url, bool blocking)
            {
                using var client = new WebClient();
                var body = blocking ? client.DownloadString(url) : await client.DownloadStringTaskAsync(url);
                return body.Length;
            }
        }
        """;

    [Fact]
    public async Task FixCutsConnectionsAndTimeWaitOfAPerRequestWebClient()
    {
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var fixedSource = await ProofHarness.ApplyFixAsync(PerRequestWebClient, new LegacyWebClientAnalyzer(), new LegacyWebClientFixer(), EquivalenceKeys.WebClientToSharedHttpClient, default);
        Assert.Contains("blocking ? await s_httpClient.GetStringAsync(url) : await s_httpClient.GetStringAsync(url)", fixedSource);

        var before = await CountingKestrelServer.MeasureAsync(PerRequestWebClient, Requests);
        var after = await CountingKestrelServer.MeasureAsync(fixedSource, Requests);
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after);

        Assert.Equal(before.Result, after.Result);
        Assert.InRange(before.Connections, Requests / 2, Requests);
        Assert.InRange(before.TimeWait, Requests / 2 * 9 / 10, Requests);
        Assert.InRange(after.Connections, 1, 2);
        Assert.InRange(after.TimeWait, 0, 2);
    }

    [Fact]
    public async Task WebClientWithCredentialsOpensAConnectionPerRequest()
    {
        // The rule page's premise: credentials (like a proxy, cookies or certificates) switch off HttpWebRequest's
        // client cache, so even one long-lived WebClient connects anew for every request.
        const string source = """
            using System.Net;
            using System.Threading.Tasks;

            public static class Snippet
            {
                private static readonly WebClient s_client = new WebClient { Credentials = new NetworkCredential("user", "secret") };

                public static async Task<long> RunAsync(string target, int requests)
                {
                    long total = 0;
                    for (var i = 0; i < requests; i++)
                    {
                        total += (await s_client.DownloadStringTaskAsync(target + "/n/" + i)).Length;
                    }

                    return total;
                }
            }
            """;
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var measured = await CountingKestrelServer.MeasureAsync(source, requests: 100);
        _output.WriteLine($"100 requests on one WebClient with credentials: {measured.Connections} connections accepted, {measured.TimeWait} client TIME_WAIT sockets");

        // Which side closes those connections first (and so holds the TIME_WAIT) depends on when the abandoned
        // clients are collected, so only the connection count is asserted.
        Assert.Equal(100, measured.Connections);
    }
}
