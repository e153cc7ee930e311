using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// The full form of an analyzer test: sources with markup, expected diagnostics, references, options.
/// <see cref="RunAsync"/> checks that <typeparamref name="TAnalyzer"/> reports exactly the expected diagnostics
/// (ID, file, exact span, arguments or message when given), that no analyzer threw (AD0001), and that the
/// sources have no compiler errors other than expected ones.
/// </summary>
public class CSharpAnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    /// <summary>Adds a source file (/0/Test0.cs for the first).</summary>
    public string TestCode
    {
        set => TestState.Sources.Add(value);
    }

    public SolutionState TestState { get; } = new();

    /// <summary>Expected diagnostics besides those given by markup (shorthand for <c>TestState.ExpectedDiagnostics</c>).</summary>
    public List<DiagnosticResult> ExpectedDiagnostics => TestState.ExpectedDiagnostics;

    public ReferenceAssemblies ReferenceAssemblies { get; set; } = ReferenceAssemblies.Net10AspNetCore;

    public List<MetadataReference> AdditionalReferences { get; } = new();

    /// <summary>Text of an .editorconfig at the root of every source file, e.g. "[*.cs]\nconnhygiene.http_fix = shared".</summary>
    public string? EditorConfig { get; set; }

    /// <summary>Text of a global analyzer config (/.globalconfig, <c>is_global = true</c>), as MSBuild writes the build properties, e.g. "is_global = true\nbuild_property.EnableNETAnalyzers = true".</summary>
    public string? GlobalConfig { get; set; }

    public OutputKind OutputKind { get; set; } = OutputKind.DynamicallyLinkedLibrary;

    public LanguageVersion LanguageVersion { get; set; } = LanguageVersion.Latest;

    /// <summary>Compiler diagnostics at or above this level must be expected like any other (default: errors).</summary>
    public CompilerDiagnostics CompilerDiagnostics { get; set; } = CompilerDiagnostics.Errors;

    public virtual async Task RunAsync(CancellationToken cancellationToken = default) =>
        await VerifyDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

    /// <summary>Verifies the test state's diagnostics and returns the state with its project.</summary>
    private protected async Task<(PreparedState State, Project Project)> VerifyDiagnosticsAsync(CancellationToken cancellationToken)
    {
        var analyzer = new TAnalyzer();
        var state = PreparedState.Create(TestState, analyzer.SupportedDiagnostics, "test state");
        var project = CreateProject(state);
        var actual = await AnalyzerRunner.GetDiagnosticsAsync(project, ImmutableArray.Create<DiagnosticAnalyzer>(analyzer), CompilerDiagnostics, cancellationToken)
            .ConfigureAwait(false);
        DiagnosticComparer.AssertSame(state.Expected, actual, $"{typeof(TAnalyzer).Name} on the test code");
        return (state, project);
    }

    private protected Project CreateProject(PreparedState state) =>
        ProjectBuilder.Create(
            new ProjectSettings(ReferenceAssemblies, AdditionalReferences.ToImmutableArray(), EditorConfig, OutputKind, LanguageVersion, GlobalConfig),
            state.Files);
}

/// <summary>The <c>Diagnostic(...)</c> helpers both verifiers offer.</summary>
internal static class DiagnosticFactory<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    private static readonly ImmutableArray<DiagnosticDescriptor> Supported = new TAnalyzer().SupportedDiagnostics;

    public static DiagnosticResult Single() => new(PreparedState.SingleDescriptor(Supported));

    public static DiagnosticResult ById(string id) =>
        Supported.FirstOrDefault(d => d.Id == id) is { } descriptor ? new DiagnosticResult(descriptor) : new DiagnosticResult(id);
}
