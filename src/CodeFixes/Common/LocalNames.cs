using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// Names for locals a fix declares at a statement that no symbol in scope at the site already has (C# forbids a nested local that hides
/// an enclosing one); the local the replaced declaration declared is free again.
/// </summary>
internal sealed class LocalNames
{
    private readonly HashSet<string> _taken = new();
    private readonly string? _freed;
    private readonly SemanticModel _model;
    private readonly int _position;

    public LocalNames(StatementSyntax site, SemanticModel model)
    {
        _freed = site is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables } ? variables[0].Identifier.ValueText : null;
        _model = model;
        _position = site.SpanStart;
    }

    public string Unique(string preferred)
    {
        var name = preferred;
        for (var i = 2; _taken.Contains(name) || (name != _freed && !_model.LookupSymbols(_position, name: name).IsEmpty); i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        _taken.Add(name);
        return name;
    }
}
