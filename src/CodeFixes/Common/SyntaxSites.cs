using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Questions fixes ask about the syntax around a creation.</summary>
internal static class SyntaxSites
{
    /// <summary>The local a creation initializes (<c>var client = new HttpClient();</c>, also in <c>using</c>), with its declarator.</summary>
    public static VariableDeclaratorSyntax? InitializedLocal(ExpressionSyntax creation)
    {
        var value = WalkUpParentheses(creation);
        return value.Parent is EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax or UsingStatementSyntax } } declarator }
            ? declarator
            : null;
    }

    /// <summary>The outermost parenthesized expression around <paramref name="expression"/> (or itself).</summary>
    public static ExpressionSyntax WalkUpParentheses(ExpressionSyntax expression)
    {
        while (expression.Parent is ParenthesizedExpressionSyntax parenthesized)
        {
            expression = parenthesized;
        }

        return expression;
    }

    /// <summary>Every identifier in <paramref name="scope"/> that refers to <paramref name="local"/>.</summary>
    public static IEnumerable<IdentifierNameSyntax> References(SyntaxNode scope, ISymbol local, SemanticModel model, CancellationToken cancellationToken)
        => scope.DescendantNodes()
            .OfType<IdentifierNameSyntax>()
            .Where(n => n.Identifier.ValueText == local.Name
                        && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(n, cancellationToken).Symbol, local));

    /// <summary>True for <c>local.Dispose();</c> / <c>local.Close();</c> statements.</summary>
    public static bool IsDisposeStatement(StatementSyntax statement, string localName)
        => statement is ExpressionStatementSyntax
        {
            Expression: InvocationExpressionSyntax
            {
                Expression: MemberAccessExpressionSyntax { Expression: IdentifierNameSyntax receiver, Name.Identifier.ValueText: "Dispose" or "Close" },
            },
        } && receiver.Identifier.ValueText == localName;

    /// <summary>
    /// True when <paramref name="expression"/> can run in a static initializer: it reads no locals, parameters,
    /// instance members or <c>this</c>, and awaits nothing.
    /// </summary>
    public static bool IsStaticSafe(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var node in expression.DescendantNodesAndSelf())
        {
            switch (node)
            {
                case ThisExpressionSyntax or BaseExpressionSyntax or AwaitExpressionSyntax:
                    return false;
                case IdentifierNameSyntax name:
                    var symbol = model.GetSymbolInfo(name, cancellationToken).Symbol;
                    if (symbol is ILocalSymbol or IParameterSymbol or IRangeVariableSymbol
                        || (symbol is IFieldSymbol or IPropertySymbol or IMethodSymbol or IEventSymbol && !symbol.IsStatic && !IsMemberAccessName(name)))
                    {
                        return false;
                    }

                    break;
            }
        }

        return true;
    }

    /// <summary>True for the settings of an object initializer whose values are all <see cref="IsStaticSafe"/>.</summary>
    public static bool IsStaticSafe(InitializerExpressionSyntax? initializer, SemanticModel model, CancellationToken cancellationToken)
    {
        if (initializer is null)
        {
            return true;
        }

        foreach (var setting in initializer.Expressions)
        {
            var value = setting is AssignmentExpressionSyntax assignment ? assignment.Right : setting;
            if (value is InitializerExpressionSyntax nested ? !IsStaticSafe(nested, model, cancellationToken) : !IsStaticSafe(value, model, cancellationToken))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The <c>x</c> in <c>a.x</c>: bound through its receiver, not on its own.</summary>
    private static bool IsMemberAccessName(IdentifierNameSyntax name)
        => name.Parent is MemberAccessExpressionSyntax access && access.Name == name;

    /// <summary>
    /// True where <c>await</c> can be written at <paramref name="node"/>: inside an async method, lambda or local function
    /// (or top-level statements), outside <c>lock</c>, query expressions and catch filters.
    /// </summary>
    public static bool CanAwait(SyntaxNode node)
    {
        foreach (var ancestor in node.Ancestors())
        {
            switch (ancestor)
            {
                case LockStatementSyntax or QueryExpressionSyntax or CatchFilterClauseSyntax:
                    return false;
                case AnonymousFunctionExpressionSyntax function:
                    return function.AsyncKeyword.IsKind(SyntaxKind.AsyncKeyword);
                case LocalFunctionStatementSyntax function:
                    return function.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case MethodDeclarationSyntax method:
                    return method.Modifiers.Any(SyntaxKind.AsyncKeyword);
                case GlobalStatementSyntax:
                    return true;
                case MemberDeclarationSyntax:
                    return false;
            }
        }

        return false;
    }
}
