using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using ConnHygiene.Tests.Meta;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.Tests.Realistic;

/// <summary>
/// Every ConnHygiene analyzer over the hand-labelled realistic corpus (Realistic/Corpus/*.cs, one compilation per file,
/// rules at their default severity unless a file enables one): the (rule, line) findings must equal the labels, except
/// the disagreements listed in KnownDisagreements.txt, and each listed disagreement must still happen.
/// </summary>
public class RealisticCorpusTests
{
    private const int MinimumFiles = 60;
    private const int MinimumCorrectFiles = 25;

    private readonly ITestOutputHelper _output;

    public RealisticCorpusTests(ITestOutputHelper output) => _output = output;

    public static TheoryData<string> FileNames() => RuleCatalog.ToTheoryData(RealisticCorpus.Files.Select(f => f.Name));

    [Fact]
    public void Corpus_is_large_enough_and_a_fair_share_is_correct_code()
    {
        var files = RealisticCorpus.Files;
        Assert.True(files.Length >= MinimumFiles, $"The corpus has {files.Length} files; at least {MinimumFiles} are wanted.");
        var correct = files.Count(f => f.IsCorrectCode);
        Assert.True(correct >= MinimumCorrectFiles, $"{correct} corpus files are correct code; at least {MinimumCorrectFiles} are wanted.");
        var missingHeader = files.Where(f => !f.Source.TrimStart().StartsWith("// Imitates:", StringComparison.Ordinal)).Select(f => f.Name).ToList();
        Assert.True(missingHeader.Count == 0, "Files without a '// Imitates:' header: " + string.Join(", ", missingHeader));
    }

    [Fact]
    public void Labels_name_real_rules()
    {
        var ids = RuleCatalog.ReportedIds;
        var unknown = RealisticCorpus.Files.SelectMany(f => f.Expected).Concat(RealisticCorpus.KnownDisagreements.Select(k => k.Finding))
            .Where(f => !ids.Contains(f.Rule)).ToList();
        Assert.True(unknown.Count == 0, "Labels with no such rule: " + string.Join(", ", unknown));
    }

    [Fact]
    public void Known_disagreements_agree_with_the_labels()
    {
        var problems = new List<string>();
        var known = RealisticCorpus.KnownDisagreements;
        foreach (var group in known.GroupBy(k => k.Finding).Where(g => g.Count() > 1))
        {
            problems.Add($"{group.Key} is listed {group.Count()} times");
        }

        foreach (var entry in known)
        {
            if (RealisticCorpus.Files.FirstOrDefault(f => f.Name == entry.Finding.File) is not { } file)
            {
                problems.Add($"{entry.Finding}: no such corpus file");
                continue;
            }

            var labelled = file.Expected.Contains(entry.Finding);
            if (entry.Kind == DisagreementKind.Miss && !labelled)
            {
                problems.Add($"{entry.Finding} is listed as a miss but the file has no '// expect: {entry.Finding.Rule}' on line {entry.Finding.Line}");
            }
            else if (entry.Kind == DisagreementKind.FalsePositive && labelled)
            {
                problems.Add($"{entry.Finding} is listed as a false positive but the file expects it");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Theory]
    [MemberData(nameof(FileNames))]
    public async Task Findings_match_the_labels(string fileName)
    {
        var run = await RealisticCorpus.RunAsync(RealisticCorpus.Named(fileName));
        Assert.True(run.CompilerErrors.IsEmpty, $"{fileName} does not compile:{Environment.NewLine}{ValidCode.AllAnalyzersRunner.Describe(run.CompilerErrors)}");
        Assert.True(run.Crashes.IsEmpty, $"An analyzer threw on {fileName}:{Environment.NewLine}{string.Join(Environment.NewLine, run.Crashes)}");

        var known = RealisticCorpus.KnownDisagreements.Where(k => k.Finding.File == fileName).ToDictionary(k => k.Finding);
        var score = Score.Of(run);
        var problems = new List<string>();
        foreach (var finding in score.FalsePositives)
        {
            if (!(known.TryGetValue(finding, out var entry) && entry.Kind == DisagreementKind.FalsePositive))
            {
                problems.Add($"{finding}: reported but not labelled (false positive, or a missing '// expect:')");
            }
        }

        foreach (var finding in score.Misses)
        {
            if (!(known.TryGetValue(finding, out var entry) && entry.Kind == DisagreementKind.Miss))
            {
                problems.Add($"{finding}: labelled but not reported (miss)");
            }
        }

        foreach (var entry in known.Values)
        {
            var stillHappens = entry.Kind == DisagreementKind.FalsePositive ? score.FalsePositives.Contains(entry.Finding) : score.Misses.Contains(entry.Finding);
            if (!stillHappens)
            {
                problems.Add($"{entry.Finding}: listed in KnownDisagreements.txt as a {(entry.Kind == DisagreementKind.Miss ? "miss" : "false positive")} but no longer happens; remove the line");
            }
        }

        Assert.True(
            problems.Count == 0,
            string.Join(Environment.NewLine, problems) + Environment.NewLine + "Reported:" + Environment.NewLine + run.Described);
    }

    [Fact]
    public async Task Precision_and_recall_per_rule()
    {
        var runs = await RealisticCorpus.RunAllAsync();
        var scores = runs.Select(Score.Of).ToList();
        var rules = RuleCatalog.Descriptors.Select(d => d.Id).ToList();
        var table = new StringBuilder();
        table.AppendLine("| Rule | Labelled | TP | FP | FN | Precision | Recall |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var rule in rules.Append("All"))
        {
            bool Of(Finding f) => rule == "All" || f.Rule == rule;
            var tp = scores.Sum(s => s.TruePositives.Count(Of));
            var fp = scores.Sum(s => s.FalsePositives.Count(Of));
            var fn = scores.Sum(s => s.Misses.Count(Of));
            table.AppendLine(CultureInfo.InvariantCulture, $"| {rule} | {tp + fn} | {tp} | {fp} | {fn} | {Ratio(tp, tp + fp)} | {Ratio(tp, tp + fn)} |");
        }

        _output.WriteLine(table.ToString());
        foreach (var score in scores)
        {
            foreach (var finding in score.FalsePositives)
            {
                _output.WriteLine($"false positive {finding}");
            }

            foreach (var finding in score.Misses)
            {
                _output.WriteLine($"miss           {finding}");
            }
        }

        // Every disagreement must be listed (Findings_match_the_labels says which), and the README must show today's table.
        var listed = RealisticCorpus.KnownDisagreements.Select(k => k.Finding).ToHashSet();
        var unlisted = scores.SelectMany(s => s.FalsePositives.Concat(s.Misses)).Where(f => !listed.Contains(f)).ToList();
        Assert.True(unlisted.Count == 0, "Disagreements not in KnownDisagreements.txt: " + string.Join(", ", unlisted));
        var readme = System.IO.File.ReadAllText(RuleCatalog.RepositoryPath("tests/ConnHygiene.Tests/Realistic/README.md")).Replace("\r\n", "\n", StringComparison.Ordinal);
        Assert.True(
            readme.Contains(table.ToString().Replace("\r\n", "\n", StringComparison.Ordinal), StringComparison.Ordinal),
            "tests/ConnHygiene.Tests/Realistic/README.md does not show today's numbers; replace its table with:" + Environment.NewLine + table);
    }

    private static string Ratio(int numerator, int denominator) =>
        denominator == 0 ? "n/a" : ((double)numerator / denominator).ToString("0.00", CultureInfo.InvariantCulture);

    /// <summary>Labels against findings for one file.</summary>
    private sealed record Score(IReadOnlyList<Finding> TruePositives, IReadOnlyList<Finding> FalsePositives, IReadOnlyList<Finding> Misses)
    {
        public static Score Of(CorpusRun run)
        {
            var expected = run.File.Expected.ToHashSet();
            var actual = run.Actual.ToHashSet();
            return new Score(
                actual.Where(expected.Contains).OrderBy(f => f.Line).ToList(),
                actual.Where(f => !expected.Contains(f)).OrderBy(f => f.Line).ToList(),
                expected.Where(f => !actual.Contains(f)).OrderBy(f => f.Line).ToList());
        }
    }
}
