using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// Every rule page ends with a "Sources" line linking the code behind the rule, derived from the code so it cannot go
/// stale: the analyzers whose SupportedDiagnostics hold the ID, the code fix providers whose FixableDiagnosticIds hold
/// it (each found as the file named after its type), the unit tests by convention (<c>tests/ConnHygiene.Tests/Rules</c>,
/// a file named <c>CHxxxx*.cs</c> or any file in a <c>CHxxxx</c> folder) and the behaviour proofs that name the ID.
/// </summary>
public class SourcesLineTests
{
    /// <summary>Set to 1 to rewrite every page's Sources line instead of failing (after adding or moving files).</summary>
    public const string UpdateVariable = "CONNHYGIENE_UPDATE_SOURCES";

    private const string Prefix = "Sources: ";
    private const string PageDirectory = "docs/rules";
    private const string UnitTestDirectory = "tests/ConnHygiene.Tests/Rules";
    private const string ProofDirectory = "tests/ConnHygiene.Behaviour.Tests";

    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_ends_with_the_generated_sources_line(string id)
    {
        var expected = SourcesLine(id);
        var path = RuleCatalog.RulePagePath(id);
        Assert.True(File.Exists(path), $"{id} has no rule page: {PageDirectory}/{id}.md is missing.");
        var lines = File.ReadAllLines(path).ToList();
        while (lines.Count > 0 && lines[^1].Trim().Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var actual = lines.Count > 0 && lines[^1].StartsWith(Prefix, StringComparison.Ordinal) ? lines[^1] : null;
        if (actual == expected)
        {
            return;
        }

        if (Environment.GetEnvironmentVariable(UpdateVariable) == "1")
        {
            if (actual is not null)
            {
                lines.RemoveAt(lines.Count - 1);
            }
            else
            {
                lines.Add(string.Empty);
            }

            lines.Add(expected);
            File.WriteAllText(path, string.Join("\n", lines) + "\n");
            return;
        }

        Assert.Fail(
            $"{PageDirectory}/{id}.md must end with its generated Sources line{(actual is null ? " (it has none)" : $", not\n{actual}\n")}. Paste this as the page's last line:\n"
            + expected
            + $"\nor regenerate every page: {UpdateVariable}=1 dotnet test tests/ConnHygiene.Tests/ConnHygiene.Tests.csproj -c Release --filter \"FullyQualifiedName~{nameof(SourcesLineTests)}\"");
    }

    [Fact]
    public void Every_rule_has_an_analyzer_and_a_unit_test_file_to_link()
    {
        var missing = RuleCatalog.Descriptors.Select(d => d.Id)
            .Where(id => Analyzers(id).Count == 0 || UnitTests(id).Count == 0)
            .ToList();
        Assert.True(missing.Count == 0, $"No analyzer or no {UnitTestDirectory}/<ID>*.cs test file for: {string.Join(", ", missing)}.");
    }

    /// <summary>The line docs/rules/<paramref name="id"/>.md ends with, links relative to the page.</summary>
    public static string SourcesLine(string id)
    {
        var parts = new List<string> { "analyzer " + Links(Analyzers(id)) };
        var fixers = Fixers(id);
        if (fixers.Count > 0)
        {
            parts.Add("code fix " + Links(fixers));
        }

        parts.Add("tests " + Links(UnitTests(id).Concat(Proofs(id)).ToList()));
        return Prefix + string.Join(" · ", parts);
    }

    private static string Links(IReadOnlyList<string> paths)
        => string.Join(", ", paths.Select(p => $"[{Path.GetFileNameWithoutExtension(p)}](../../{p})"));

    private static IReadOnlyList<string> Analyzers(string id)
        => RuleCatalog.CreateAnalyzers()
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
            .Select(a => FileOfType(a.GetType(), "src/Analyzers"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<string> Fixers(string id)
        => RuleCatalog.CodeFixProviderTypes
            .Where(t => RuleCatalog.CreateCodeFixProvider(t).FixableDiagnosticIds.Contains(id))
            .Select(t => FileOfType(t, "src/CodeFixes"))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<string> UnitTests(string id)
        => SourceFiles(UnitTestDirectory)
            .Where(p => Path.GetFileName(p).StartsWith(id, StringComparison.Ordinal) || p.Split('/').Contains(id))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    private static IReadOnlyList<string> Proofs(string id)
        => SourceFiles(ProofDirectory)
            .Where(p => File.ReadAllText(RuleCatalog.RepositoryPath(p)).Contains(id, StringComparison.Ordinal))
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToList();

    /// <summary>The one file under <paramref name="directory"/> named after <paramref name="type"/> (one type per file).</summary>
    private static string FileOfType(Type type, string directory)
    {
        var matches = SourceFiles(directory).Where(p => Path.GetFileName(p) == type.Name + ".cs").ToList();
        Assert.True(matches.Count == 1, $"{type.FullName} must live in exactly one file named {type.Name}.cs under {directory}; found {matches.Count}: {string.Join(", ", matches)}.");
        return matches[0];
    }

    /// <summary>Repository-relative paths (with '/') of the .cs files under <paramref name="directory"/>, without build output.</summary>
    private static IEnumerable<string> SourceFiles(string directory)
    {
        var root = RuleCatalog.RepositoryPath(directory);
        if (!Directory.Exists(root))
        {
            return Enumerable.Empty<string>();
        }

        return Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(RuleCatalog.RepositoryRoot, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Where(p => !p.Split('/').Any(segment => segment is "bin" or "obj"));
    }
}
