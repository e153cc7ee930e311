using System.Collections.Immutable;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>CH0003: a long-lived HttpClient whose handler never recycles its connections.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class PooledConnectionLifetimeAnalyzer : ConnHygieneAnalyzer
{
    public const string HandlerKindProperty = "HandlerKind";
    public const string DefaultHandler = "Default";
    public const string HttpClientHandler = "HttpClientHandler";
    public const string SocketsHttpHandler = "SocketsHttpHandler";

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0003PooledConnectionLifetime);

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
            || !KnownTypes.IsOrDerivesFrom(creation.Type, types.HttpClient))
        {
            return;
        }

        var handlerKind = HandlerKind(creation, types, context);
        if (handlerKind is null)
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        if (judge.Judge(creation, context.ContainingSymbol, options, context.CancellationToken).Lifetime != Lifetime.PerProcess)
        {
            return;
        }

        var description = handlerKind switch
        {
            DefaultHandler => "the default handler",
            SocketsHttpHandler => "a SocketsHttpHandler",
            _ => "an HttpClientHandler",
        };
        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0003PooledConnectionLifetime,
            creation.Syntax.GetLocation(),
            ImmutableDictionary<string, string?>.Empty.Add(HandlerKindProperty, handlerKind),
            Display.Member(context.ContainingSymbol),
            description));
    }

    /// <summary>Which handler the client runs on, when it lacks a connection lifetime; null when fine or unknown.</summary>
    private static string? HandlerKind(IObjectCreationOperation client, KnownTypes types, OperationAnalysisContext context)
    {
        if (HttpShapes.HandlerArgument(client, types) is not { } argument)
        {
            return HttpShapes.SubclassChoosesHandler(client, types) ? null : DefaultHandler;
        }

        if (HttpShapes.ResolveCreation(argument.Value, context.CancellationToken) is not { Type: { } handlerType } handler)
        {
            return null;
        }

        if (KnownTypes.IsOrDerivesFrom(handlerType, types.SocketsHttpHandler))
        {
            return HttpShapes.SetsPooledConnectionLifetime(handler, context.CancellationToken) ? null : SocketsHttpHandler;
        }

        return KnownTypes.IsOrDerivesFrom(handlerType, types.HttpClientHandler) ? HttpClientHandler : null;
    }
}
