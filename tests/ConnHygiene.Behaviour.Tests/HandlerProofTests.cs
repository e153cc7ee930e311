using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0002 proven against a loopback Kestrel server: a handler created per call owns its own connection pool, so every
/// request opens a connection and, when the client disposes the handler, leaves a client TIME_WAIT socket; the code the
/// real fix produces (one static handler, clients with <c>disposeHandler: false</c>) computes the same result over one
/// pooled connection.
/// </summary>
[Collection(ProofCollection.Name)]
public class HandlerProofTests
{
    private const int Requests = 300;

    /// <summary>The rule page's example: an HttpClientHandler per call, handed to a client that disposes it.</summary>
    private const string HttpClientHandlerPerCall = """
        using System.Net;
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Snippet
        {
        """ + RequestLoop.RunAsync + """
            private static async Task<long> FetchAsync(string url)
            {
                var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip };
                using var client = new HttpClient(handler);
                var body = await client.GetStringAsync(url);
                return body.Length;
            }
        }
        """;

    /// <summary>A SocketsHttpHandler per call, disposed explicitly after the client.</summary>
    private const string SocketsHttpHandlerPerCall = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        public static class Snippet
        {
        """ + RequestLoop.RunAsync + """
            private static async Task<long> FetchAsync(string url)
            {
                var handler = new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) };
                var client = new HttpClient(handler);
                try
                {
                    var body = await client.GetStringAsync(url);
                    return body.Length;
                }
                finally
                {
                    client.Dispose();
                    handler.Dispose();
                }
            }
        }
        """;

    private readonly ITestOutputHelper _output;

    public HandlerProofTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("HttpClientHandler", HttpClientHandlerPerCall)]
    [InlineData("SocketsHttpHandler", SocketsHttpHandlerPerCall)]
    public async Task SharedHandlerFixCutsConnectionsAndTimeWait(string shape, string perCall)
    {
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var fixedSource = await ProofHarness.ApplyFixAsync(perCall, new HandlerPerOperationAnalyzer(), new HandlerPerOperationFixer(), EquivalenceKeys.HoistHandler, default);
        _output.WriteLine(fixedSource);
        Assert.Contains("private static readonly SocketsHttpHandler s_httpHandler", fixedSource);
        Assert.Contains("disposeHandler: false", fixedSource);

        var before = await CountingKestrelServer.MeasureAsync(perCall, Requests);
        var after = await CountingKestrelServer.MeasureAsync(fixedSource, Requests);
        _output.WriteLine(shape + " per call:");
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after);

        Assert.Equal(before.Result, after.Result);
        Assert.Equal(Requests, before.Connections);
        Assert.InRange(before.TimeWait, Requests * 9 / 10, Requests);
        Assert.InRange(after.Connections, 1, 2);
        Assert.InRange(after.TimeWait, 0, 2);
    }
}
