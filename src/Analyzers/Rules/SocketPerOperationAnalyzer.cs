using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Sockets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0010 and CH0011 in one place, so that one creation gets one diagnostic: a <c>Socket</c>/<c>TcpClient</c> created,
/// connected and closed per operation is CH0010, unless it is created and closed in the same loop iteration, which is
/// the more specific CH0011. Accepted sockets (<c>AcceptTcpClient</c>, <c>Accept</c>) are not creations and listeners
/// (<c>Bind</c>/<c>Listen</c>) are not connections, so neither is reported.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SocketPerOperationAnalyzer : ConnHygieneAnalyzer
{
    // A connect-and-close probe (no data exchanged: a port scanner, a reachability check) is not reported: it targets each
    // endpoint once on purpose, and no pool can serve it.
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(Descriptors.CH0010SocketPerOperation, Descriptors.CH0011ConnectInLoop);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        if (judge.Types.Socket is null && judge.Types.TcpClient is null)
        {
            return;
        }

        operations.OnCreation(c => Analyze(c, judge), judge.Types.SocketTypes);
    }

    private static void Analyze(OperationAnalysisContext context, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (context.Operation is not IObjectCreationOperation { Type: INamedTypeSymbol socketType } creation
            || !SocketLifecycle.IsSocketCreation(creation, types)
            || !SocketLifecycle.IsTcp(creation))
        {
            return;
        }

        var lifecycle = SocketLifecycle.Analyze(creation, types, context.CancellationToken);
        if (lifecycle.IsListener || lifecycle.Connect is null || !lifecycle.IsClosed || !lifecycle.ExchangesData
            || (lifecycle.StoredIn is not null && !lifecycle.ClosedInCall) || lifecycle.Returned)
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        var verdict = judge.Judge(creation, context.ContainingSymbol, options, context.CancellationToken);
        if (verdict.Lifetime == Lifetime.Unknown && !lifecycle.PassedOn && lifecycle.WrappingStream is { } stream)
        {
            // new NetworkStream(socket, ownsSocket: true): the socket lives as long as the stream that owns it.
            verdict = judge.Judge(stream, context.ContainingSymbol, options, context.CancellationToken);
        }

        if (!verdict.IsPerOperation)
        {
            return;
        }

        var loop = lifecycle.IterationLoop();
        if (loop is null && verdict.IsUserAction)
        {
            // One socket per click runs at human rate: a handshake wasted, but no TIME_WAIT pile-up.
            return;
        }

        var member = Display.Member(context.ContainingSymbol);
        if (loop is not null)
        {
            // Created in a loop: either closed in the same iteration (CH0011), or it outlives the iteration
            // (reconnect when broken, kept for later) and is not a per-operation socket at all.
            if (lifecycle.IsClosedIn(loop) && !IsReconnectLoop(lifecycle, loop, context.CancellationToken))
            {
                context.ReportDiagnostic(Diagnostic.Create(
                    Descriptors.CH0011ConnectInLoop, creation.Syntax.GetLocation(), member, socketType.Name, Loops.Keyword(loop)));
            }

            return;
        }

        // A connection used across a loop of its own, or handed to a method that loops until stopped, lives for that
        // loop or session: CH0012's concern, not a per-operation socket.
        if (lifecycle.LoopUsingConnection(longRunningOnly: false, context.CancellationToken) is not null
            || lifecycle.HandedToLongRunningMethod(context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0010SocketPerOperation, creation.Syntax.GetLocation(), member, socketType.Name, Phrase(verdict)));
    }

    /// <summary>The judge's reason, without its remark about disposal (the message already says the socket is closed).</summary>
    private static string Phrase(LifetimeVerdict verdict)
    {
        const string disposes = " and disposes it";
        var reason = verdict.Reason;
        return reason.EndsWith(disposes, System.StringComparison.Ordinal) ? reason.Substring(0, reason.Length - disposes.Length) : reason;
    }

    /// <summary>
    /// A loop whose iteration connects and then reads until the connection drops (<c>while ((line = await
    /// reader.ReadLineAsync()) != null)</c>) reconnects: each connection lives as long as the peer keeps it.
    /// </summary>
    private static bool IsReconnectLoop(SocketLifecycle lifecycle, ILoopOperation loop, System.Threading.CancellationToken cancellationToken)
        => lifecycle.LoopUsingConnection(longRunningOnly: true, cancellationToken) is { } inner
           && loop.Body.Syntax.Span.Contains(inner.Syntax.Span);
}
