using System.Linq;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="TestCode"/>: is the method <c>Target</c> test code?</summary>
public class TestCodeTests
{
    private const string Frameworks = """
        namespace Xunit { public class FactAttribute : System.Attribute { } public class TheoryAttribute : FactAttribute { } }
        namespace NUnit.Framework { public class TestFixtureAttribute : System.Attribute { } public class TestAttribute : System.Attribute { } }
        namespace Microsoft.VisualStudio.TestTools.UnitTesting { public class TestClassAttribute : System.Attribute { } public class TestMethodAttribute : System.Attribute { } }
        namespace Other { public class FactAttribute : System.Attribute { } }
        """;

    private static IMethodSymbol Target(string source, string assemblyName = "Shop")
    {
        var fixture = JudgementFixture.Compile(source, assemblyName: assemblyName, otherFiles: Frameworks);
        return fixture.Compilation.GetSymbolsWithName("Target", SymbolFilter.Member).OfType<IMethodSymbol>().Single();
    }

    [Theory]
    [InlineData("public class C { [Xunit.Fact] public void Target() { } }")]
    [InlineData("public class C { [Xunit.Theory] public void Target() { } }")]
    [InlineData("public class SkippableFactAttribute : Xunit.FactAttribute { } public class C { [SkippableFact] public void Target() { } }")]
    [InlineData("public class C { [NUnit.Framework.Test] public void Target() { } }")]
    [InlineData("public class C { [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod] public void Target() { } }")]
    public void Method_with_a_test_attribute_is_test_code(string source)
    {
        Assert.True(TestCode.IsTestMember(Target(source)));
    }

    [Theory]
    [InlineData("public class C { [Xunit.Fact] public void Test() { } private void Target() { } }")]
    [InlineData("public class C { [Xunit.Fact] public void Test() { } private class Helper { public void Target() { } } }")]
    [InlineData("[NUnit.Framework.TestFixture] public class C { public void Target() { } }")]
    [InlineData("[Microsoft.VisualStudio.TestTools.UnitTesting.TestClass] public class C { public void Target() { } }")]
    public void Helper_in_a_test_class_is_test_code(string source)
    {
        Assert.True(TestCode.IsTestMember(Target(source)));
    }

    [Theory]
    [InlineData("public class C { [Other.Fact] public void Target() { } }")]
    [InlineData("public class C { public void Target() { } }")]
    [InlineData("public class C { public void Target() { } } public class D { [Xunit.Fact] public void Test() { } }")]
    public void Near_misses_are_not_test_code(string source)
    {
        Assert.False(TestCode.IsTestMember(Target(source)));
    }

    [Theory]
    [InlineData("Shop.Tests", true)]
    [InlineData("Shop.UnitTests", true)]
    [InlineData("Shop.ApiTests", true)]
    [InlineData("Test.Shared", true)]
    [InlineData("Shop.Test.Helpers", true)]
    [InlineData("Shop", false)]
    [InlineData("Shop.Testing", false)]
    [InlineData("Shop.Contests", false)]
    [InlineData("Shop.tests", false)]
    public void Assembly_named_like_a_test_project_is_test_code(string assemblyName, bool isTest)
    {
        Assert.Equal(isTest, TestCode.IsTestMember(Target("public class C { public void Target() { } }", assemblyName)));
    }

    [Fact]
    public void Test_code_is_excluded_unless_analyze_test_code_is_on()
    {
        var target = Target("public class C { [Xunit.Fact] public void Target() { } }");
        Assert.True(TestCode.IsExcluded(target, ConnHygieneOptions.Default));
        Assert.False(TestCode.IsExcluded(target, JudgementFixture.Options(("connhygiene.analyze_test_code", "true"))));
    }
}
