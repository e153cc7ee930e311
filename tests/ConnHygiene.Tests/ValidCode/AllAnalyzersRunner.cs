using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Tests.Meta;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>One compilation of source files: what the valid-code and robustness tests run every analyzer over.</summary>
/// <param name="Name">Shown in failure messages.</param>
/// <param name="Files">Paths (e.g. /0/Http/Shared.cs) and sources.</param>
internal sealed record CorpusProject(string Name, IReadOnlyList<(string Path, string Source)> Files)
{
    public ImmutableArray<MetadataReference> References { get; init; } = TestReferences.Net10AspNetCore;

    public OutputKind OutputKind { get; init; } = OutputKind.DynamicallyLinkedLibrary;

    public string? EditorConfig { get; init; }

    public override string ToString() => Name;
}

/// <summary>What all analyzers together did on one project.</summary>
internal sealed record AllAnalyzersResult(
    Project Project,
    ImmutableArray<Diagnostic> CompilerErrors,
    ImmutableArray<Diagnostic> AnalyzerDiagnostics,
    ImmutableArray<string> AnalyzerExceptions,
    ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry)
{
    /// <summary>AD0001 diagnostics and exceptions passed to the exception handler, as text.</summary>
    public ImmutableArray<string> Crashes =>
        AnalyzerDiagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()).Concat(AnalyzerExceptions).Distinct().ToImmutableArray();
}

/// <summary>Runs every ConnHygiene analyzer over a project with <see cref="CompilationWithAnalyzers"/>.</summary>
internal static class AllAnalyzersRunner
{
    public static async Task<AllAnalyzersResult> RunAsync(CorpusProject corpus)
    {
        var project = AdhocProject.Create(corpus.Files, corpus.References, corpus.EditorConfig, corpus.OutputKind);
        var compilation = await project.GetCompilationAsync().ConfigureAwait(false)
            ?? throw new InvalidOperationException("The project has no compilation.");

        var analyzers = RuleCatalog.CreateAnalyzers();
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, diagnostic) => exceptions.Enqueue($"{analyzer.GetType().Name} threw at {diagnostic.Location}: {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: true,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);

        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);

        // GetAllDiagnosticsAsync returns compiler and analyzer diagnostics, AD0001 among them.
        var all = await withAnalyzers.GetAllDiagnosticsAsync().ConfigureAwait(false);
        var telemetry = ImmutableDictionary.CreateBuilder<DiagnosticAnalyzer, AnalyzerTelemetryInfo>();
        foreach (var analyzer in analyzers)
        {
            telemetry.Add(analyzer, await withAnalyzers.GetAnalyzerTelemetryInfoAsync(analyzer, default).ConfigureAwait(false));
        }

        return new AllAnalyzersResult(
            project,
            compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToImmutableArray(),
            analyzerDiagnostics.Concat(all.Where(d => d.Id == "AD0001")).Distinct().ToImmutableArray(),
            exceptions.ToImmutableArray(),
            telemetry.ToImmutable());
    }

    /// <summary>Each diagnostic as "path(line,col): ID message" followed by the source line it points at.</summary>
    public static string Describe(IEnumerable<Diagnostic> diagnostics) =>
        string.Join(Environment.NewLine, diagnostics.Select(d =>
        {
            var span = d.Location.GetLineSpan();
            var line = d.Location.SourceTree is { } tree && span.StartLinePosition.Line < tree.GetText().Lines.Count
                ? tree.GetText().Lines[span.StartLinePosition.Line].ToString().Trim()
                : string.Empty;
            return $"{span.Path}({span.StartLinePosition.Line + 1},{span.StartLinePosition.Character + 1}): {d.Id} {d.GetMessage()}{Environment.NewLine}    > {line}";
        }));
}
