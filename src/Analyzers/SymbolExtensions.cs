using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers;

internal static class SymbolExtensions
{
    /// <summary>The member a symbol belongs to, looking out of lambdas and local functions (<c>ContainingSymbol</c> of an operation).</summary>
    public static ISymbol OutsideFunctions(this ISymbol symbol)
    {
        var member = symbol;
        while (member is IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction } && member.ContainingSymbol is { } parent)
        {
            member = parent;
        }

        return member;
    }
}
