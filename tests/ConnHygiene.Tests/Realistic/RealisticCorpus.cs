using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using ConnHygiene.Tests.ValidCode;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Tests.Realistic;

/// <summary>One finding: a rule reported (or expected) on a line of a corpus file. Lines are 1-based.</summary>
internal readonly record struct Finding(string File, int Line, string Rule)
{
    public override string ToString() => $"{File}:{Line}:{Rule}";
}

/// <summary>How a listed disagreement differs from the label.</summary>
internal enum DisagreementKind
{
    /// <summary>The analyzers report a finding the label does not expect.</summary>
    FalsePositive,

    /// <summary>The label expects a finding the analyzers do not report.</summary>
    Miss,
}

/// <summary>One line of KnownDisagreements.txt: <c>file:line:CHxxxx:false-positive|miss: reason</c>.</summary>
internal sealed record KnownDisagreement(Finding Finding, DisagreementKind Kind, string Reason)
{
    private static readonly Regex Format = new(@"^(?<file>[^:\s]+\.cs):(?<line>\d+):(?<rule>CH\d{4}):(?<kind>false-positive|miss):\s*(?<reason>\S.*)$", RegexOptions.CultureInvariant);

    public static KnownDisagreement Parse(string line)
    {
        var match = Format.Match(line.Trim());
        if (!match.Success)
        {
            throw new FormatException($"Not 'file:line:CHxxxx:false-positive|miss: reason': {line}");
        }

        return new KnownDisagreement(
            new Finding(match.Groups["file"].Value, int.Parse(match.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture), match.Groups["rule"].Value),
            match.Groups["kind"].Value == "miss" ? DisagreementKind.Miss : DisagreementKind.FalsePositive,
            match.Groups["reason"].Value.Trim());
    }
}

/// <summary>
/// A hand-labelled corpus file: <c>// expect: CH0001, CH0002</c> at the end of a line marks the findings whose squiggle
/// starts on that line; <c>// corpus: exe</c> compiles the file as a console program (top-level statements) and
/// <c>// corpus: enable CH0015</c> turns on a rule that is off by default, for this file only.
/// </summary>
internal sealed record CorpusFile(string Name, string Source, ImmutableArray<Finding> Expected, bool IsExe, ImmutableArray<string> EnabledRules)
{
    private static readonly Regex Expect = new(@"//\s*expect:\s*(?<ids>CH\d{4}(\s*,\s*CH\d{4})*)\s*$", RegexOptions.CultureInvariant);
    private static readonly Regex Enable = new(@"^\s*//\s*corpus:\s*enable\s+(?<ids>CH\d{4}(\s*,\s*CH\d{4})*)\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline);
    private static readonly Regex Exe = new(@"^\s*//\s*corpus:\s*exe\s*$", RegexOptions.CultureInvariant | RegexOptions.Multiline);

    /// <summary>True when the label says this file is correct code.</summary>
    public bool IsCorrectCode => Expected.IsEmpty;

    public static CorpusFile Parse(string name, string source)
    {
        var lines = source.Split('\n');
        var expected = ImmutableArray.CreateBuilder<Finding>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Expect.Match(lines[i].TrimEnd('\r'));
            if (match.Success)
            {
                expected.AddRange(Ids(match).Select(id => new Finding(name, i + 1, id)));
            }
        }

        return new CorpusFile(
            name,
            source,
            expected.ToImmutable(),
            Exe.IsMatch(source),
            Enable.Matches(source).SelectMany(Ids).Distinct(StringComparer.Ordinal).ToImmutableArray());
    }

    private static IEnumerable<string> Ids(Match match) =>
        match.Groups["ids"].Value.Split(',').Select(id => id.Trim());
}

/// <summary>What the analyzers reported on one corpus file.</summary>
internal sealed record CorpusRun(CorpusFile File, ImmutableArray<Finding> Actual, ImmutableArray<Diagnostic> CompilerErrors, ImmutableArray<string> Crashes, string Described);

/// <summary>Loads the corpus copied next to the test assembly and runs every analyzer over each file (once per process).</summary>
internal static class RealisticCorpus
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "Realistic");
    private static readonly ConcurrentDictionary<string, Lazy<Task<CorpusRun>>> Runs = new(StringComparer.Ordinal);
    private static readonly Lazy<ImmutableArray<CorpusFile>> LazyFiles = new(Load);

    public static ImmutableArray<CorpusFile> Files => LazyFiles.Value;

    public static CorpusFile Named(string name) => Files.Single(f => f.Name == name);

    public static ImmutableArray<KnownDisagreement> KnownDisagreements =>
        File.ReadAllLines(Path.Combine(Root, "KnownDisagreements.txt"))
            .Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(KnownDisagreement.Parse)
            .ToImmutableArray();

    public static Task<CorpusRun> RunAsync(CorpusFile file) =>
        Runs.GetOrAdd(file.Name, _ => new Lazy<Task<CorpusRun>>(() => RunCoreAsync(file))).Value;

    public static async Task<ImmutableArray<CorpusRun>> RunAllAsync()
    {
        var runs = ImmutableArray.CreateBuilder<CorpusRun>();
        foreach (var file in Files)
        {
            runs.Add(await RunAsync(file));
        }

        return runs.ToImmutable();
    }

    private static ImmutableArray<CorpusFile> Load() =>
        Directory.EnumerateFiles(Path.Combine(Root, "Corpus"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => CorpusFile.Parse(Path.GetFileName(p), File.ReadAllText(p)))
            .ToImmutableArray();

    private static async Task<CorpusRun> RunCoreAsync(CorpusFile file)
    {
        var project = new CorpusProject(file.Name, new[] { ("/0/" + file.Name, file.Source) })
        {
            OutputKind = file.IsExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
            EditorConfig = file.EnabledRules.IsEmpty
                ? null
                : "[*.cs]\n" + string.Concat(file.EnabledRules.Select(id => $"dotnet_diagnostic.{id}.severity = warning\n")),
        };
        var result = await AllAnalyzersRunner.RunAsync(project);
        var reported = result.AnalyzerDiagnostics.Where(d => d.Id.StartsWith("CH", StringComparison.Ordinal)).ToList();
        var actual = reported
            .Select(d => new Finding(file.Name, d.Location.GetLineSpan().StartLinePosition.Line + 1, d.Id))
            .Distinct()
            .ToImmutableArray();
        return new CorpusRun(file, actual, result.CompilerErrors, result.Crashes, AllAnalyzersRunner.Describe(reported));
    }
}
