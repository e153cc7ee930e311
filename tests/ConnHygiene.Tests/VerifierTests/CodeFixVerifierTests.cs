using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Tests.VerifierTests.NewObjectAnalyzer,
    ConnHygiene.Tests.VerifierTests.ReplaceObjectFix>;

namespace ConnHygiene.Tests.VerifierTests;

public class CodeFixVerifierTests
{
    private const string OneObject = """
        class C
        {
            object A() => [|new object()|];
        }
        """;

    private const string OneObjectFixed = """
        class C
        {
            object A() => new string('x', 1);
        }
        """;

    [Fact]
    public Task Passes_when_the_fix_gives_the_expected_text() =>
        Verify.VerifyCodeFixAsync(OneObject, OneObjectFixed);

    [Fact]
    public Task Passes_with_explicit_expected_diagnostics() =>
        Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => new object();
            }
            """,
            new[] { Verify.Diagnostic().WithSpan(3, 19, 3, 31).WithArguments("A", "object") },
            OneObjectFixed);

    [Fact]
    public Task Simplifier_import_and_formatter_annotations_are_applied() =>
        CSharpCodeFixVerifier<NewObjectAnalyzer, AnnotatedFix>.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => [|new object()|];
            }
            """,
            """
            using System.Text;

            class C
            {
                object A() => new StringBuilder("a");
            }
            """);

    [Fact]
    public Task Line_endings_are_normalized() =>
        Verify.VerifyCodeFixAsync(OneObject.Replace("\n", "\r\n"), OneObjectFixed);

    [Fact]
    public async Task Fails_with_a_line_diff_when_the_fixed_text_differs()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(OneObject, """
            class C
            {
                object A() => new string('y', 1);
            }
            """));
        Assert.Contains("- " + "    object A() => new string('y', 1);", failure.Message);
        Assert.Contains("+ " + "    object A() => new string('x', 1);", failure.Message);
    }

    [Fact]
    public Task Fails_when_the_fixed_text_differs_only_in_trailing_whitespace() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(OneObject, OneObjectFixed + "\n"));

    [Fact]
    public async Task Fails_when_the_fixed_code_does_not_compile()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CSharpCodeFixVerifier<NewObjectAnalyzer, BrokenFix>.VerifyCodeFixAsync(OneObject, """
                class C
                {
                    object A() => new Strng();
                }
                """));
        Assert.Contains("CS0246", failure.Message);
    }

    [Fact]
    public Task Fails_when_the_test_source_has_compiler_errors() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => [|new object()|];
                int B() => "no";
            }
            """,
            """
            class C
            {
                object A() => new string('x', 1);
                int B() => "no";
            }
            """));

    [Fact]
    public Task Fails_when_a_diagnostic_is_missing_from_the_test_code() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => new object();
            }
            """,
            OneObjectFixed));

    [Fact]
    public Task Fails_when_the_analyzer_throws() =>
        Assert.ThrowsAsync<VerificationException>(() =>
            CSharpCodeFixVerifier<ThrowingAnalyzer, ReplaceObjectFix>.VerifyCodeFixAsync(OneObject, OneObjectFixed));

    [Fact]
    public async Task Fails_with_the_exception_text_when_the_fix_throws()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            CSharpCodeFixVerifier<NewObjectAnalyzer, ThrowingFix>.VerifyCodeFixAsync(OneObject, OneObjectFixed));
        Assert.Contains("test fix exploded", failure.Message);
    }

    [Fact]
    public Task Fails_when_the_fix_never_converges() =>
        Assert.ThrowsAsync<VerificationException>(() =>
            CSharpCodeFixVerifier<NewObjectAnalyzer, LoopingFix>.VerifyCodeFixAsync(OneObject, OneObjectFixed));

    [Fact]
    public async Task Fails_when_the_fix_introduces_another_diagnostic()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() =>
            new CSharpCodeFixVerifier<ObjectAndBuilderAnalyzer, BuilderFix>.Test
            {
                TestCode = "class C { object A() => {|TST0001:new object()|}; }",
                FixedCode = "class C { object A() => new System.Text.StringBuilder(); }",
            }.RunAsync());
        Assert.Contains("TST0005", failure.Message);
    }

    [Fact]
    public Task Passes_when_the_introduced_diagnostic_is_expected_in_the_fixed_state() =>
        new CSharpCodeFixVerifier<ObjectAndBuilderAnalyzer, BuilderFix>.Test
        {
            TestCode = "class C { object A() => {|TST0001:new object()|}; }",
            FixedCode = "class C { object A() => {|TST0005:new System.Text.StringBuilder()|}; }",
        }.RunAsync();

    [Fact]
    public Task Remaining_diagnostics_are_marked_in_the_fixed_code() =>
        Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => [|new object()|];
                object Keep() => [|new object()|];
            }
            """,
            """
            class C
            {
                object A() => new string('x', 1);
                object Keep() => [|new object()|];
            }
            """);

    [Fact]
    public Task Remaining_diagnostics_by_location_key_in_the_fixed_state() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    object A() => [|new object()|];
                    object Keep() => [|new object()|];
                }
                """,
            FixedState =
            {
                Sources =
                {
                    """
                    class C
                    {
                        object A() => new string('x', 1);
                        object Keep() => {|#0:new object()|};
                    }
                    """,
                },
                ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("Keep", "object") },
            },
        }.RunAsync();

    [Fact]
    public Task Fails_when_a_remaining_diagnostic_is_not_expected() =>
        Assert.ThrowsAsync<VerificationException>(() => Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object A() => [|new object()|];
                object Keep() => [|new object()|];
            }
            """,
            """
            class C
            {
                object A() => new string('x', 1);
                object Keep() => new object();
            }
            """));

    [Fact]
    public Task Equivalence_key_chooses_the_action() =>
        new Verify.Test
        {
            TestCode = OneObject,
            FixedCode = """
                class C
                {
                    object A() => null!;
                }
                """,
            CodeActionEquivalenceKey = ReplaceObjectFix.NullKey,
        }.RunAsync();

    [Fact]
    public Task Code_action_index_chooses_the_action() =>
        new Verify.Test
        {
            TestCode = OneObject,
            FixedCode = """
                class C
                {
                    object A() => null!;
                }
                """,
            CodeActionIndex = 1,
        }.RunAsync();

    [Fact]
    public Task No_action_expected_passes_when_none_is_offered() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    object Keep() => [|new object()|];
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();

    [Fact]
    public Task No_action_expected_passes_when_none_has_the_key() =>
        new Verify.Test
        {
            TestCode = OneObject,
            CodeActionEquivalenceKey = "TST0001.Other",
            CodeActionExpected = false,
        }.RunAsync();

    [Fact]
    public Task No_action_expected_rejects_fixed_code() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = OneObject,
            FixedCode = OneObjectFixed,
            CodeActionExpected = false,
        }.RunAsync());

    [Fact]
    public Task No_action_expected_needs_a_fixable_diagnostic() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = "class C { string A() => new string('a', 1); }",
            CodeActionExpected = false,
        }.RunAsync());

    [Fact]
    public async Task No_action_expected_fails_when_one_is_offered()
    {
        var failure = await Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = OneObject,
            CodeActionEquivalenceKey = ReplaceObjectFix.StringKey,
            CodeActionExpected = false,
        }.RunAsync());
        Assert.Contains("Use a string", failure.Message);
    }

    [Fact]
    public Task Same_source_as_fixed_code_means_no_fix_applies() =>
        Verify.VerifyCodeFixAsync(
            """
            class C
            {
                object Keep() => [|new object()|];
            }
            """,
            """
            class C
            {
                object Keep() => [|new object()|];
            }
            """);

    [Fact]
    public Task EditorConfig_reaches_the_analyzer_and_the_code_fix() =>
        new Verify.Test
        {
            TestCode = """
                class C
                {
                    object A() => {|#0:new object()|};
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("A", "thing") },
            FixedCode = """
                class C
                {
                    object A() => new string('y', 1);
                }
                """,
            EditorConfig = "[*.cs]\ntst.label = thing\ntst.fill_char = y\n",
        }.RunAsync();

    [Fact]
    public Task EditorConfig_option_is_really_read_by_the_fix() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = OneObject,
            FixedCode = OneObjectFixed,
            EditorConfig = "[*.cs]\ntst.fill_char = y\n",
        }.RunAsync());

    private static Verify.Test TwoFiles(params FixAllScope[] scopes)
    {
        var test = new Verify.Test
        {
            TestState =
            {
                Sources =
                {
                    """
                    class A
                    {
                        object M() => [|new object()|];
                        object N() => [|new object()|];
                    }
                    """,
                    """
                    class B
                    {
                        object M() => [|new object()|];
                    }
                    """,
                },
            },
            FixedState =
            {
                Sources =
                {
                    """
                    class A
                    {
                        object M() => new string('x', 1);
                        object N() => new string('x', 1);
                    }
                    """,
                    """
                    class B
                    {
                        object M() => new string('x', 1);
                    }
                    """,
                },
            },
            FixAllScopes = scopes,
        };
        return test;
    }

    [Fact]
    public Task Fix_all_in_document_and_project_across_two_files() =>
        TwoFiles(FixAllScope.Document, FixAllScope.Project).RunAsync();

    [Fact]
    public Task Fix_all_document_scope_needs_one_iteration_per_document() =>
        Assert.ThrowsAsync<VerificationException>(() =>
        {
            var test = TwoFiles(FixAllScope.Document);
            test.NumberOfFixAllIterations = 1;
            return test.RunAsync();
        });

    [Fact]
    public Task Fix_all_project_scope_fixes_both_files_at_once()
    {
        var test = TwoFiles(FixAllScope.Project);
        test.NumberOfFixAllIterations = 1;
        return test.RunAsync();
    }

    [Fact]
    public async Task Fix_all_result_is_really_checked_against_batch_fixed_code()
    {
        var test = TwoFiles(FixAllScope.Project);
        test.BatchFixedState.Sources.Add("class A { }");
        test.BatchFixedState.Sources.Add("class B { }");
        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("Fix All (Project)", failure.Message);
    }

    [Fact]
    public async Task Fails_when_fix_all_fixes_only_the_first_diagnostic()
    {
        var test = new CSharpCodeFixVerifier<NewObjectAnalyzer, FirstOnlyFixAll>.Test
        {
            TestCode = """
                class A
                {
                    object M() => [|new object()|];
                    object N() => [|new object()|];
                }
                """,
            FixedCode = """
                class A
                {
                    object M() => new string('x', 1);
                    object N() => new string('x', 1);
                }
                """,
        };
        var failure = await Assert.ThrowsAsync<VerificationException>(() => test.RunAsync());
        Assert.Contains("Fix All", failure.Message);
    }

    [Fact]
    public Task Incremental_iterations_are_counted() =>
        Assert.ThrowsAsync<VerificationException>(() =>
        {
            var test = TwoFiles(FixAllScope.Project);
            test.NumberOfIncrementalIterations = 2;
            return test.RunAsync();
        });
}
