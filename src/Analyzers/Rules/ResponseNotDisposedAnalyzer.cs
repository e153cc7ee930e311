using System.Collections.Immutable;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0005: an HttpResponseMessage from <c>SendAsync/GetAsync/PostAsync/PutAsync/DeleteAsync/Send</c> that the member
/// neither disposes nor reads to the end (with ResponseHeadersRead: does not dispose) nor hands on. The diagnostic
/// sits on the call; when the response initializes a local, its declaration statement is the additional location the
/// fix turns into a using declaration.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ResponseNotDisposedAnalyzer : ConnHygieneAnalyzer
{
    /// <summary>Diagnostic property: "true" when the call asked for ResponseHeadersRead (only disposal counts).</summary>
    public const string HeadersOnlyProperty = "HeadersOnly";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0005ResponseNotDisposed);

    protected override void OnCompilationStart(CompilationStartAnalysisContext start, LifetimeJudge judge)
    {
        var types = ResponseTypes.Create(judge.Types);
        if (types is null)
        {
            return;
        }

        start.RegisterOperationAction(c => Analyze(c, types), OperationKind.Invocation);
    }

    private static void Analyze(OperationAnalysisContext context, ResponseTypes types)
    {
        if (context.Operation is not IInvocationOperation call
            || !ResponseOwnership.IsSendCall(call, types)
            || ResponseOwnership.ResponseValue(call, types) is not { } value)
        {
            return;
        }

        var headersOnly = ResponseOwnership.IsHeadersOnly(call, types);
        if (ResponseOwnership.Fate(value, headersOnly, context.CancellationToken) != ResponseFate.Leaked)
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, call.Syntax.SyntaxTree);
        if (TestCode.IsExcluded(context.ContainingSymbol, options))
        {
            return;
        }

        var declaration = value.WithConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
            ? declarator.Syntax.Parent?.Parent
            : null;
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0005ResponseNotDisposed,
            call.Syntax.GetLocation(),
            declaration is null ? null : new[] { declaration.GetLocation() },
            ImmutableDictionary<string, string?>.Empty.Add(HeadersOnlyProperty, headersOnly ? "true" : "false"),
            Display.Member(context.ContainingSymbol),
            headersOnly
                ? $"never disposes the response from '{call.TargetMethod.Name}' (content streamed, as with ResponseHeadersRead: only disposal releases it)"
                : $"neither disposes nor reads to the end the response from '{call.TargetMethod.Name}'"));
    }
}
