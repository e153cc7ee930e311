using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>One reported diagnostic as a fixer sees it: the node at its location, the document's root and semantic model.</summary>
internal sealed class FixSite
{
    private readonly CodeFixContext _context;

    public FixSite(CodeFixContext context, Diagnostic diagnostic, SyntaxNode root, SemanticModel model)
    {
        _context = context;
        Diagnostic = diagnostic;
        Root = root;
        Model = model;
        Node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
    }

    public Document Document => _context.Document;

    public CancellationToken CancellationToken => _context.CancellationToken;

    public Diagnostic Diagnostic { get; }

    public SyntaxNode Root { get; }

    public SemanticModel Model { get; }

    /// <summary>The innermost node at the diagnostic's location.</summary>
    public SyntaxNode Node { get; }

    /// <summary>Offers <paramref name="action"/> for this site's diagnostic.</summary>
    public void Register(CodeAction action) => _context.RegisterCodeFix(action, Diagnostic);
}

/// <summary>
/// A fix provider that looks at each reported diagnostic's node: the document's root and semantic model are read once,
/// and <see cref="RegisterFixes"/> offers the fixes that apply at each site (or none).
/// </summary>
public abstract class SiteFixer : CodeFixProvider
{
    /// <summary>Offers, through <see cref="FixSite.Register"/>, the fixes that apply at <paramref name="site"/>.</summary>
    private protected abstract void RegisterFixes(FixSite site);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(new FixSite(context, diagnostic, root, model));
        }
    }
}

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
