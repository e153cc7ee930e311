using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers;

internal static class SyntaxNames
{
    /// <summary>The last name written in a name or member access: <c>Socket</c> in <c>owner.Socket</c>, <c>Net.Sockets.Socket</c> or <c>Socket</c>.</summary>
    public static string? RightmostName(SyntaxNode node) => node switch
    {
        QualifiedNameSyntax qualified => qualified.Right.Identifier.ValueText,
        AliasQualifiedNameSyntax alias => alias.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        _ => null,
    };
}
