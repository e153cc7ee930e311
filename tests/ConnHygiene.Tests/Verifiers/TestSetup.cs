using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using ConnHygiene.Tests.Meta;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>What the analyzer and the code-fix <c>Test</c> wrappers share: project settings, references, expected diagnostics.</summary>
internal static class TestSetup
{
    /// <summary>Where <c>Test.EditorConfig</c> goes: at the root, so its <c>[*.cs]</c> sections apply to every source.</summary>
    public const string EditorConfigPath = "/.editorconfig";

    /// <summary>Where <c>Test.GlobalConfig</c> goes (MSBuild writes build properties into such a file).</summary>
    public const string GlobalConfigPath = "/.globalconfig";

    /// <summary>No reference package: the framework comes from the SDK's packs (<see cref="TestReferences"/>), offline and cold.</summary>
    public static readonly ReferenceAssemblies NoPackage = new("net10.0");

    /// <summary>
    /// Adds the framework references and the config files to the test state, once, just before the test runs
    /// (so the properties can be set in any order). The fixed and batch states inherit them.
    /// </summary>
    public static void Prepare(SolutionState testState, ImmutableArray<MetadataReference> frameworkReferences, string? editorConfig, string? globalConfig)
    {
        testState.AdditionalReferences.InsertRange(0, frameworkReferences);
        if (editorConfig is not null)
        {
            testState.AnalyzerConfigFiles.Add((EditorConfigPath, editorConfig));
        }

        if (globalConfig is not null)
        {
            testState.AnalyzerConfigFiles.Add((GlobalConfigPath, globalConfig));
        }
    }

    /// <summary>
    /// The harness's options with nullable annotations on (as in a new project). Descriptors of the other
    /// <paramref name="analyzers"/> that are off by default stay off, as in a user's build, unless the test's config
    /// (<paramref name="configTexts"/>) sets their severity: the harness would otherwise enable every descriptor of
    /// every analyzer it runs. The descriptors of <paramref name="underTest"/> are all on, as the harness makes them.
    /// </summary>
    public static CompilationOptions CompilationOptions(
        CompilationOptions options, DiagnosticAnalyzer underTest, IEnumerable<DiagnosticAnalyzer> analyzers, params string?[] configTexts)
    {
        var own = underTest.SupportedDiagnostics.Select(d => d.Id).ToImmutableHashSet();
        var offByDefault = analyzers
            .SelectMany(a => a.SupportedDiagnostics)
            .Where(d => !d.IsEnabledByDefault && !own.Contains(d.Id))
            .Where(d => !configTexts.Any(text => text?.Contains($"dotnet_diagnostic.{d.Id}.severity", StringComparison.Ordinal) == true))
            .Select(d => new KeyValuePair<string, ReportDiagnostic>(d.Id, ReportDiagnostic.Suppress));
        var csharp = options is CSharpCompilationOptions c ? c.WithNullableContextOptions(NullableContextOptions.Enable) : options;
        return csharp.WithSpecificDiagnosticOptions(csharp.SpecificDiagnosticOptions.SetItems(offByDefault));
    }

    /// <summary>
    /// <paramref name="underTest"/> first (so <c>[|...|]</c> and <c>Diagnostic()</c> mean its descriptor), then every
    /// other ConnHygiene analyzer, found by reflection: a fix whose result trips another rule fails the test.
    /// </summary>
    public static IEnumerable<DiagnosticAnalyzer> WithEveryAnalyzer(DiagnosticAnalyzer underTest) =>
        new[] { underTest }.Concat(RuleCatalog.CreateAnalyzers().Where(a => a.GetType() != underTest.GetType()));

    /// <summary>A diagnostic of <paramref name="id"/>: the analyzer's own descriptor, or any other ConnHygiene rule's.</summary>
    public static DiagnosticResult Diagnostic(DiagnosticAnalyzer analyzer, string id) =>
        (analyzer.SupportedDiagnostics.FirstOrDefault(d => d.Id == id) ?? RuleCatalog.Descriptors.FirstOrDefault(d => d.Id == id)) is { } descriptor
            ? new DiagnosticResult(descriptor)
            : throw new ArgumentException($"No ConnHygiene descriptor '{id}'; for a compiler diagnostic use DiagnosticResult.CompilerError(\"{id}\").", nameof(id));
}
