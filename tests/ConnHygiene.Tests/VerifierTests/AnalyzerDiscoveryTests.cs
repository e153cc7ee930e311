using ConnHygiene.Tests.Verifiers;
using Xunit;

namespace ConnHygiene.Tests.VerifierTests;

public class AnalyzerDiscoveryTests
{
    [Fact]
    public void Finds_concrete_attributed_analyzers_and_skips_abstract_ones()
    {
        var types = AnalyzerRunner.FindAnalyzerTypes(typeof(NewObjectAnalyzer).Assembly);
        Assert.Contains(typeof(NewObjectAnalyzer), types);
        Assert.Contains(typeof(ObjectAndBuilderAnalyzer), types);
        Assert.Contains(typeof(ThrowingAnalyzer), types);
        Assert.DoesNotContain(typeof(AbstractTestAnalyzer), types);
    }

    [Fact]
    public void Every_ConnHygiene_analyzer_is_instantiated_plus_the_one_under_test()
    {
        var analyzers = AnalyzerRunner.AllConnHygieneAnalyzers(new NewObjectAnalyzer());
        Assert.Contains(analyzers, a => a is NewObjectAnalyzer);
        Assert.Equal(AnalyzerRunner.FindAnalyzerTypes(typeof(ConnHygiene.Analyzers.Descriptors).Assembly).Length + 1, analyzers.Length);
    }
}
