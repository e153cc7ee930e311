using System;
using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Runtime.Testing;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0004 proven against a loopback Kestrel server: one shared client (so nothing but keep-alive is wrong) that turns
/// keep-alive off opens a connection per request, and every one of them is closed and leaves a TIME_WAIT socket on one
/// side or the other; the code the real fix produces (the setting removed, or a zero lifetime given the configured
/// one) computes the same result over one connection.
/// </summary>
[Collection(ProofCollection.Name)]
public class KeepAliveProofTests
{
    private const int Requests = 200;

    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(3);

    private const string Usings = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        """;

    private const string SharedClient = """
            private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

        """;

    private const string GetString = """
            private static async Task<long> FetchAsync(string url) => (await s_client.GetStringAsync(url)).Length;
        }
        """;

    /// <summary><c>request.Headers.ConnectionClose = true</c> on every request.</summary>
    private const string ConnectionCloseOnRequest = Usings + "public static class Snippet\n{\n" + SharedClient + RequestLoop.RunAsync + """
            private static async Task<long> FetchAsync(string url)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.ConnectionClose = true;
                using var response = await s_client.SendAsync(request);
                return (await response.Content.ReadAsStringAsync()).Length;
            }
        }
        """;

    /// <summary>A <c>Connection: close</c> default header, set once in the static constructor.</summary>
    private const string ConnectionCloseHeader = Usings + "public static class Snippet\n{\n" + SharedClient + """
            static Snippet()
            {
                s_client.DefaultRequestHeaders.TryAddWithoutValidation("Connection", "close");
            }

        """ + RequestLoop.RunAsync + GetString;

    /// <summary>No connection may stay idle in the pool.</summary>
    private const string ZeroIdleTimeout = Usings + "public static class Snippet\n{\n" + """
            private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                PooledConnectionIdleTimeout = TimeSpan.Zero,
            });

        """ + RequestLoop.RunAsync + GetString;

    /// <summary>No connection is young enough to be reused.</summary>
    private const string ZeroLifetime = Usings + "public static class Snippet\n{\n" + """
            private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero });

        """ + RequestLoop.RunAsync + GetString;

    private readonly ITestOutputHelper _output;

    public KeepAliveProofTests(ITestOutputHelper output) => _output = output;

    [Theory]
    [InlineData("ConnectionClose = true on each request", ConnectionCloseOnRequest, "request.Headers.ConnectionClose", true, EquivalenceKeys.RemoveKeepAliveOff)]
    [InlineData("Connection: close default header", ConnectionCloseHeader, "\"close\"", true, EquivalenceKeys.RemoveKeepAliveOff)]
    [InlineData("PooledConnectionIdleTimeout = TimeSpan.Zero", ZeroIdleTimeout, "PooledConnectionIdleTimeout", false, EquivalenceKeys.RemoveKeepAliveOff)]
    [InlineData("PooledConnectionLifetime = TimeSpan.Zero", ZeroLifetime, "TimeSpan.Zero", true, EquivalenceKeys.SetPooledConnectionLifetime)]
    public async Task KeepAliveOffOpensAConnectionPerRequestAndTheFixReusesOne(string shape, string keepAliveOff, string removed, bool closesGracefully, string equivalenceKey)
    {
        Assert.True(TcpSocketCounter.IsSupported, "needs /proc/net/tcp (Linux) to count TIME_WAIT sockets");
        var fixedSource = await ProofHarness.ApplyFixAsync(keepAliveOff, new KeepAliveOffAnalyzer(), new KeepAliveOffFixer(), equivalenceKey, default);
        _output.WriteLine(fixedSource);
        Assert.Contains(removed, keepAliveOff, StringComparison.Ordinal);
        Assert.DoesNotContain(removed, fixedSource, StringComparison.Ordinal);

        var (before, beforeServerTimeWait) = await MeasureAsync(keepAliveOff);
        var (after, afterServerTimeWait) = await MeasureAsync(fixedSource);
        _output.WriteLine(shape + ":");
        ProofHarness.WriteBeforeAndAfter(_output, Requests, before, after);
        _output.WriteLine($"server TIME_WAIT sockets: {beforeServerTimeWait} before the fix, {afterServerTimeWait} after");

        Assert.Equal(before.Result, after.Result);
        Assert.Equal(Requests, before.Connections);

        // A connection closed with FIN after its response leaves a TIME_WAIT socket on whichever side closed first, on
        // both when the two closes cross (Connection: close makes that likely: the server closes after its response while
        // the client closes on reading it). With a zero idle timeout the connections end in a reset instead (measured: no
        // TIME_WAIT on either side, none left open): still one burnt connection per request.
        if (closesGracefully)
        {
            Assert.InRange(before.TimeWait + beforeServerTimeWait, Requests * 9 / 10, 2 * Requests);
        }

        Assert.InRange(after.Connections, 1, 2);
        Assert.InRange(after.TimeWait + afterServerTimeWait, 0, 2);
    }

    /// <summary>Runs the snippet against a fresh server; counts client TIME_WAIT (the harness) and server TIME_WAIT sockets.</summary>
    private static async Task<(Measurement<long> Measured, int ServerTimeWait)> MeasureAsync(string source)
    {
        await using var server = await CountingKestrelServer.StartAsync();
        var serverTimeWaitBefore = TcpSocketCounter.CountServerSockets(server.Port, LinuxTcpState.TimeWait);
        var measured = await ProofHarness.MeasureAsync(server.Port, () => server.AcceptedConnections, () => ProofHarness.RunAsync<long>(source, server.BaseAddress, Requests));

        // The server's own closes pass FIN_WAIT_1/2 too: let them settle (bounded) before counting.
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (DateTime.UtcNow < deadline
            && TcpSocketCounter.CountServerSockets(server.Port, LinuxTcpState.FinWait1) + TcpSocketCounter.CountServerSockets(server.Port, LinuxTcpState.FinWait2) > 0)
        {
            await Task.Delay(50);
        }

        return (measured, TcpSocketCounter.CountServerSockets(server.Port, LinuxTcpState.TimeWait) - serverTimeWaitBefore);
    }
}
