using System.Linq;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis.Text;
using Xunit;

namespace ConnHygiene.Tests.VerifierTests;

public class MarkupTests
{
    [Fact]
    public void Strips_markup_and_records_spans()
    {
        var parsed = Markup.Parse("a[|bc|]d{|CH0001:ef|}g{|#3:h|}");
        Assert.Equal("abcdefgh", parsed.Text);
        Assert.Equal(
            new[]
            {
                new MarkupSpan(null, null, new TextSpan(1, 2)),
                new MarkupSpan("CH0001", null, new TextSpan(4, 2)),
                new MarkupSpan(null, 3, new TextSpan(7, 1)),
            },
            parsed.Spans.ToArray());
    }

    [Fact]
    public void Nests()
    {
        var parsed = Markup.Parse("x{|#0:a[|b{|CS0029:c|}|]|}y");
        Assert.Equal("xabcy", parsed.Text);
        Assert.Contains(new MarkupSpan(null, 0, new TextSpan(1, 3)), parsed.Spans);
        Assert.Contains(new MarkupSpan(null, null, new TextSpan(2, 2)), parsed.Spans);
        Assert.Contains(new MarkupSpan("CS0029", null, new TextSpan(3, 1)), parsed.Spans);
    }

    [Fact]
    public void Leaves_ordinary_code_alone()
    {
        const string code = "var b = x | y; var s = $\"{x}\"; int[] a = { 1 }; if (a || b) { }";
        var parsed = Markup.Parse(code);
        Assert.Equal(code, parsed.Text);
        Assert.Empty(parsed.Spans);
    }

    [Theory]
    [InlineData("a[|b")]
    [InlineData("a|]b")]
    [InlineData("[|a|}")]
    [InlineData("{|CH0001:a|]")]
    [InlineData("{|:a|}")]
    [InlineData("{|#x:a|}")]
    [InlineData("{|CH 1:a|}")]
    public void Rejects_malformed_markup(string markup) =>
        Assert.Throws<VerificationException>(() => Markup.Parse(markup));
}
