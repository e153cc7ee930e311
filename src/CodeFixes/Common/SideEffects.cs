using System.Linq;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Whether a fix may drop an expression (the condition of an <c>if</c> or <c>?:</c> it removes) without losing an effect.</summary>
internal static class SideEffects
{
    /// <summary>
    /// True when <paramref name="expression"/> calls nothing, assigns, creates, awaits, throws, increments or decrements
    /// nothing (property reads and operators count as free, as a reader of the code would take them).
    /// </summary>
    public static bool IsFree(ExpressionSyntax expression)
        => !expression.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax
            or BaseObjectCreationExpressionSyntax or ThrowExpressionSyntax
            or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
            or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression });
}
