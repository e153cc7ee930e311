using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>src/Analyzers/AnalyzerReleases.Shipped.md and .Unshipped.md agree with the descriptors.</summary>
public class ReleaseTrackingTests
{
    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_row_has_the_descriptor_category_and_severity(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var rows = ReleaseRows();
        Assert.True(rows.TryGetValue(id, out var row), $"{id} has no row in AnalyzerReleases.Shipped.md or AnalyzerReleases.Unshipped.md.");
        Assert.Equal(descriptor.Category, row!.Category);
        Assert.Equal(RuleCatalog.ReleaseSeverity(descriptor), row.Severity);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Release_row_notes_name_an_analyzer_that_reports_the_rule(string id)
    {
        var rows = ReleaseRows();
        Assert.True(rows.TryGetValue(id, out var row), $"{id} has no release row.");
        var reporters = RuleCatalog.CreateAnalyzers()
            .Where(a => a.SupportedDiagnostics.Any(d => d.Id == id))
            .Select(a => a.GetType().Name)
            .ToList();
        Assert.True(
            reporters.Contains(row!.Notes),
            $"{id}'s release row names '{row.Notes}', but the analyzers reporting {id} are: {(reporters.Count == 0 ? "none" : string.Join(", ", reporters))}.");
    }

    [Fact]
    public void Every_release_row_belongs_to_a_descriptor()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var orphans = ReleaseRows().Keys.Where(id => !ids.Contains(id)).ToList();
        Assert.True(orphans.Count == 0, "Release rows without a descriptor: " + string.Join(", ", orphans));
    }

    private sealed record ReleaseRow(string Category, string Severity, string Notes);

    /// <summary>
    /// The current state of each rule: Shipped.md read release by release, then Unshipped.md. "New Rules" and
    /// "Changed Rules" rows set the rule (Changed gives the new category and severity first); "Removed Rules" drop it.
    /// </summary>
    private static Dictionary<string, ReleaseRow> ReleaseRows()
    {
        var rows = new Dictionary<string, ReleaseRow>(StringComparer.Ordinal);
        foreach (var file in new[] { "AnalyzerReleases.Shipped.md", "AnalyzerReleases.Unshipped.md" })
        {
            var section = string.Empty;
            foreach (var line in File.ReadAllLines(RuleCatalog.RepositoryPath("src/Analyzers/" + file)))
            {
                if (line.StartsWith("### ", StringComparison.Ordinal))
                {
                    section = line.Substring(4).Trim();
                    continue;
                }

                var cells = line.Split('|').Select(c => c.Trim()).ToArray();
                if (cells.Length < 3 || !cells[0].StartsWith("CH", StringComparison.Ordinal))
                {
                    continue;
                }

                switch (section)
                {
                    case "New Rules":
                        rows[cells[0]] = new ReleaseRow(cells[1], cells[2], cells.Length > 3 ? cells[^1] : string.Empty);
                        break;
                    case "Changed Rules":
                        rows[cells[0]] = new ReleaseRow(cells[1], cells[2], cells.Length > 5 ? cells[^1] : string.Empty);
                        break;
                    case "Removed Rules":
                        rows.Remove(cells[0]);
                        break;
                }
            }
        }

        return rows;
    }
}
