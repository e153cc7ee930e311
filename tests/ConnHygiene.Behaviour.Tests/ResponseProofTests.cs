using System.Collections.Immutable;
using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0005's premise, proven against a loopback Kestrel server: 20 requests for a 200 kB body on one
/// <c>SocketsHttpHandler { MaxConnectionsPerServer = 1 }</c>, the response never disposed. A buffered response (the
/// default <c>GetAsync/PostAsync/SendAsync</c>) holds nothing once the call returns, so CH0005 does not report it; a
/// response that still holds its connection (<c>ResponseHeadersRead</c>, a plain <c>HttpMessageInvoker</c>) makes
/// the second request wait until its 2 s timeout, and the code the CH0005 fix produces does not.
/// </summary>
[Collection(ProofCollection.Name)]
public class ResponseProofTests
{
    private const int Requests = 20;

    private const string OneConnection = "1";

    private const string NoLimit = "int.MaxValue";

    private const string Fetch = "var response = await client.{0};\n        return response.IsSuccessStatusCode;";

    private readonly ITestOutputHelper _output;

    public ResponseProofTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("GetAsync(url, cancellationToken)")]
    [InlineData("PostAsync(url, new StringContent(\"{}\"), cancellationToken)")]
    [InlineData("SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken)")]
    public async Task BufferedResponseNeverDisposedHoldsNoConnection(string call)
    {
        var source = Snippet("HttpClient", OneConnection, string.Format(Fetch, call));
        Assert.Empty(await ReportedAsync(source));

        var run = await MeasureAsync(source);
        Write(call + ", never disposed", run);

        Assert.Equal((Requests, false), run.Result);
        Assert.Equal(1, run.Connections);
    }

    [Fact]
    public async Task HeadersReadResponseNeverDisposedStallsTheNextRequestAndTheFixDoesNot()
    {
        var leaky = Snippet("HttpClient", OneConnection, string.Format(Fetch, "GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)"));
        Assert.Single(await ReportedAsync(leaky));
        var fixedSource = await ProofHarness.ApplyFixAsync(leaky, new ResponseNotDisposedAnalyzer(), new ResponseNotDisposedFixer(), EquivalenceKeys.UsingResponse);
        Assert.Contains("using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead", fixedSource);

        var before = await MeasureAsync(leaky);
        var after = await MeasureAsync(fixedSource);
        Write("GetAsync(url, ResponseHeadersRead), never disposed", before);
        Write("GetAsync(url, ResponseHeadersRead), after the CH0005 fix", after);

        // The first response keeps the only connection: the second request times out waiting for it.
        Assert.Equal((1, true), before.Result);
        Assert.Equal(1, before.Connections);
        Assert.Equal((Requests, false), after.Result);
        Assert.Equal(1, after.Connections);
    }

    [Fact]
    public async Task HeadersReadResponseNeverDisposedOpensAConnectionPerRequestWithoutALimit()
    {
        var leaky = Snippet("HttpClient", NoLimit, string.Format(Fetch, "GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken)"));
        var fixedSource = await ProofHarness.ApplyFixAsync(leaky, new ResponseNotDisposedAnalyzer(), new ResponseNotDisposedFixer(), EquivalenceKeys.UsingResponse);

        var before = await MeasureAsync(leaky);
        var after = await MeasureAsync(fixedSource);
        Write("GetAsync(url, ResponseHeadersRead), never disposed, no MaxConnectionsPerServer", before);
        Write("GetAsync(url, ResponseHeadersRead), after the CH0005 fix, no MaxConnectionsPerServer", after);

        Assert.Equal((Requests, false), before.Result);
        Assert.Equal(Requests, before.Connections);
        Assert.Equal((Requests, false), after.Result);
        Assert.Equal(1, after.Connections);
    }

    [Fact]
    public async Task PlainInvokerResponseNeverDisposedStallsTheNextRequest()
    {
        var leaky = Snippet("HttpMessageInvoker", OneConnection, string.Format(Fetch, "SendAsync(new HttpRequestMessage(HttpMethod.Get, url), cancellationToken)"));
        Assert.Single(await ReportedAsync(leaky));
        var fixedSource = await ProofHarness.ApplyFixAsync(leaky, new ResponseNotDisposedAnalyzer(), new ResponseNotDisposedFixer(), EquivalenceKeys.UsingResponse);

        var before = await MeasureAsync(leaky);
        var after = await MeasureAsync(fixedSource);
        Write("HttpMessageInvoker.SendAsync, never disposed", before);
        Write("HttpMessageInvoker.SendAsync, after the CH0005 fix", after);

        Assert.Equal((1, true), before.Result);
        Assert.Equal((Requests, false), after.Result);
        Assert.Equal(1, after.Connections);
    }

    [Fact]
    public async Task GetStreamAsyncStreamNeverDisposedStallsTheNextRequest()
    {
        var leaky = Snippet("HttpClient", OneConnection, "var stream = await client.GetStreamAsync(url, cancellationToken);\n        return stream.ReadByte() >= 0;");
        Assert.Single(await ReportedAsync(leaky));
        var fixedSource = await ProofHarness.ApplyFixAsync(leaky, new ResponseNotDisposedAnalyzer(), new ResponseNotDisposedFixer(), EquivalenceKeys.UsingResponse);
        Assert.Contains("using var stream = await client.GetStreamAsync(url, cancellationToken);", fixedSource);

        var before = await MeasureAsync(leaky);
        var after = await MeasureAsync(fixedSource);
        Write("GetStreamAsync, one byte read, never disposed", before);
        Write("GetStreamAsync, after the CH0005 fix", after);

        Assert.Equal((1, true), before.Result);
        Assert.Equal((Requests, false), after.Result);
        Assert.Equal(1, after.Connections);
    }

    [Fact]
    public async Task HeadersReadContentReadToTheEndReleasesAndAPartialStreamReadDoesNot()
    {
        var readToTheEnd = Snippet("HttpClient", OneConnection, """
            var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
                    return body.Length == Size;
            """);
        var partial = Snippet("HttpClient", OneConnection, """
            var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                    return stream.ReadByte() >= 0;
            """);
        Assert.Empty(await ReportedAsync(readToTheEnd));
        Assert.Single(await ReportedAsync(partial));

        var read = await MeasureAsync(readToTheEnd);
        var partly = await MeasureAsync(partial);
        Write("GetAsync(url, ResponseHeadersRead), content read to the end, never disposed", read);
        Write("GetAsync(url, ResponseHeadersRead), one byte of the content stream read, never disposed", partly);

        Assert.Equal((Requests, false), read.Result);
        Assert.Equal(1, read.Connections);
        Assert.Equal((1, true), partly.Result);
    }

    /// <summary>
    /// A snippet that sends <see cref="Requests"/> requests for a 200 kB body through one <paramref name="clientType"/>
    /// on a <c>SocketsHttpHandler</c> with <paramref name="maxConnections"/>, each bounded by a 2 s timeout, and
    /// returns how many completed and whether one timed out (the run stops there).
    /// </summary>
    private static string Snippet(string clientType, string maxConnections, string fetch) => $$"""
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Snippet
        {
            private const int Size = 200_000;

            public static async Task<(int Completed, bool TimedOut)> RunAsync(string target, int requests)
            {
                using var client = new {{clientType}}(new SocketsHttpHandler { MaxConnectionsPerServer = {{maxConnections}} });
                for (var i = 0; i < requests; i++)
                {
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                    try
                    {
                        if (!await FetchAsync(client, target + "/bytes/" + Size, timeout.Token))
                        {
                            throw new InvalidOperationException("request " + (i + 1) + " failed");
                        }
                    }
                    catch (OperationCanceledException) when (timeout.IsCancellationRequested)
                    {
                        return (i, true);
                    }
                }

                return (requests, false);
            }

            private static async Task<bool> FetchAsync({{clientType}} client, string url, CancellationToken cancellationToken)
            {
                {{fetch}}
            }
        }
        """;

    private static async Task<Measurement<(int Completed, bool TimedOut)>> MeasureAsync(string source)
    {
        await using var server = await CountingKestrelServer.StartAsync();
        return await ProofHarness.MeasureAsync(
            server.Port, () => server.AcceptedConnections, () => ProofHarness.RunAsync<(int Completed, bool TimedOut)>(source, server.BaseAddress, Requests));
    }

    /// <summary>The CH0005 diagnostics on <paramref name="source"/>.</summary>
    private static async Task<ImmutableArray<Diagnostic>> ReportedAsync(string source)
    {
        var project = AdhocProject.Create(new[] { ("/0/Snippet.cs", source) }, TestReferences.Net10AspNetCore);
        return await new CodeFixRunner(new ResponseNotDisposedAnalyzer(), new ResponseNotDisposedFixer()).FixableDiagnosticsAsync(project, default);
    }

    private void Write(string shape, Measurement<(int Completed, bool TimedOut)> run)
        => _output.WriteLine(
            $"{shape}: {run.Result.Completed}/{Requests} completed"
            + (run.Result.TimedOut ? $", request {run.Result.Completed + 1} timed out after 2 s" : string.Empty)
            + $", {run.Connections} connection(s) accepted");
}
