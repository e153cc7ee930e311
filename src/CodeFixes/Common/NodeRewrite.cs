using Microsoft.CodeAnalysis;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>One node of the document replaced by another, under a code action title.</summary>
internal sealed class NodeRewrite
{
    public NodeRewrite(string title, SyntaxNode old, SyntaxNode replacement)
    {
        Title = title;
        Old = old;
        New = replacement;
    }

    public string Title { get; }

    public SyntaxNode Old { get; }

    public SyntaxNode New { get; }
}
