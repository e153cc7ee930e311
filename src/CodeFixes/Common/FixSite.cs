using System.Threading;
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
