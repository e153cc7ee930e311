using System.Collections.Immutable;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>CH0001: <c>new HttpClient()</c> on the default handler, created per operation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HttpClientPerOperationAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0001HttpClientPerOperation);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        if (judge.Types.HttpClient is null || judge.Types.IsBrowserApp)
        {
            return;
        }

        operations.OnCreation(c => Analyze(c, judge), judge.Types.HttpClient);
    }

    private static void Analyze(OperationAnalysisContext context, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (context.Operation is not IObjectCreationOperation creation
            || !KnownTypes.IsOrDerivesFrom(creation.Type, types.HttpClient)
            || HttpShapes.HandlerArgument(creation, types) is not null
            || HttpShapes.SubclassChoosesHandler(creation, types))
        {
            // With an explicit handler the client is cheap; a handler made per operation is CH0002's finding.
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        var verdict = judge.Judge(creation, context.ContainingSymbol, options, context.CancellationToken);
        if (verdict.IsPerOperation)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CH0001HttpClientPerOperation,
                creation.Syntax.GetLocation(),
                Display.Member(context.ContainingSymbol),
                verdict.Reason));
        }
    }
}
