using ConnHygiene.Analyzers;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>The fixture finds what it is asked for, and hands the judge the member an analyzer would.</summary>
public class JudgementFixtureTests
{
    [Fact]
    public void Marker_finds_the_creation_after_it_and_Creation_counts_in_source_order()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            class C
            {
                HttpClient a = new HttpClient();
                HttpClient b = /*here*/new HttpClient();
            }
            """);

        var marked = fixture.OperationAt<IObjectCreationOperation>();
        Assert.IsType<ObjectCreationExpressionSyntax>(fixture.Marked<ObjectCreationExpressionSyntax>());
        Assert.Same(fixture.Creation(index: 1).Syntax, marked.Syntax);
        Assert.NotSame(fixture.Creation(index: 0).Syntax, marked.Syntax);
    }

    [Fact]
    public void Containing_symbol_of_a_field_initializer_is_the_field_and_of_a_lambda_body_the_lambda()
    {
        var fixture = JudgementFixture.Compile("""
            using System;
            using System.Net.Http;
            class C
            {
                static HttpClient s = new HttpClient();
                void M() { Func<HttpClient> f = () => new HttpClient(); }
            }
            """);

        Assert.Equal("s", fixture.ContainingSymbol(fixture.Creation(index: 0)).Name);
        Assert.Equal("M", fixture.ContainingSymbol(fixture.Creation(index: 1)).OutsideFunctions().Name);
    }

    [Fact]
    public void Options_read_like_editorconfig()
    {
        Assert.True(JudgementFixture.Options(("connhygiene.analyze_test_code", "true")).AnalyzeTestCode);
        Assert.False(JudgementFixture.Options().AnalyzeTestCode);
    }
}
