using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Layout of statements a fix puts in place of another.</summary>
internal static class BlockStatements
{
    /// <summary>
    /// <paramref name="replacement"/> with <paramref name="original"/>'s trivia and, when it ends in a brace and more
    /// statements follow in the block, a blank line after it, as it would be written by hand.
    /// </summary>
    public static StatementSyntax Replacing(StatementSyntax replacement, StatementSyntax original)
    {
        replacement = replacement.WithTriviaFrom(original);
        if (replacement.GetLastToken().IsKind(SyntaxKind.CloseBraceToken)
            && original.Parent is BlockSyntax block
            && block.Statements.IndexOf(original) < block.Statements.Count - 1)
        {
            var endOfLine = original.GetTrailingTrivia().LastOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
            replacement = replacement.WithTrailingTrivia(
                replacement.GetTrailingTrivia().Add(endOfLine.IsKind(SyntaxKind.EndOfLineTrivia) ? endOfLine : GeneratedSyntax.EndOfLine(original)));
        }

        return replacement;
    }

    /// <summary>The node to insert beside <paramref name="statement"/>: itself, or its global statement in top-level code.</summary>
    public static SyntaxNode Anchor(StatementSyntax statement)
        => statement.Parent is GlobalStatementSyntax global ? global : statement;

    /// <summary><paramref name="statement"/> as it goes before or after <paramref name="anchor"/> (wrapped in a global statement in top-level code), formatted.</summary>
    public static SyntaxNode Beside(SyntaxNode anchor, StatementSyntax statement)
        => (anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(statement) : (SyntaxNode)statement)
            .WithAdditionalAnnotations(Formatter.Annotation);
}
