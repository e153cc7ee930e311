using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// Which files of the compilation call (or pass as a method group) a method of a given name: built once, on the first
/// visible factory the judge meets, so that finding its callers asks only those files instead of reading every file
/// once per factory.
/// </summary>
internal sealed class CallSites
{
    private readonly Compilation _compilation;
    private ImmutableDictionary<string, ImmutableArray<SyntaxTree>>? _byName;

    public CallSites(Compilation compilation) => _compilation = compilation;

    /// <summary>The files that call or pass a method named <paramref name="name"/>.</summary>
    public ImmutableArray<SyntaxTree> FilesNaming(string name, CancellationToken cancellationToken)
    {
        var byName = _byName ?? Interlocked.CompareExchange(ref _byName, Build(cancellationToken), null) ?? _byName;
        return byName is not null && byName.TryGetValue(name, out var trees) ? trees : ImmutableArray<SyntaxTree>.Empty;
    }

    private ImmutableDictionary<string, ImmutableArray<SyntaxTree>> Build(CancellationToken cancellationToken)
    {
        var byName = new Dictionary<string, ImmutableArray<SyntaxTree>.Builder>(StringComparer.Ordinal);
        foreach (var tree in _compilation.SyntaxTrees)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var node in tree.GetRoot(cancellationToken).DescendantNodes())
            {
                var name = node switch
                {
                    InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                    InvocationExpressionSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
                    ArgumentSyntax { Expression: MemberAccessExpressionSyntax access } => access.Name.Identifier.ValueText,
                    ArgumentSyntax { Expression: SimpleNameSyntax simple } => simple.Identifier.ValueText,
                    _ => null,
                };
                if (name is not null && seen.Add(name))
                {
                    if (!byName.TryGetValue(name, out var trees))
                    {
                        byName[name] = trees = ImmutableArray.CreateBuilder<SyntaxTree>();
                    }

                    trees.Add(tree);
                }
            }
        }

        var result = ImmutableDictionary.CreateBuilder<string, ImmutableArray<SyntaxTree>>(StringComparer.Ordinal);
        foreach (var pair in byName)
        {
            result[pair.Key] = pair.Value.ToImmutable();
        }

        return result.ToImmutable();
    }
}
