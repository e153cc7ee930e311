using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// Code-fix tests on Microsoft.CodeAnalysis.Testing (<see cref="CSharpCodeFixTest{TAnalyzer, TCodeFix, TVerifier}"/>
/// with <see cref="DefaultVerifier"/>): the usual <c>Verify</c> wrapper plus this project's defaults (see README.md).
/// Every ConnHygiene analyzer runs over the test code and the fixed code.
/// </summary>
public static class CSharpCodeFixVerifier<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>A diagnostic of the analyzer's only descriptor (throws when it has several).</summary>
    public static DiagnosticResult Diagnostic() => CSharpCodeFixVerifier<TAnalyzer, TCodeFix, DefaultVerifier>.Diagnostic();

    /// <summary>A diagnostic of <paramref name="diagnosticId"/>: the analyzer's descriptor, or another ConnHygiene rule's.</summary>
    public static DiagnosticResult Diagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected) =>
        CSharpAnalyzerVerifier<TAnalyzer>.VerifyAnalyzerAsync(source, expected);

    public static Task VerifyCodeFixAsync(string source, string fixedSource) =>
        VerifyCodeFixAsync(source, DiagnosticResult.EmptyDiagnosticResults, fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult expected, string fixedSource) =>
        VerifyCodeFixAsync(source, new[] { expected }, fixedSource);

    public static Task VerifyCodeFixAsync(string source, DiagnosticResult[] expected, string fixedSource)
    {
        var test = new Test { TestCode = source, FixedCode = fixedSource };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>
    /// The real code-fix test with the project's defaults. <typeparamref name="TAnalyzer"/> comes first (markup
    /// <c>[|...|]</c> is its descriptor), then every other ConnHygiene analyzer, in every state: the diagnostics of
    /// other rules must be expected like any other, and a fix that trips another rule fails.
    /// </summary>
    public sealed class Test : CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
    {
        public Test()
        {
            ReferenceAssemblies = TestSetup.NoPackage;

            // Markup in FixedCode/BatchFixedCode marks diagnostics that must remain after the fix, fixable ones too
            // (the harness would otherwise ignore markup of diagnostics the fixer handles).
            FixedState.MarkupHandling = MarkupMode.Allow;
            BatchFixedState.MarkupHandling = MarkupMode.Allow;
        }

        /// <summary>The framework (default Microsoft.NETCore.App + Microsoft.AspNetCore.App from the SDK's packs); see <see cref="TestReferences"/>.</summary>
        public ImmutableArray<MetadataReference> FrameworkReferences { get; set; } = TestReferences.Net10AspNetCore;

        /// <summary>Text of /.editorconfig, e.g. "[*.cs]\nconnhygiene.http_fix = shared".</summary>
        public string? EditorConfig { get; set; }

        /// <summary>Text of /.globalconfig (<c>is_global = true</c>), as MSBuild writes build properties.</summary>
        public string? GlobalConfig { get; set; }

        public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

        /// <summary>Shorthand for <c>TestState.OutputKind</c> (ConsoleApplication for top-level statements).</summary>
        public OutputKind? OutputKind { get => TestState.OutputKind; set => TestState.OutputKind = value; }

        /// <summary>Shorthand for <c>TestState.AdditionalReferences</c>.</summary>
        public MetadataReferenceCollection AdditionalReferences => TestState.AdditionalReferences;

        /// <summary>
        /// False for "no fix offered" tests: the fixed state is the test state (<see cref="StateInheritanceMode.AutoInheritAll"/>),
        /// so the harness checks that no code action (with <c>CodeActionEquivalenceKey</c>, when set) is offered.
        /// (Hides the harness's protected static <c>CodeActionExpected(SolutionState)</c>, which the harness keeps calling.)
        /// </summary>
        public new bool CodeActionExpected
        {
            get => FixedState.InheritanceMode != StateInheritanceMode.AutoInheritAll;
            set => FixedState.InheritanceMode = value ? null : StateInheritanceMode.AutoInheritAll;
        }

        protected override IEnumerable<DiagnosticAnalyzer> GetDiagnosticAnalyzers() => TestSetup.WithEveryAnalyzer(new TAnalyzer());

        protected override CompilationOptions CreateCompilationOptions() =>
            TestSetup.CompilationOptions(base.CreateCompilationOptions(), new TAnalyzer(), GetDiagnosticAnalyzers(), EditorConfig, GlobalConfig);

        protected override ParseOptions CreateParseOptions() => new CSharpParseOptions(LanguageVersion, DocumentationMode.Diagnose);

        protected override Task RunImplAsync(CancellationToken cancellationToken)
        {
            TestSetup.Prepare(TestState, FrameworkReferences, EditorConfig, GlobalConfig);
            return base.RunImplAsync(cancellationToken);
        }
    }
}
