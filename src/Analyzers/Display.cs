using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers;

/// <summary>How diagnostics name members: <c>OrdersController.Get</c>, <c>OrdersController constructor</c>, <c>top-level statements</c>.</summary>
internal static class Display
{
    public static string Member(ISymbol symbol)
    {
        var member = symbol.OutsideFunctions();

        var type = member.ContainingType?.Name ?? string.Empty;
        return member switch
        {
            IMethodSymbol { Name: WellKnownMemberNames.TopLevelStatementsEntryPointMethodName } => "top-level statements",
            IMethodSymbol { MethodKind: MethodKind.Constructor } => type + " constructor",
            IMethodSymbol { MethodKind: MethodKind.StaticConstructor } => type + " static constructor",
            IMethodSymbol { AssociatedSymbol: { } property } => type + "." + property.Name,
            _ => type.Length == 0 ? member.Name : type + "." + member.Name,
        };
    }
}
