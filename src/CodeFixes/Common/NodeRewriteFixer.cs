using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// A fix that replaces one node per diagnostic (the site's statement with a loop, a <c>using</c> block, ...).
/// Fix All is sequential: each rewrite is planned against the document the previous ones produced, so that generated
/// local names see each other and formatting of neighbouring rewrites never collides.
/// </summary>
public abstract class NodeRewriteFixer : SequentialSiteFixer
{
    private protected abstract string Key { get; }

    /// <summary>The rewrite for the diagnostic's node (found by span), or null when the fix does not apply.</summary>
    private protected abstract NodeRewrite? Plan(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken);

    private protected sealed override void RegisterFixes(FixSite site)
    {
        if (Plan(site.Node, site.Model, site.CancellationToken) is { } plan)
        {
            site.Register(CodeAction.Create(plan.Title, ct => ApplyAsync(site.Document, plan, ct), Key));
        }
    }

    private protected sealed override async Task<Solution?> FixAsync(Document document, SyntaxNode site, string key, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (key != Key || model is null || Plan(site, model, cancellationToken) is not { } plan)
        {
            return null;
        }

        return (await ApplyAsync(document, plan, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    private static async Task<Document> ApplyAsync(Document document, NodeRewrite plan, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        return root is null
            ? document
            : await Imports.AddAsync(document.WithSyntaxRoot(root.ReplaceNode(plan.Old, plan.New)), cancellationToken).ConfigureAwait(false);
    }
}
