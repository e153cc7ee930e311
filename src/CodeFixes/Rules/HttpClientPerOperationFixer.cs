using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0001: inject IHttpClientFactory, or share one client on a SocketsHttpHandler with PooledConnectionLifetime.
/// <c>connhygiene.http_fix</c> decides which is offered first (and so which one <c>dotnet format</c> applies).
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(HttpClientPerOperationFixer))]
[Shared]
public sealed class HttpClientPerOperationFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HttpClientPerOperation);

    public override FixAllProvider GetFixAllProvider() => new SequentialFixAllProvider(FixAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation)
            {
                continue;
            }

            var factory = FactoryInjection.CanApply(creation, model, context.Document, context.CancellationToken)
                ? CodeAction.Create("Use IHttpClientFactory", async ct => await FixAsync(context.Document, creation, EquivalenceKeys.InjectFactory, ct).ConfigureAwait(false) ?? context.Document.Project.Solution, EquivalenceKeys.InjectFactory)
                : null;
            var shared = creation.ArgumentList is not { Arguments.Count: > 0 }
                ? CodeAction.Create("Share one HttpClient on a SocketsHttpHandler", async ct => await FixAsync(context.Document, creation, EquivalenceKeys.SharedClient, ct).ConfigureAwait(false) ?? context.Document.Project.Solution, EquivalenceKeys.SharedClient)
                : null;
            var sharedFirst = FixOptions.Read(context.Document, root.SyntaxTree).HttpFix == HttpFixPreference.Shared;
            foreach (var action in sharedFirst ? new[] { shared, factory } : new[] { factory, shared })
            {
                if (action is not null)
                {
                    context.RegisterCodeFix(action, diagnostic);
                }
            }
        }
    }

    private static async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (node is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        if (equivalenceKey == EquivalenceKeys.InjectFactory)
        {
            return await FactoryInjection.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false);
        }

        var changed = await SharedHttpClient.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false);
        return changed?.Project.Solution;
    }
}
