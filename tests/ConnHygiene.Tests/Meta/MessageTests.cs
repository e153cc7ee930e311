using System;
using System.Linq;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// Every message says what and where in one sentence, starting with the member the finding is in (<c>'{0}'</c>, the
/// same in every rule); why it matters and how to fix it are the description's and the rule page's job.
/// </summary>
public class MessageTests
{
    /// <summary>Long enough for "what and where", short enough to read in an error list before substitution.</summary>
    private const int MaxFormatLength = 100;

    public static TheoryData<string> Ids => RuleCatalog.DescriptorIds();

    [Theory]
    [MemberData(nameof(Ids))]
    public void Message_starts_with_the_member_the_finding_is_in(string id)
    {
        var format = RuleCatalog.Descriptor(id).MessageFormat.ToString();
        Assert.True(
            format.StartsWith("'{0}' ", StringComparison.Ordinal),
            $"{id}'s message must start with '{{0}}' (the member the finding is in, Display.Member), as every rule's does: {format}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Message_is_one_short_sentence_without_the_why(string id)
    {
        var format = RuleCatalog.Descriptor(id).MessageFormat.ToString();
        Assert.True(format.Length <= MaxFormatLength, $"{id}'s message is {format.Length} characters (at most {MaxFormatLength}): move the why to the description and docs/rules/{id}.md. {format}");
        var joiners = new[] { ";", ": ", ". ", " so ", " because " }.Where(j => format.Contains(j, StringComparison.Ordinal)).ToList();
        Assert.True(joiners.Count == 0, $"{id}'s message joins a second clause with {string.Join(", ", joiners.Select(j => $"'{j}'"))}: keep what and where, move the rest to the description. {format}");
        Assert.False(format.EndsWith('.'), $"{id}'s message ends with a period (Roslyn messages do not): {format}");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void Description_is_longer_than_the_message_and_is_whole_sentences(string id)
    {
        var descriptor = RuleCatalog.Descriptor(id);
        var description = descriptor.Description.ToString();
        Assert.True(description.Length > descriptor.MessageFormat.ToString().Length, $"{id}'s description is not longer than its message: the why belongs there.");
        Assert.EndsWith(".", description, StringComparison.Ordinal);
    }
}
