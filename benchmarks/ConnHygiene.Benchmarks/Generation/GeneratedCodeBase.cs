using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConnHygiene.Benchmarks.Generation;

/// <summary>One generated source file.</summary>
public sealed record GeneratedFile(string Path, string Text, FileKind Kind);

public enum FileKind
{
    Shared,
    Business,
    Http,
    Socket,
}

/// <summary>
/// A generated code base: its files, and how many mistakes of each rule it planted (what the design says the
/// rule should report; a rule that is not implemented yet reports none of them).
/// </summary>
public sealed class GeneratedCodeBase
{
    public GeneratedCodeBase(ImmutableArray<GeneratedFile> files, ImmutableSortedDictionary<string, int> planted, bool networking)
    {
        Files = files;
        Planted = planted;
        Networking = networking;
    }

    public ImmutableArray<GeneratedFile> Files { get; }

    public ImmutableSortedDictionary<string, int> Planted { get; }

    public bool Networking { get; }

    public int LineCount => Files.Sum(f => f.Text.Count(c => c == '\n'));

    public int CountOf(FileKind kind) => Files.Count(f => f.Kind == kind);

    /// <summary>Parses every file once (C# latest); the trees are immutable and shared by every compilation made from them.</summary>
    public ImmutableArray<SyntaxTree> Parse()
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest);
        return Files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path, encoding: System.Text.Encoding.UTF8, cancellationToken: CancellationToken.None))
            .ToImmutableArray();
    }

    public static ImmutableSortedDictionary<string, int> Count(IEnumerable<string> ruleIds)
        => ruleIds.GroupBy(id => id).ToImmutableSortedDictionary(g => g.Key, g => g.Count());
}
