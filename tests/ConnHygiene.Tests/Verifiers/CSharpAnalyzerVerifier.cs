using System.Collections.Immutable;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// Analyzer tests on Microsoft.CodeAnalysis.Testing (<see cref="CSharpAnalyzerTest{TAnalyzer, TVerifier}"/> with
/// <see cref="DefaultVerifier"/>): the usual <c>Verify</c> wrapper plus this project's defaults (see README.md).
/// </summary>
public static class CSharpAnalyzerVerifier<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>A diagnostic of the analyzer's only descriptor (throws when it has several).</summary>
    public static DiagnosticResult Diagnostic() => CSharpAnalyzerVerifier<TAnalyzer, DefaultVerifier>.Diagnostic();

    /// <summary>A diagnostic of <paramref name="diagnosticId"/>: the analyzer's descriptor, or another ConnHygiene rule's.</summary>
    public static DiagnosticResult Diagnostic(string diagnosticId) => TestSetup.Diagnostic(new TAnalyzer(), diagnosticId);

    public static DiagnosticResult Diagnostic(DiagnosticDescriptor descriptor) => new(descriptor);

    public static Task VerifyAnalyzerAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new Test { TestCode = source };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync(CancellationToken.None);
    }

    /// <summary>The real analyzer test with the project's defaults; only <typeparamref name="TAnalyzer"/> runs.</summary>
    public sealed class Test : CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
    {
        public Test() => ReferenceAssemblies = TestSetup.NoPackage;

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
