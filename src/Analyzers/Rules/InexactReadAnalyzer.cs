using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Streams;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0014: a single <c>Stream.Read/ReadAsync</c>, <c>Socket.Receive/ReceiveAsync</c> or <c>BinaryReader.Read</c> whose byte
/// count is discarded, stored in a local nothing reads, ignored inside a <c>while (DataAvailable)</c> loop, or used without a
/// loop that fills a frame (a length-prefixed payload; a header decoded as if full). Reported on the read call, except where
/// the SDK's CA2022 is in force and reports the same call (<see cref="Ca2022"/>).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class InexactReadAnalyzer : ConnHygieneAnalyzer
{
    /// <summary>Diagnostic property: the <see cref="CountUse"/> name, so the fixer knows the shape without judging again.</summary>
    public const string CountUseProperty = "CountUse";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0014InexactRead);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        if (StreamTypes.Create(judge.Types) is not { } types)
        {
            return;
        }

        operations.OnInvocation(c => Analyze(c, types), StreamReads.MethodNames);
    }

    private static void Analyze(OperationAnalysisContext context, StreamTypes types)
    {
        if (context.Operation is not IInvocationOperation read
            || StreamReads.Classify(read.TargetMethod, types) is not (var kind and not ReadKind.None))
        {
            return;
        }

        var (use, local, frame) = StreamReads.Judge(read, context.ContainingSymbol, types);
        var phrase = use switch
        {
            CountUse.Discarded => "discarded",
            CountUse.UnreadLocal => $"assigned to '{local?.Name}' but never read",
            CountUse.IgnoredInDataAvailableLoop => "ignored in a DataAvailable loop",
            CountUse.UsedWithoutFillLoop when frame.Shape == FrameShape.LengthPrefixed => "used without a loop that reads the whole length-prefixed frame",
            CountUse.UsedWithoutFillLoop => "only tested for the end of the stream before the buffer is decoded as if full",
            _ => null,
        };
        if (phrase is null
            || (kind is ReadKind.SocketReceive or ReadKind.SocketReceiveAsync && StreamReads.IsDatagramReceive(read, context.ContainingSymbol))
            || (kind is not (ReadKind.SocketReceive or ReadKind.SocketReceiveAsync) && FrameReads.IsMemoryOrFileBacked(read.Instance, types))
            || (Ca2022.Reports(read, kind, types) && Ca2022.InForce(context.Compilation, context.Options, read.Syntax.SyntaxTree, context.CancellationToken)))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0014InexactRead,
            read.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(CountUseProperty, use.ToString()),
            Display.Member(context.ContainingSymbol),
            read.TargetMethod.ContainingType.Name + "." + read.TargetMethod.Name,
            phrase));
    }
}
