using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0006: a plain <c>new WebClient()</c> used only for <c>DownloadString/DownloadData(TaskAsync)</c> becomes the
/// shared HttpClient's <c>GetStringAsync/GetByteArrayAsync</c> (the same shared client as CH0001's fix). Offered only
/// where that is faithful: no settings, headers, credentials, base address or events on the WebClient, a synchronous
/// download only where it can be awaited, and no <c>catch</c> around it that expects a <c>WebException</c>. A choice
/// between a synchronous and an asynchronous download, which the rewrite makes a choice between two equal calls,
/// collapses to one (<see cref="IdenticalBranches"/>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(LegacyWebClientFixer))]
[Shared]
public sealed class LegacyWebClientFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.LegacyWebClient);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is BaseObjectCreationExpressionSyntax creation && Plan(creation, site.Model, site.CancellationToken) is not null)
        {
            Offer(site, "Use a shared HttpClient", EquivalenceKeys.WebClientToSharedHttpClient);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (equivalenceKey != EquivalenceKeys.WebClientToSharedHttpClient || node is not BaseObjectCreationExpressionSyntax creation || model is null
            || Plan(creation, model, cancellationToken) is not { } plan)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var rewritten = new SyntaxAnnotation("ConnHygiene.RewrittenDownload");
        var lifetime = FixOptions.Read(document, creation.SyntaxTree).PooledConnectionLifetime;
        var client = SharedHttpClient.EnsureSharedClient(editor, model, creation, lifetime, settings: null, cancellationToken);

        if (plan.Local?.Parent?.Parent is UsingStatementSyntax usingStatement)
        {
            var body = usingStatement.Statement.TrackNodes(plan.Downloads.Select(d => (SyntaxNode)d.Call).Concat(plan.Disposals));
            body = body.RemoveNodes(plan.Disposals.Select(d => body.GetCurrentNode(d)).OfType<StatementSyntax>(), SyntaxRemoveOptions.KeepNoTrivia) ?? body;
            foreach (var download in plan.Downloads)
            {
                if (body.GetCurrentNode(download.Call) is { } current)
                {
                    body = body.ReplaceNode(current, download.Rewrite(current, client).WithAdditionalAnnotations(rewritten));
                }
            }

            SharedLocals.UnwrapUsing(editor, usingStatement, leading: null, body);
        }
        else
        {
            foreach (var download in plan.Downloads)
            {
                editor.ReplaceNode(download.Call, (current, _) => current is InvocationExpressionSyntax call ? download.Rewrite(call, client).WithAdditionalAnnotations(rewritten) : current);
            }

            foreach (var disposal in plan.Disposals)
            {
                editor.RemoveNode(disposal);
            }

            if (plan.Local?.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration)
            {
                editor.RemoveNode(declaration.Parent is GlobalStatementSyntax global ? global : declaration);
            }
        }

        // 'blocking ? wc.DownloadString(url) : await wc.DownloadStringTaskAsync(url)' now chooses between two equal calls.
        var changed = editor.GetChangedDocument();
        if (await changed.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is { } root)
        {
            changed = changed.WithSyntaxRoot(IdenticalBranches.Collapse(root, rewritten));
        }

        return (await Imports.AddAsync(changed, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    /// <summary>The downloads to rewrite and the statements to remove, or null when the rewrite would not be faithful.</summary>
    private static FixPlan? Plan(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var types = CompilationFacts.GetKnownTypes(model.Compilation);
        if (types.HttpClient is null || types.SocketsHttpHandler is null
            || model.GetOperation(creation, cancellationToken) is not IObjectCreationOperation { Arguments.IsEmpty: true } operation
            || !SymbolEqualityComparer.Default.Equals(operation.Type, types.WebClient)
            || operation.Initializer is { Initializers.IsEmpty: false })
        {
            // A subclass may override GetWebRequest; settings in an initializer have no shared-client equivalent here.
            return null;
        }

        var webException = types.Get("System.Net.WebException");
        var receiver = SyntaxSites.WalkUpParentheses(creation);
        if (receiver.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax call } access && access.Expression == receiver)
        {
            return Download.Of(call, model, webException, cancellationToken) is { } download
                ? new FixPlan(null, ImmutableArray.Create(download), ImmutableArray<StatementSyntax>.Empty)
                : null;
        }

        if (SyntaxSites.InitializedLocal(creation) is not { } local || model.GetDeclaredSymbol(local, cancellationToken) is not { } symbol)
        {
            return null;
        }

        if (SharedLocals.Scope(local) is not { } scope)
        {
            return null;
        }

        var downloads = ImmutableArray.CreateBuilder<Download>();
        var disposals = ImmutableArray.CreateBuilder<StatementSyntax>();
        foreach (var reference in SyntaxSites.References(scope, symbol, model, cancellationToken))
        {
            if (reference.FirstAncestorOrSelf<StatementSyntax>() is { Parent: BlockSyntax } statement && SyntaxSites.IsDisposeStatement(statement, symbol.Name))
            {
                disposals.Add(statement);
            }
            else if (reference.Parent is MemberAccessExpressionSyntax { Parent: InvocationExpressionSyntax use } member && member.Expression == reference
                     && Download.Of(use, model, webException, cancellationToken) is { } download)
            {
                downloads.Add(download);
            }
            else
            {
                // Headers, credentials, BaseAddress, events, other methods, passed on: no faithful rewrite.
                return null;
            }
        }

        return downloads.Count == 0 ? null : new FixPlan(local, downloads.ToImmutable(), disposals.ToImmutable());
    }

    private sealed class FixPlan
    {
        public FixPlan(VariableDeclaratorSyntax? local, ImmutableArray<Download> downloads, ImmutableArray<StatementSyntax> disposals)
        {
            Local = local;
            Downloads = downloads;
            Disposals = disposals;
        }

        public VariableDeclaratorSyntax? Local { get; }

        public ImmutableArray<Download> Downloads { get; }

        public ImmutableArray<StatementSyntax> Disposals { get; }
    }

    /// <summary>One <c>DownloadString/DownloadData(TaskAsync)(address)</c> call and the HttpClient method that replaces it.</summary>
    private sealed class Download
    {
        private Download(InvocationExpressionSyntax call, string replacement, bool mustAwait)
        {
            Call = call;
            Replacement = replacement;
            MustAwait = mustAwait;
        }

        public InvocationExpressionSyntax Call { get; }

        /// <summary><c>GetStringAsync</c> or <c>GetByteArrayAsync</c>.</summary>
        public string Replacement { get; }

        /// <summary>True for the synchronous forms: the replacement is awaited.</summary>
        public bool MustAwait { get; }

        public static Download? Of(InvocationExpressionSyntax call, SemanticModel model, INamedTypeSymbol? webException, CancellationToken cancellationToken)
        {
            if (model.GetOperation(call, cancellationToken) is not IInvocationOperation { TargetMethod: { Parameters.Length: 1 } method }
                || method.ContainingType?.ToDisplayString() != "System.Net.WebClient")
            {
                return null;
            }

            var (replacement, mustAwait) = method.Name switch
            {
                "DownloadString" => ("GetStringAsync", true),
                "DownloadStringTaskAsync" => ("GetStringAsync", false),
                "DownloadData" => ("GetByteArrayAsync", true),
                "DownloadDataTaskAsync" => ("GetByteArrayAsync", false),
                _ => (null, false),
            };
            if (replacement is null || (mustAwait && !SyntaxSites.CanAwait(call)) || ExpectsWebException(call, model, webException, cancellationToken))
            {
                return null;
            }

            return new Download(call, replacement, mustAwait);
        }

        /// <summary><c>client.GetStringAsync(args)</c>, awaited (and parenthesized where an operator binds tighter) for the synchronous forms.</summary>
        public ExpressionSyntax Rewrite(InvocationExpressionSyntax current, ExpressionSyntax client)
        {
            ExpressionSyntax rewritten = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, client, SyntaxFactory.IdentifierName(Replacement)),
                current.ArgumentList);
            if (MustAwait)
            {
                rewritten = SyntaxFactory.AwaitExpression(rewritten);
                if (Call.Parent is MemberAccessExpressionSyntax or ElementAccessExpressionSyntax or PostfixUnaryExpressionSyntax
                    || Call.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == Call)
                {
                    rewritten = SyntaxFactory.ParenthesizedExpression(rewritten);
                }
            }

            return rewritten.WithTriviaFrom(current);
        }

        /// <summary>
        /// True when a surrounding <c>try</c> in the same function catches <c>WebException</c> (or a base of it short of
        /// <c>Exception</c>), or filters on it: HttpClient throws <c>HttpRequestException</c> instead.
        /// </summary>
        private static bool ExpectsWebException(SyntaxNode call, SemanticModel model, INamedTypeSymbol? webException, CancellationToken cancellationToken)
        {
            for (var (child, node) = (call, call.Parent); node is not null && node is not (AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax or MemberDeclarationSyntax); (child, node) = (node, node.Parent))
            {
                if (node is not TryStatementSyntax tryStatement || tryStatement.Block != child)
                {
                    continue;
                }

                foreach (var clause in tryStatement.Catches)
                {
                    var caught = clause.Declaration is { } declaration ? model.GetTypeInfo(declaration.Type, cancellationToken).Type : null;
                    if ((caught is { SpecialType: not SpecialType.System_Object } && caught.ToDisplayString() != "System.Exception" && KnownTypes.IsOrDerivesFrom(webException, caught as INamedTypeSymbol))
                        || (clause.Filter is { } filter && filter.DescendantNodes().OfType<IdentifierNameSyntax>().Any(n => n.Identifier.ValueText == "WebException")))
                    {
                        return true;
                    }
                }
            }

            return false;
        }
    }
}
