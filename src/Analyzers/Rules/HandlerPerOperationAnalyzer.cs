using System.Collections.Immutable;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>CH0002: an HttpClientHandler, SocketsHttpHandler or WinHttpHandler created per operation.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class HandlerPerOperationAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0002HandlerPerOperation);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        if (judge.Types.HttpMessageHandler is null || judge.Types.IsBrowserApp)
        {
            return;
        }

        operations.OnCreation(c => Analyze(c, judge), judge.Types.ConnectionOwningHandlers);
    }

    private static void Analyze(OperationAnalysisContext context, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (context.Operation is not IObjectCreationOperation { Type: INamedTypeSymbol handlerType } creation
            || !types.IsConnectionOwningHandler(handlerType))
        {
            return;
        }

        // A handler lives as long as the client that owns it; judge that client when there is one.
        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        var owner = HttpShapes.OwningClient(creation, types, context.CancellationToken);
        var verdict = owner is null
            ? LifetimeVerdict.Unknown
            : judge.Judge(owner, context.ContainingSymbol, options, context.CancellationToken);
        if (verdict.Lifetime == Lifetime.Unknown)
        {
            verdict = judge.Judge(creation, context.ContainingSymbol, options, context.CancellationToken);
        }

        if (verdict.IsPerOperation)
        {
            context.ReportDiagnostic(Diagnostic.Create(
                Descriptors.CH0002HandlerPerOperation,
                creation.Syntax.GetLocation(),
                Display.Member(context.ContainingSymbol),
                handlerType.Name,
                verdict.Reason));
        }
    }
}
