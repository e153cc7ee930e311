using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Turning a local that held a per-operation resource into uses of a shared one (CH0006, CH0020).</summary>
internal static class SharedLocals
{
    /// <summary>
    /// Where a local declared by <paramref name="declarator"/> can be referenced: its <c>using</c> statement, its block,
    /// or the whole compilation unit for top-level statements.
    /// </summary>
    public static SyntaxNode? Scope(VariableDeclaratorSyntax declarator)
    {
        var scope = declarator.Parent?.Parent is UsingStatementSyntax usingStatement ? usingStatement : declarator.Parent?.Parent?.Parent;
        return scope is GlobalStatementSyntax ? scope.Parent : scope;
    }

    /// <summary>
    /// Replaces <paramref name="usingStatement"/> with <paramref name="leading"/> (if any) followed by the statements of
    /// <paramref name="body"/>, spliced into the enclosing block, or kept in a block of their own when a name they
    /// declare is declared elsewhere in that block.
    /// </summary>
    public static void UnwrapUsing(DocumentEditor editor, UsingStatementSyntax usingStatement, StatementSyntax? leading, StatementSyntax body)
    {
        var statements = new List<StatementSyntax>();
        if (leading is not null)
        {
            statements.Add(leading);
        }

        statements.AddRange(body is BlockSyntax block ? block.Statements : SyntaxFactory.SingletonList(body));
        var formatted = statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
        if (usingStatement.Parent is BlockSyntax parent && !Clashes(parent, usingStatement, statements))
        {
            editor.InsertBefore(usingStatement, formatted);

            // No elastic marker: the blank lines around the neighbours stay as they were.
            editor.RemoveNode(usingStatement, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }
        else
        {
            editor.ReplaceNode(usingStatement, SyntaxFactory.Block(formatted).WithTriviaFrom(usingStatement).WithAdditionalAnnotations(Formatter.Annotation));
        }
    }

    /// <summary>True when a local declared by <paramref name="unwrapped"/> is also declared elsewhere in <paramref name="parent"/>.</summary>
    private static bool Clashes(BlockSyntax parent, UsingStatementSyntax usingStatement, IEnumerable<StatementSyntax> unwrapped)
    {
        var declared = unwrapped.OfType<LocalDeclarationStatementSyntax>()
            .SelectMany(s => s.Declaration.Variables)
            .Select(v => v.Identifier.ValueText)
            .ToImmutableHashSet();
        return !declared.IsEmpty
               && parent.Statements.Where(s => s != usingStatement)
                   .SelectMany(s => s.DescendantNodesAndSelf().OfType<VariableDeclaratorSyntax>())
                   .Any(v => declared.Contains(v.Identifier.ValueText));
    }
}
