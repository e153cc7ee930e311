using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ConnHygiene.Analyzers;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>docs/rules/&lt;ID&gt;.md for every descriptor: title line, property table, sections, options.</summary>
public class DocumentationTests
{
    private static readonly string[] RequiredSections = { "Cause", "Rule description", "How to fix", "Configuration", "When to suppress" };

    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_exists_and_its_first_line_is_the_id_and_title(string id)
    {
        var lines = ReadPage(id);
        Assert.Equal($"# {id}: {RuleCatalog.Descriptor(id).Title}", lines[0]);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Property_table_matches_the_descriptor(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var table = PropertyTable(ReadPage(id));
        Assert.Equal(id, Row(table, id, "Rule ID"));
        Assert.Equal(descriptor.Category, Row(table, id, "Category"));
        Assert.Equal(descriptor.DefaultSeverity.ToString(), Row(table, id, "Default severity"));
        Assert.Equal(descriptor.IsEnabledByDefault ? "Yes" : "No", Row(table, id, "Enabled by default"));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Code_fix_row_says_Yes_exactly_when_a_code_fix_provider_fixes_the_rule(string id)
    {
        var codeFix = Row(PropertyTable(ReadPage(id)), id, "Code fix");
        var hasFixer = RuleCatalog.FixedIds.Contains(id);
        Assert.True(
            hasFixer ? codeFix.StartsWith("Yes", StringComparison.Ordinal) : codeFix.StartsWith("No", StringComparison.Ordinal),
            $"{id}: the page's Code fix row is '{codeFix}', but {(hasFixer ? "a" : "no")} code fix provider fixes {id}.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Page_has_the_standard_sections_in_order(string id)
    {
        var headings = ReadPage(id).Where(l => l.StartsWith("## ", StringComparison.Ordinal)).Select(l => l.Substring(3).Trim()).ToList();
        var positions = RequiredSections.Select(s => headings.IndexOf(s)).ToList();
        var missing = RequiredSections.Where((s, i) => positions[i] < 0).ToList();
        Assert.True(missing.Count == 0, $"docs/rules/{id}.md lacks the section(s): {string.Join(", ", missing)}. It has: {string.Join(", ", headings)}.");
        Assert.True(positions.SequenceEqual(positions.OrderBy(p => p)), $"docs/rules/{id}.md has its sections out of order: {string.Join(", ", headings)}.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Options_the_page_names_are_real_option_keys(string id)
    {
        var known = typeof(OptionNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToHashSet(StringComparer.Ordinal);
        var named = Regex.Matches(string.Join("\n", ReadPage(id)), @"connhygiene\.[a-z0-9_]+[a-z0-9]")
            .Select(m => m.Value)
            .Distinct()
            .ToList();
        var unknown = named.Where(n => !known.Contains(n)).ToList();
        Assert.True(unknown.Count == 0, $"docs/rules/{id}.md names option(s) ConnHygiene does not read: {string.Join(", ", unknown)}.");
    }

    [Fact]
    public void Docs_rules_has_exactly_one_page_per_descriptor()
    {
        var directory = RuleCatalog.RepositoryPath("docs/rules");
        Assert.True(Directory.Exists(directory), $"The rule pages' folder docs/rules is missing (looked at {directory}).");
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(ids);
        var pages = Directory.EnumerateFiles(directory, "CH*.md").Select(f => Path.GetFileNameWithoutExtension(f)).OrderBy(id => id, StringComparer.Ordinal).ToList();
        var missing = ids.Except(pages, StringComparer.Ordinal).ToList();
        var orphans = pages.Except(ids, StringComparer.Ordinal).ToList();
        Assert.True(
            missing.Count == 0 && orphans.Count == 0,
            $"docs/rules should hold one page per descriptor. Missing: {string.Join(", ", missing)}. Without a descriptor: {string.Join(", ", orphans)}.");
    }

    private static string[] ReadPage(string id)
    {
        var path = RuleCatalog.RulePagePath(id);
        Assert.True(File.Exists(path), $"{id} has no rule page: docs/rules/{id}.md is missing.");
        var lines = File.ReadAllLines(path);
        Assert.True(lines.Length > 0, $"docs/rules/{id}.md is empty.");
        return lines;
    }

    /// <summary>The first table of the page as property name to value.</summary>
    private static Dictionary<string, string> PropertyTable(string[] lines)
    {
        var table = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.SkipWhile(l => RuleCatalog.TableCells(l) is null).TakeWhile(l => RuleCatalog.TableCells(l) is not null))
        {
            if (RuleCatalog.TableCells(line) is [var name, var value, ..])
            {
                table[name] = value;
            }
        }

        return table;
    }

    private static string Row(Dictionary<string, string> table, string id, string property)
    {
        Assert.True(table.TryGetValue(property, out var value), $"docs/rules/{id}.md's property table has no '{property}' row.");
        return value!;
    }
}
