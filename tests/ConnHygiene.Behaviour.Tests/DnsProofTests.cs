using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// CH0003 proven on loopback: a name served by a Kestrel server on 127.0.0.1 moves to a second one on 127.0.0.2 (same
/// port) while a long-lived client polls it. The name service is the client's <c>SocketsHttpHandler.ConnectCallback</c>,
/// which asks the test where the name points for every new connection, as DNS would be asked. Without
/// <c>PooledConnectionLifetime</c> the client keeps its first connection and never sees the move; with the lifetime the
/// real fix writes (configured to 1 s here) the next connection after the lifetime goes to the new address.
/// </summary>
[Collection(ProofCollection.Name)]
public class DnsProofTests
{
    private const string Name = "moving-service.test";
    private const int RequestsBeforeMove = 3;
    private const int NewAnswersToStop = 3;
    private const int MaxRequests = 100;

    /// <summary>How long the client is watched after the move: five times the lifetime the fix is configured with.</summary>
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    private static readonly IPAddress OldAddress = IPAddress.Loopback;
    private static readonly IPAddress NewAddress = IPAddress.Parse(SecondLoopbackFactAttribute.Address);

    /// <summary>
    /// A process-wide client on a <c>SocketsHttpHandler</c> without <c>PooledConnectionLifetime</c>, polling a URL every
    /// 100 ms while <c>keepPolling</c> says so (at most <c>maxRequests</c> times). Its connect callback resolves the host
    /// of each new connection with <c>resolve</c>, the name service the test controls.
    /// </summary>
    private const string LongLivedClient = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public static class Snippet
        {
            private static Func<string, IPAddress> s_resolve = _ => IPAddress.None;

            private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { ConnectCallback = ConnectAsync, UseProxy = false });

            public static async Task<int> RunAsync(string url, int maxRequests, Func<string, IPAddress> resolve, Func<string, bool> keepPolling)
            {
                s_resolve = resolve;
                var requests = 0;
                while (requests < maxRequests)
                {
                    var answer = await s_client.GetStringAsync(url);
                    requests++;
                    if (!keepPolling(answer))
                    {
                        break;
                    }

                    await Task.Delay(100);
                }

                return requests;
            }

            private static async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    var address = s_resolve(context.DnsEndPoint.Host);
                    await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        """;

    private readonly ITestOutputHelper _output;

    public DnsProofTests(ITestOutputHelper output) => _output = output;

    /// <summary>What one poll saw: the address that answered each request, how many of them came after the move, the connections each server accepted.</summary>
    private sealed record Poll(IReadOnlyList<string> Answers, int AnswersAfterMove, TimeSpan WatchedAfterMove, int OldConnections, int NewConnections)
    {
        public override string ToString()
            => $"{Answers.Count} requests, {AnswersAfterMove} after the move over {WatchedAfterMove.TotalSeconds:0.0} s: "
                + $"{Answers.Count(a => a == OldAddress.ToString())} answered by {OldAddress} ({OldConnections} connections), "
                + $"{Answers.Count(a => a == NewAddress.ToString())} by {NewAddress} ({NewConnections} connections); "
                + "after the move: " + string.Join(" ", Answers.Skip(RequestsBeforeMove).Select(a => a == NewAddress.ToString() ? "new" : "old"));
    }

    [SecondLoopbackFact]
    public async Task PooledConnectionLifetimeFixFollowsANameThatMoved()
    {
        var fixedSource = await ProofHarness.ApplyFixAsync(
            LongLivedClient,
            new PooledConnectionLifetimeAnalyzer(),
            new PooledConnectionLifetimeFixer(),
            EquivalenceKeys.PooledConnectionLifetime,
            default,
            "[*.cs]\nconnhygiene.pooled_connection_lifetime = 00:00:01\n");
        _output.WriteLine(fixedSource);
        Assert.Contains("PooledConnectionLifetime = TimeSpan.FromSeconds(1)", fixedSource, StringComparison.Ordinal);

        var before = await PollWhileTheNameMovesAsync(LongLivedClient);
        _output.WriteLine("without PooledConnectionLifetime: " + before);
        var after = await PollWhileTheNameMovesAsync(fixedSource);
        _output.WriteLine("after the fix (1 s):              " + after);

        // Without a lifetime: watched for the whole window after the move, every answer still came from the old server,
        // over the one connection opened before the move; the new server was never contacted.
        Assert.True(before.WatchedAfterMove >= Window, "the client without a lifetime was not watched for the whole window");
        Assert.InRange(before.AnswersAfterMove, 10, MaxRequests);
        Assert.All(before.Answers, a => Assert.Equal(OldAddress.ToString(), a));
        Assert.Equal(1, before.OldConnections);
        Assert.Equal(0, before.NewConnections);

        // With the lifetime: the move is picked up, and once the new server answered, no request went back to the old one.
        Assert.Contains(NewAddress.ToString(), after.Answers);
        var firstNew = after.Answers.ToList().IndexOf(NewAddress.ToString());
        Assert.InRange(firstNew, RequestsBeforeMove, MaxRequests);
        Assert.All(after.Answers.Skip(firstNew), a => Assert.Equal(NewAddress.ToString(), a));
        Assert.Equal(NewAnswersToStop, after.Answers.Count - firstNew);
        Assert.InRange(after.NewConnections, 1, 2);
    }

    /// <summary>
    /// Starts the old server on 127.0.0.1 and the new one on the second loopback address at the same port, points the
    /// name at the old one, runs the snippet and moves the name after <see cref="RequestsBeforeMove"/> answers. The poll
    /// stops after <see cref="NewAnswersToStop"/> answers from the new server or <see cref="Window"/> after the move.
    /// </summary>
    private static async Task<Poll> PollWhileTheNameMovesAsync(string source)
    {
        await using var oldServer = await CountingKestrelServer.StartAsync();
        await using var newServer = await CountingKestrelServer.StartAsync(NewAddress, oldServer.Port);
        var moved = 0;
        var sinceMove = new Stopwatch();
        var answers = new List<string>();

        Func<string, IPAddress> resolve = host => host == Name
            ? (Volatile.Read(ref moved) == 1 ? NewAddress : OldAddress)
            : throw new SocketException((int)SocketError.HostNotFound);
        Func<string, bool> keepPolling = answer =>
        {
            answers.Add(answer);
            if (answers.Count == RequestsBeforeMove)
            {
                Volatile.Write(ref moved, 1);
                sinceMove.Start();
            }

            return answers.Count < RequestsBeforeMove
                || (answers.Count(a => a == NewAddress.ToString()) < NewAnswersToStop && sinceMove.Elapsed < Window);
        };

        await ProofHarness.RunAsync<int>(source, $"http://{Name}:{oldServer.Port}/address", MaxRequests, resolve, keepPolling);
        return new Poll(answers, answers.Count - RequestsBeforeMove, sinceMove.Elapsed, oldServer.AcceptedConnections, newServer.AcceptedConnections);
    }
}

/// <summary>
/// A fact that needs a second loopback address (127.0.0.2) to listen on; skipped, with the reason, where the platform
/// cannot bind it (macOS and Windows configure only 127.0.0.1 by default).
/// </summary>
public sealed class SecondLoopbackFactAttribute : FactAttribute
{
    public const string Address = "127.0.0.2";

    private static readonly Lazy<string?> Unavailable = new(() =>
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Parse(Address), 0));
            return null;
        }
        catch (SocketException e)
        {
            return $"this machine cannot bind {Address} ({e.SocketErrorCode}): the proof needs two loopback addresses for a name to move between";
        }
    });

    public SecondLoopbackFactAttribute()
    {
        if (Unavailable.Value is string reason)
        {
            Skip = reason;
        }
    }
}
