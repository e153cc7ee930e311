using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// The rule tables of README.md and docs/rules/README.md are equivalent to the descriptors: rows
/// <c>| [CH0001](docs/rules/CH0001.md) | title | severity | fix |</c> (in docs/rules: <c>[CH0001](CH0001.md)</c>), one per
/// descriptor, the title exactly the descriptor's, the severity its default ("Warning (off by default)" when disabled).
/// </summary>
public class ReadmeTests
{
    private static readonly Regex RuleLink = new(@"^\[(?<id>CH\d{4})\]\((?<target>[^)]+)\)$");

    /// <summary>Each table file with the link prefix its rows use.</summary>
    private static readonly Dictionary<string, string> Tables = new(StringComparer.Ordinal)
    {
        ["README.md"] = "docs/rules/",
        ["docs/rules/README.md"] = string.Empty,
    };

    public static TheoryData<string> TableFiles() => RuleCatalog.ToTheoryData(Tables.Keys);

    public static TheoryData<string, string> IdsPerTable()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Tables.Keys)
        {
            foreach (var descriptor in RuleCatalog.Descriptors)
            {
                data.Add(file, descriptor.Id);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TableFiles))]
    public void Table_lists_exactly_the_descriptors(string file)
    {
        var listed = Rows(file).Select(r => r.Id).ToList();
        var expected = RuleCatalog.Descriptors.Select(d => d.Id).ToList();
        Assert.True(listed.Count == listed.Distinct().Count(), $"{file} lists a rule twice: " + string.Join(", ", listed));
        Assert.Equal(expected, listed.OrderBy(id => id, StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(IdsPerTable))]
    public void Table_row_matches_the_descriptor(string file, string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var row = Rows(file).SingleOrDefault(r => r.Id == id);
        Assert.True(row is not null, $"{file}'s rule table has no row for {id}.");
        Assert.Equal($"{Tables[file]}{id}.md", row!.Target);
        Assert.Equal(descriptor.Title.ToString(), row.Title);
        var severity = descriptor.DefaultSeverity.ToString();
        Assert.Equal(descriptor.IsEnabledByDefault ? severity : severity + " (off by default)", row.Severity);
    }

    private sealed record TableRow(string Id, string Target, string Title, string Severity);

    private static List<TableRow> Rows(string file)
    {
        var rows = new List<TableRow>();
        foreach (var line in File.ReadAllLines(RuleCatalog.RepositoryPath(file)))
        {
            if (RuleCatalog.TableCells(line) is [var first, var title, var severity, ..]
                && RuleLink.Match(first) is { Success: true } link)
            {
                rows.Add(new TableRow(link.Groups["id"].Value, link.Groups["target"].Value, title, severity));
            }
        }

        Assert.True(rows.Count > 0, $"{file} has no rule table rows of the form | [CH0001]({Tables[file]}CH0001.md) | title | severity | ... |.");
        return rows;
    }
}
