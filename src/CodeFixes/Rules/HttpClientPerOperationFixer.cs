using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0001: inject IHttpClientFactory, or share one client on a SocketsHttpHandler with PooledConnectionLifetime.
/// <c>connhygiene.http_fix</c> decides which is offered first (and so which one <c>dotnet format</c> applies).
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(HttpClientPerOperationFixer))]
[Shared]
public sealed class HttpClientPerOperationFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HttpClientPerOperation);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is not BaseObjectCreationExpressionSyntax creation)
        {
            return;
        }

        // Both offered where they apply; connhygiene.http_fix decides which comes first.
        var factory = FactoryInjection.CanApply(creation, site.Model, site.Document, site.CancellationToken);
        var shared = creation.ArgumentList is not { Arguments.Count: > 0 };
        var sharedFirst = FixOptions.Read(site.Document, site.Root.SyntaxTree).HttpFix == HttpFixPreference.Shared;
        if (shared && sharedFirst)
        {
            OfferShared();
        }

        if (factory)
        {
            Offer(site, "Use IHttpClientFactory", EquivalenceKeys.InjectFactory);
        }

        if (shared && !sharedFirst)
        {
            OfferShared();
        }

        void OfferShared() => Offer(site, "Share one HttpClient on a SocketsHttpHandler", EquivalenceKeys.SharedClient);
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
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
