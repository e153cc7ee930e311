using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// README.md's rule table is equivalent to the descriptors: rows <c>| [CH0001](docs/rules/CH0001.md) | title | severity | fix |</c>,
/// one per descriptor, the title exactly the descriptor's, the severity its default ("Warning (off by default)" when disabled).
/// </summary>
public class ReadmeTests
{
    private static readonly Regex RuleLink = new(@"^\[(?<id>CH\d{4})\]\((?<target>[^)]+)\)$");

    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Fact]
    public void Readme_lists_exactly_the_descriptors()
    {
        var listed = ReadmeRows().Select(r => r.Id).ToList();
        var expected = RuleCatalog.Descriptors.Select(d => d.Id).ToList();
        Assert.True(listed.Count == listed.Distinct().Count(), "README lists a rule twice: " + string.Join(", ", listed));
        Assert.Equal(expected, listed.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Readme_row_matches_the_descriptor(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var row = ReadmeRows().SingleOrDefault(r => r.Id == id);
        Assert.True(row is not null, $"README.md's rule table has no row for {id}.");
        Assert.Equal($"docs/rules/{id}.md", row!.Target);
        Assert.Equal(descriptor.Title.ToString(), row.Title);
        var severity = descriptor.DefaultSeverity.ToString();
        Assert.Equal(descriptor.IsEnabledByDefault ? severity : severity + " (off by default)", row.Severity);
    }

    private sealed record ReadmeRow(string Id, string Target, string Title, string Severity);

    private static List<ReadmeRow> ReadmeRows()
    {
        var rows = new List<ReadmeRow>();
        foreach (var line in File.ReadAllLines(RuleCatalog.RepositoryPath("README.md")))
        {
            if (RuleCatalog.TableCells(line) is [var first, var title, var severity, ..]
                && RuleLink.Match(first) is { Success: true } link)
            {
                rows.Add(new ReadmeRow(link.Groups["id"].Value, link.Groups["target"].Value, title, severity));
            }
        }

        Assert.True(rows.Count > 0, "README.md has no rule table rows of the form | [CH0001](docs/rules/CH0001.md) | title | severity | ... |.");
        return rows;
    }
}
