using System;
using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using ConnHygiene.Analyzers;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>Every descriptor in <see cref="Descriptors"/>: ID format, declared ID, category, help link.</summary>
public class DescriptorTests
{
    private const string ExpectedHelpLinkBase = "https://github.com/connhygiene/connhygiene/blob/main/docs/rules/";

    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Fact]
    public void Descriptors_are_found_and_their_ids_are_unique()
    {
        var ids = RuleCatalog.Descriptors.Select(d => d.Id).ToList();
        Assert.Contains(RuleIdentifiers.HttpClientPerOperation, ids);
        var duplicates = ids.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Duplicate descriptor IDs: " + string.Join(", ", duplicates));
    }

    [Fact]
    public void Every_rule_identifier_has_a_descriptor()
    {
        var missing = RuleCatalog.RuleIds.Except(RuleCatalog.Descriptors.Select(d => d.Id)).ToList();
        Assert.True(missing.Count == 0, "RuleIdentifiers without a descriptor: " + string.Join(", ", missing));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Id_has_the_CH_format_and_is_declared_in_RuleIdentifiers(string id)
    {
        Assert.Matches(new Regex(@"^CH\d{4}$"), id);
        Assert.Contains(id, RuleCatalog.RuleIds);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Category_is_Reliability_and_title_message_and_description_are_written(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        Assert.Equal("Reliability", descriptor.Category);
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Title.ToString()), $"{id} has no title.");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.MessageFormat.ToString()), $"{id} has no message.");
        Assert.False(string.IsNullOrWhiteSpace(descriptor.Description.ToString()), $"{id} has no description.");
        Assert.False(descriptor.Title.ToString().EndsWith('.'), $"{id}'s title ends with a period.");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Help_link_follows_the_convention_and_its_page_exists(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        Assert.Equal(RuleIdentifiers.HelpLink(id), descriptor.HelpLinkUri);
        Assert.Equal(ExpectedHelpLinkBase + id + ".md", descriptor.HelpLinkUri);

        // The part after blob/main/ is the file's path in the repository.
        const string branch = "/blob/main/";
        var index = descriptor.HelpLinkUri.IndexOf(branch, StringComparison.Ordinal);
        Assert.True(index > 0, $"{descriptor.HelpLinkUri} does not point into the main branch.");
        var relative = descriptor.HelpLinkUri.Substring(index + branch.Length);
        Assert.True(File.Exists(RuleCatalog.RepositoryPath(relative)), $"{id}'s help link points at {relative}, which does not exist in the repository.");
    }
}
