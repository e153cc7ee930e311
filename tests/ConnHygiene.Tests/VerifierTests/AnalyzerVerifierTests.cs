using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Tests.VerifierTests.NewObjectAnalyzer>;

namespace ConnHygiene.Tests.VerifierTests;

public class AnalyzerVerifierTests
{
    private const string TwoObjects = """
        class C
        {
            object A() => new object();
            object B() => new object();
        }
        """;

    [Fact]
    public Task Passes_with_square_markup() =>
        Verify.VerifyAnalyzerAsync("""
            class C
            {
                object A() => [|new object()|];
            }
            """);

    [Fact]
    public Task Passes_with_id_markup_and_location_keys() =>
        Verify.VerifyAnalyzerAsync(
            """
            class C
            {
                object A() => {|TST0001:new object()|};
                object B() => {|#0:new object()|};
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("B", "object"));

    [Fact]
    public Task Passes_with_explicit_spans_and_message() =>
        Verify.VerifyAnalyzerAsync(
            TwoObjects,
            Verify.Diagnostic().WithSpan(3, 19, 3, 31).WithArguments("A", "object").WithSeverity(DiagnosticSeverity.Warning),
            Verify.Diagnostic("TST0001").WithSpan("/0/Test0.cs", 4, 19, 4, 31).WithMessage("'B' allocates a bare object"));

    [Fact]
    public Task Passes_with_no_diagnostics() =>
        Verify.VerifyAnalyzerAsync("""
            class C
            {
                string A() => new string('a', 2);
            }
            """);

    [Fact]
    public Task Fails_when_a_diagnostic_is_missing() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync("""
            class C
            {
                object A() => [|new object()|];
                string B() => [|new string('a', 2)|];
            }
            """));

    [Fact]
    public async Task Fails_when_an_extra_diagnostic_appears()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            TwoObjects,
            Verify.Diagnostic().WithSpan(3, 19, 3, 31)));
        Assert.Contains("Reported but not expected", failure.Message);
        Assert.Contains("WithSpan(\"/0/Test0.cs\", 4, 19, 4, 31)", failure.Message);
    }

    [Fact]
    public Task Fails_when_a_markup_span_differs() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync("""
            class C
            {
                object A() => [|new object|]();
            }
            """));

    [Fact]
    public Task Fails_when_an_explicit_span_differs() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            """
            class C
            {
                object A() => new object();
            }
            """,
            Verify.Diagnostic().WithSpan(3, 19, 3, 30)));

    [Fact]
    public Task Fails_when_the_file_differs() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            """
            class C
            {
                object A() => new object();
            }
            """,
            Verify.Diagnostic().WithSpan("/0/Test1.cs", 3, 19, 3, 31)));

    [Fact]
    public async Task Fails_when_arguments_differ()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            """
            class C
            {
                object A() => {|#0:new object()|};
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("B", "object")));
        Assert.Contains("same ID and location", failure.Message);
    }

    [Fact]
    public Task Fails_when_the_severity_differs() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            """
            class C
            {
                object A() => {|#0:new object()|};
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error)));

    [Fact]
    public async Task Fails_when_the_source_has_compiler_errors()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync("""
            class C
            {
                object A() => [|new object()|];
                int B() => "not an int";
            }
            """));
        Assert.Contains("compiler errors", failure.Message);
        Assert.Contains("CS0029", failure.Message);
    }

    [Fact]
    public Task Passes_when_a_compiler_error_is_expected_by_markup() =>
        Verify.VerifyAnalyzerAsync("""
            class C
            {
                int B() => {|CS0029:"not an int"|};
            }
            """);

    [Fact]
    public Task Passes_with_compiler_errors_when_the_policy_ignores_them() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    int B() => "not an int";
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.None,
        }.RunAsync();

    [Fact]
    public async Task Fails_with_the_exception_text_when_an_analyzer_throws()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CSharpAnalyzerVerifier<ThrowingAnalyzer>.VerifyAnalyzerAsync("""
                class C
                {
                    object A() => new object();
                }
                """));
        Assert.Contains("AD0001", failure.Message);
        Assert.Contains("test analyzer exploded", failure.Message);
    }

    [Fact]
    public Task Square_markup_is_ambiguous_for_an_analyzer_with_several_descriptors() =>
        Assert.ThrowsAsync<VerificationException>(() => CSharpAnalyzerVerifier<ObjectAndBuilderAnalyzer>.VerifyAnalyzerAsync("""
            class C
            {
                object A() => [|new object()|];
            }
            """));

    [Fact]
    public Task Id_markup_works_for_an_analyzer_with_several_descriptors() =>
        CSharpAnalyzerVerifier<ObjectAndBuilderAnalyzer>.VerifyAnalyzerAsync("""
            class C
            {
                object A() => {|TST0001:new object()|};
                object B() => {|TST0005:new System.Text.StringBuilder()|};
            }
            """);

    [Fact]
    public Task EditorConfig_reaches_the_analyzer() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    object A() => {|#0:new object()|};
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("A", "thing") },
            EditorConfig = """
                root = true

                [*.cs]
                tst.label = thing
                """,
        }.RunAsync();

    [Fact]
    public Task EditorConfig_severity_applies_to_the_diagnostic() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    object A() => {|#0:new object()|};
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithSeverity(DiagnosticSeverity.Error) },
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TST0001.severity = error\n",
        }.RunAsync();

    [Fact]
    public Task Several_files_with_markup_in_each() =>
        new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    "class A { object M() => [|new object()|]; }",
                    ("Second.cs", "class B { object M() => {|#0:new object()|}; }"),
                },
                ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("M", "object") },
            },
        }.RunAsync();

    [Fact]
    public Task Top_level_statements_need_a_console_application() =>
        new Verify.Test
        {
            TestCode = """
                var o = [|new object()|];
                System.Console.WriteLine(o);
                """,
            OutputKind = OutputKind.ConsoleApplication,
        }.RunAsync();

    [Fact]
    public Task Top_level_statements_fail_in_a_library() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync("""
            var o = [|new object()|];
            System.Console.WriteLine(o);
            """));

    [Fact]
    public Task Start_only_location_ignores_the_end() =>
        Verify.VerifyAnalyzerAsync(TwoObjects, Verify.Diagnostic().WithLocation(3, 19), Verify.Diagnostic().WithLocation("/0/Test0.cs", 4, 19));

    [Fact]
    public Task Start_only_location_still_checks_the_start() =>
        Assert.ThrowsAsync<VerificationException>(() =>
            Verify.VerifyAnalyzerAsync(TwoObjects, Verify.Diagnostic().WithLocation(3, 19), Verify.Diagnostic().WithLocation(4, 18)));

    [Fact]
    public Task EditorConfig_severity_none_removes_the_diagnostic() =>
        new Verify.Test
        {
            TestCode = TwoObjects,
            EditorConfig = "[*.cs]\ndotnet_diagnostic.TST0001.severity = none\n",
        }.RunAsync();

    [Fact]
    public Task Duplicate_location_keys_are_rejected() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyAnalyzerAsync(
            "class C { object A() => {|#0:new object()|}; object B() => {|#0:new object()|}; }",
            Verify.Diagnostic().WithLocation(0)));

    [Fact]
    public Task Nullable_is_enabled() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    string M(string? s) => {|CS8603:s|};
                }
                """,
            CompilerDiagnostics = CompilerDiagnostics.Warnings,
        }.RunAsync();
}
