using System;
using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0006: <c>new WebClient()</c> (and subclasses), <c>WebRequest.Create/CreateHttp/CreateDefault</c>
/// (also spelled <c>HttpWebRequest.Create</c>). Every WebClient call and every WebRequest is its own
/// <c>HttpWebRequest</c>, so these are reported wherever they are made, not only per operation: a long-lived
/// WebClient issues each request exactly like a short-lived one (see docs/rules/CH0006.md). Test code is left alone.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class LegacyWebClientAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0006LegacyWebClient);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (types.IsBrowserApp)
        {
            return;
        }

        if (types.WebClient is not null)
        {
            operations.OnCreation(c => AnalyzeCreation(c, judge), types.WebClient);
        }

        if (types.WebRequest is not null)
        {
            operations.OnInvocation(c => AnalyzeInvocation(c, judge), "Create", "CreateHttp", "CreateDefault");
        }
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, LifetimeJudge judge)
    {
        if (context.Operation is not IObjectCreationOperation { Type: INamedTypeSymbol type } creation
            || !KnownTypes.IsOrDerivesFrom(type, judge.Types.WebClient))
        {
            return;
        }

        var api = SymbolEqualityComparer.Default.Equals(type, judge.Types.WebClient) ? "WebClient" : $"'{type.Name}' (a WebClient)";
        Report(context, judge, creation, api);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, LifetimeJudge judge)
    {
        if (context.Operation is not IInvocationOperation { TargetMethod: { IsStatic: true, Name: "Create" or "CreateHttp" or "CreateDefault" } method } invocation
            || !SymbolEqualityComparer.Default.Equals(method.ContainingType, judge.Types.WebRequest)
            || IsNonHttpAddress(invocation)
            || IsNonHttpRequest(invocation))
        {
            return;
        }

        Report(context, judge, invocation, WrittenReceiver(invocation, method, context.CancellationToken) + "." + method.Name);
    }

    private static void Report(OperationAnalysisContext context, LifetimeJudge judge, IOperation creation, string api)
    {
        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        var verdict = judge.Judge(creation, context.ContainingSymbol, options, context.CancellationToken);
        if (verdict.Lifetime is Lifetime.Excluded or Lifetime.FactoryManaged)
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0006LegacyWebClient,
            creation.Syntax.GetLocation(),
            Display.Member(context.ContainingSymbol),
            api));
    }

    /// <summary>True when the address is a constant that is plainly not HTTP (<c>ftp://</c>, <c>file://</c>): no HttpWebRequest there.</summary>
    private static bool IsNonHttpAddress(IInvocationOperation invocation)
    {
        if (invocation.Arguments.IsEmpty)
        {
            return false;
        }

        var value = invocation.Arguments[0].Value.WithoutConversions();

        if (value is IObjectCreationOperation { Arguments.Length: > 0 } uri && uri.Type?.Name == "Uri")
        {
            value = uri.Arguments[0].Value;
        }

        return value.ConstantValue is { HasValue: true, Value: string address }
               && address.IndexOf("://", StringComparison.Ordinal) > 0
               && !address.StartsWith("http://", StringComparison.OrdinalIgnoreCase)
               && !address.StartsWith("https://", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// <c>(FtpWebRequest)WebRequest.Create(address)</c>, <c>WebRequest.Create(address) as FileWebRequest</c>: the code
    /// says the request is not HTTP, which no HttpClient replaces.
    /// </summary>
    private static bool IsNonHttpRequest(IInvocationOperation invocation)
    {
        for (var node = invocation.Parent; node is IConversionOperation conversion; node = node.Parent)
        {
            if (conversion.Type is { Name: "FtpWebRequest" or "FileWebRequest" } type && NamespaceNames.Is(type.ContainingNamespace, "System.Net"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The type name as written before the call (<c>HttpWebRequest</c> in <c>HttpWebRequest.Create(...)</c>), else the declaring type.</summary>
    private static string WrittenReceiver(IInvocationOperation invocation, IMethodSymbol method, System.Threading.CancellationToken cancellationToken)
    {
        if (invocation.Syntax is InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Expression: { } receiver } }
            && invocation.SemanticModel?.GetSymbolInfo(receiver, cancellationToken).Symbol is INamedTypeSymbol written)
        {
            return written.Name;
        }

        return method.ContainingType?.Name ?? "WebRequest";
    }
}
