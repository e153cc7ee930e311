using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using System.Threading;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Finding, naming and adding the static members that fixes hoist creations into.</summary>
internal static class TypeMembers
{
    /// <summary>
    /// A static readonly field of <paramref name="type"/> in <paramref name="declaration"/> whose initializer reads the
    /// same as <paramref name="initializer"/>: the member an earlier fix added and this one can reuse.
    /// </summary>
    private static string? FindEquivalentStaticField(TypeDeclarationSyntax declaration, ExpressionSyntax initializer)
    {
        var wanted = Normalize(initializer);
        foreach (var field in declaration.Members.OfType<FieldDeclarationSyntax>())
        {
            if (!field.Modifiers.Any(SyntaxKind.StaticKeyword) || !field.Modifiers.Any(SyntaxKind.ReadOnlyKeyword))
            {
                continue;
            }

            foreach (var variable in field.Declaration.Variables)
            {
                if (variable.Initializer?.Value is { } value && Normalize(value) == wanted)
                {
                    return variable.Identifier.ValueText;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The name of a static readonly field initialized with <paramref name="initializer"/> in the type around
    /// <paramref name="site"/>: an equivalent existing one, or a new one added through <paramref name="editor"/>. In
    /// top-level statements, a local declared before the statement instead.
    /// </summary>
    public static ExpressionSyntax EnsureStaticField(DocumentEditor editor, SemanticModel model, SyntaxNode site, string preferredName, string typeName, ExpressionSyntax initializer, CancellationToken cancellationToken)
    {
        if (site.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration)
        {
            var existing = FindEquivalentStaticField(declaration, initializer);
            if (existing is not null)
            {
                return SyntaxFactory.IdentifierName(existing);
            }

            var type = model.GetDeclaredSymbol(declaration, cancellationToken);
            var name = UniqueName(type, preferredName, model, site.SpanStart);
            AddField(editor, declaration, GeneratedSyntax.PrivateStaticReadonlyField(GeneratedSyntax.Type(typeName), name, initializer));
            return SyntaxFactory.IdentifierName(name);
        }

        // Top-level statements: a local declared before the statement that needs it.
        var statement = site.FirstAncestorOrSelf<GlobalStatementSyntax>();
        var localName = UniqueName(null, preferredName.Substring(2), model, site.SpanStart);
        if (statement is not null)
        {
            var declarationStatement = SyntaxFactory.GlobalStatement(
                    SyntaxFactory.LocalDeclarationStatement(
                        SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"))
                            .AddVariables(SyntaxFactory.VariableDeclarator(localName).WithInitializer(SyntaxFactory.EqualsValueClause(initializer)))))
                .WithAdditionalAnnotations(Formatter.Annotation);
            editor.InsertBefore(statement, declarationStatement);
        }

        return SyntaxFactory.IdentifierName(localName);
    }

    /// <summary><paramref name="preferred"/>, or with a number appended when the type (or its bases) already has that name.</summary>
    public static string UniqueName(INamedTypeSymbol? type, string preferred, SemanticModel model, int position)
    {
        var name = preferred;
        for (var i = 2; IsTaken(type, name, model, position); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    /// <summary>Adds <paramref name="field"/> after the type's last field (or first, when it has none).</summary>
    public static void AddField(DocumentEditor editor, TypeDeclarationSyntax declaration, FieldDeclarationSyntax field)
    {
        editor.ReplaceNode(declaration, (current, generator) =>
        {
            if (current is not TypeDeclarationSyntax type)
            {
                return current;
            }

            var lastField = type.Members.LastOrDefault(m => m is FieldDeclarationSyntax);
            var index = lastField is null ? 0 : type.Members.IndexOf(lastField) + 1;
            return generator.InsertMembers(type, index, field);
        });
    }

    private static bool IsTaken(INamedTypeSymbol? type, string name, SemanticModel model, int position)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (!current.GetMembers(name).IsEmpty)
            {
                return true;
            }
        }

        return !model.LookupSymbols(position, name: name).IsEmpty;
    }

    /// <summary>The text without white space and namespace qualifiers, so generated and simplified forms compare equal.</summary>
    private static string Normalize(SyntaxNode node)
        => new string(node.ToString().Where(c => !char.IsWhiteSpace(c)).ToArray())
            .Replace("global::", string.Empty)
            .Replace("System.Net.Http.", string.Empty)
            .Replace("System.", string.Empty);
}
