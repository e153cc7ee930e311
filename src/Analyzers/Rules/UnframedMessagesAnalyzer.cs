using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Streams;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0015 (off by default, heuristic): a serialized payload (<c>Encoding.GetBytes</c>, <c>JsonSerializer.SerializeToUtf8Bytes</c>)
/// written to a <c>NetworkStream</c> or <c>Socket</c> in a member that writes no length prefix and no delimiter.
/// Reported on the write call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnframedMessagesAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0015UnframedMessages);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        if (MessageWrites.Create(judge.Types) is not { } writes)
        {
            return;
        }

        operations.OnEveryInvocation(c => Analyze(c, writes));
    }

    private static void Analyze(OperationAnalysisContext context, MessageWrites writes)
    {
        if (context.Operation is IInvocationOperation write
            && writes.SerializedPayload(write) is not null
            && !writes.MemberFrames(write.Root()))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CH0015UnframedMessages, write.Syntax.GetLocation(), Display.Member(context.ContainingSymbol)));
        }
    }
}
