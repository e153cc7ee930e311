using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// A <see cref="SiteFixer"/> whose every fix is <see cref="FixAsync"/> for an equivalence key, and whose Fix All runs it
/// site by site (<see cref="SequentialFixAllProvider"/>), so later sites reuse what earlier ones added.
/// </summary>
public abstract class SequentialSiteFixer : SiteFixer
{
    public sealed override FixAllProvider GetFixAllProvider() => new SequentialFixAllProvider(FixAsync);

    /// <summary>Fixes the diagnostic at <paramref name="node"/> the way <paramref name="equivalenceKey"/> names; null when it does not apply.</summary>
    private protected abstract Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken);

    /// <summary>Offers <see cref="FixAsync"/> at <paramref name="site"/> under <paramref name="title"/> and <paramref name="equivalenceKey"/>.</summary>
    private protected void Offer(FixSite site, string title, string equivalenceKey)
        => site.Register(CodeAction.Create(
            title,
            async ct => await FixAsync(site.Document, site.Node, equivalenceKey, ct).ConfigureAwait(false) ?? site.Document.Project.Solution,
            equivalenceKey));
}
