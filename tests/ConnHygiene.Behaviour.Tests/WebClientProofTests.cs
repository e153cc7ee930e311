using System;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using ConnHygiene.Tests.Meta;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0006 proven against a loopback Kestrel server: a WebClient per request opens a connection per request (and leaves
/// client TIME_WAIT sockets); the code the fix produces computes the same result over one pooled connection; and a
/// long-lived WebClient, which the rule reports although it is made once, still connects anew for every request when it
/// has credentials, while the rule page's hand-written replacement connects once.
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

        // Both downloads become the same call, and the choice between them goes (its condition has no side effects).
        Assert.Contains("var body = await s_httpClient.GetStringAsync(url);", fixedSource);
        Assert.DoesNotContain("blocking ?", fixedSource);

        var before = await CountingKestrelServer.MeasureAsync(PerRequestWebClient, Requests);
        var after = await CountingKestrelServer.MeasureAsync(fixedSource, Requests);
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after);

        Assert.Equal(before.Result, after.Result);
        Assert.InRange(before.Connections, Requests / 2, Requests);
        Assert.InRange(before.TimeWait, Requests / 2 * 9 / 10, Requests);
        Assert.InRange(after.Connections, 1, 2);
        Assert.InRange(after.TimeWait, 0, 2);
    }

    /// <summary>A long-lived WebClient with credentials: CH0006 reports it although it is made once.</summary>
    private const string LongLivedWebClientWithCredentials = """
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

    /// <summary>The rule page's hand-written replacement for it: the credentials on the handler of one shared HttpClient.</summary>
    private const string PageReplacement = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Snippet
        {
            private static readonly HttpClient s_authenticated = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                Credentials = new NetworkCredential("user", "secret"),
            });

            public static async Task<long> RunAsync(string target, int requests)
            {
                long total = 0;
                for (var i = 0; i < requests; i++)
                {
                    total += (await s_authenticated.GetStringAsync(target + "/n/" + i)).Length;
                }

                return total;
            }
        }
        """;

    [Fact]
    public async Task LongLivedWebClientIsReportedBecauseItConnectsPerRequestAndThePagesReplacementDoesNot()
    {
        // CH0006 reports a WebClient wherever it is made, not only per operation (the rule page): one static WebClient
        // with credentials is reported, gets no automatic fix (credentials have no faithful rewrite), and really opens a
        // connection per request, while the page's hand-written replacement opens one and trips no ConnHygiene rule.
        const int requests = 100;
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var runner = new CodeFixRunner(new LegacyWebClientAnalyzer(), new LegacyWebClientFixer());
        var project = SnippetProject(LongLivedWebClientWithCredentials);
        var reported = Assert.Single(await runner.FixableDiagnosticsAsync(project, default));
        Assert.StartsWith("new WebClient {", reported.Location.SourceTree?.GetText().ToString(reported.Location.SourceSpan));
        Assert.Empty(await runner.ActionsAsync(project, reported, default));
        Assert.Empty(await ConnHygieneDiagnosticsAsync(SnippetProject(PageReplacement)));

        var before = await CountingKestrelServer.MeasureAsync(LongLivedWebClientWithCredentials, requests);
        var after = await CountingKestrelServer.MeasureAsync(PageReplacement, requests);
        ProofHarness.WriteBeforeAndAfter(_output, requests, before, after, " (the rule page's hand-written replacement)");

        // Which side closes the per-request connections first (and so holds the TIME_WAIT) depends on when the
        // abandoned clients are collected, so only their count is asserted before the change.
        Assert.Equal(before.Result, after.Result);
        Assert.Equal(requests, before.Connections);
        Assert.Equal(1, after.Connections);
        Assert.InRange(after.TimeWait, 0, 1);
    }

    private static Project SnippetProject(string source)
        => AdhocProject.Create(new[] { ("/0/Snippet.cs", source) }, TestReferences.Net10AspNetCore);

    /// <summary>What every ConnHygiene analyzer reports on the project.</summary>
    private static async Task<ImmutableArray<Diagnostic>> ConnHygieneDiagnosticsAsync(Project project)
    {
        var analyzers = RuleCatalog.CreateAnalyzers();
        var compilation = await project.GetCompilationAsync() ?? throw new InvalidOperationException("The snippet has no compilation.");
        return await compilation.WithAnalyzers(analyzers).GetAnalyzerDiagnosticsAsync();
    }
}
