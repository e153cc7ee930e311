using System.Collections.Generic;
using System.Linq;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Simplification;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0006: a rewrite can make the two branches of a choice the same — <c>blocking ? wc.DownloadString(url) : await
/// wc.DownloadStringTaskAsync(url)</c> becomes <c>await client.GetStringAsync(url)</c> on both sides — and a choice
/// between two equal things is noise. A conditional expression, or an <c>if</c> with an <c>else</c>, around a rewritten
/// node whose branches are now equivalent collapses to one branch, provided its condition can be dropped: no side
/// effects and no variable declared in it (a pattern or <c>out</c> variable the branches might read).
/// </summary>
internal static class IdenticalBranches
{
    /// <summary>
    /// <paramref name="root"/> with every choice around a node annotated <paramref name="rewritten"/> collapsed where
    /// the rewrite made its branches equivalent, innermost first (an outer choice may become collapsible in turn).
    /// </summary>
    public static SyntaxNode Collapse(SyntaxNode root, SyntaxAnnotation rewritten)
    {
        // Each pass collapses one choice and makes none, so there are at most as many passes as choices at the start.
        for (var passes = Choices(root, rewritten).Distinct().Count(); passes > 0; passes--)
        {
            if (Choices(root, rewritten).Where(IsCollapsible).OrderByDescending(node => node.SpanStart).ThenBy(node => node.Span.Length).FirstOrDefault() is not { } choice)
            {
                break;
            }

            root = Replace(root, choice);
        }

        return root;
    }

    /// <summary>The conditionals and <c>if</c> statements around the rewritten nodes, within their function.</summary>
    private static IEnumerable<SyntaxNode> Choices(SyntaxNode root, SyntaxAnnotation rewritten)
        => root.GetAnnotatedNodes(rewritten)
            .SelectMany(node => node.Ancestors().TakeWhile(a => a is not (MemberDeclarationSyntax or AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)))
            .Where(node => node is ConditionalExpressionSyntax or IfStatementSyntax);

    private static bool IsCollapsible(SyntaxNode node)
        => node switch
        {
            ConditionalExpressionSyntax conditional => CanDrop(conditional.Condition) && SyntaxFactory.AreEquivalent(conditional.WhenTrue, conditional.WhenFalse, topLevel: false),
            IfStatementSyntax { Else: { } otherwise } statement => CanDrop(statement.Condition) && SyntaxFactory.AreEquivalent(statement.Statement, otherwise.Statement, topLevel: false),
            _ => false,
        };

    private static bool CanDrop(ExpressionSyntax condition)
        => SideEffects.IsFree(condition) && !condition.DescendantNodesAndSelf().Any(n => n is SingleVariableDesignationSyntax);

    private static SyntaxNode Replace(SyntaxNode root, SyntaxNode choice)
    {
        switch (choice)
        {
            case ConditionalExpressionSyntax conditional:
                // A conditional without parentheses stands where any expression may, so its branch needs none there.
                // Parentheses the conditional needed ('n + (c ? a.Length : b.Length)') go where the branch does not need them.
                var branch = conditional.WhenTrue.WithTriviaFrom(conditional);
                return conditional.Parent is ParenthesizedExpressionSyntax parentheses
                    ? root.ReplaceNode(parentheses, parentheses.WithExpression(branch).WithAdditionalAnnotations(Simplifier.Annotation))
                    : root.ReplaceNode(conditional, branch);
            case IfStatementSyntax { Statement: BlockSyntax block } statement when block.Statements.Count > 0 && !Declares(block) && statement.Parent is BlockSyntax or SwitchSectionSyntax:
                // The branch's statements take the if's place; with no declarations they cannot clash with their new scope.
                var statements = block.Statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)).ToList();
                statements[0] = statements[0].WithLeadingTrivia(statement.GetLeadingTrivia());
                statements[statements.Count - 1] = statements[statements.Count - 1].WithTrailingTrivia(statement.GetTrailingTrivia());
                return root.ReplaceNode(statement, statements);
            case IfStatementSyntax statement:
                // One statement, or a block that declares locals (kept as a block, so its scope stays what it was).
                return root.ReplaceNode(statement, statement.Statement.WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));
            default:
                return root;
        }
    }

    private static bool Declares(BlockSyntax block)
        => block.Statements.Any(s => s is LocalDeclarationStatementSyntax or LocalFunctionStatementSyntax
                                     || s.DescendantNodes(n => n is not (BlockSyntax or AnonymousFunctionExpressionSyntax)).Any(n => n is SingleVariableDesignationSyntax));
}
