using System.Collections.Immutable;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Benchmarks.Generation;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Emit;

namespace ConnHygiene.Benchmarks;

/// <summary>
/// A parsed generated code base and its references. Every call makes a fresh compilation from the same trees, so
/// nothing bound in one run is reused by the next (parsing and reference loading are not measured).
/// </summary>
public sealed class Workload
{
    private readonly CSharpCompilationOptions _options;

    public Workload(GeneratedCodeBase codeBase, ImmutableArray<MetadataReference> references, bool concurrentBuild)
    {
        CodeBase = codeBase;
        Trees = codeBase.Parse();
        References = references;
        _options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: NullableContextOptions.Enable,
            concurrentBuild: concurrentBuild,
            deterministic: true);
    }

    /// <summary>Builds the workload the way a benchmark does: networking code against all references, or none against references without System.Net.</summary>
    public static Workload Create(int fileCount, bool networking, bool concurrentBuild)
        => new(CodeBaseGenerator.Generate(fileCount, CodeBaseGenerator.DefaultSeed, networking), ReferencesFor(networking), concurrentBuild);

    /// <summary>Microsoft.NETCore.App + Microsoft.AspNetCore.App, or Microsoft.NETCore.App without any System.Net assembly.</summary>
    public static ImmutableArray<MetadataReference> ReferencesFor(bool networking)
        => networking
            ? ImmutableArray<MetadataReference>.CastUp(ReferencePacks.All)
            : ImmutableArray<MetadataReference>.CastUp(ReferencePacks.WithoutNetworking);

    public GeneratedCodeBase CodeBase { get; }

    public ImmutableArray<SyntaxTree> Trees { get; }

    public ImmutableArray<MetadataReference> References { get; }

    public CSharpCompilation CreateCompilation() => CSharpCompilation.Create("Generated", Trees, References, _options);

    /// <summary>Binds everything and reports the compiler's diagnostics: the compile time the ratios divide by.</summary>
    public ImmutableArray<Diagnostic> Compile() => CreateCompilation().GetDiagnostics();

    /// <summary>Binds, lowers and emits IL and metadata to memory: what csc does besides writing the file.</summary>
    public EmitResult Emit()
    {
        using var peStream = new MemoryStream();
        return CreateCompilation().Emit(peStream);
    }

    /// <summary>
    /// A fresh compilation with <paramref name="analyzers"/>: compiler plus analyzer diagnostics from one pass over the
    /// compilation, as a build reports them. This path keeps no analysis state, so it records no execution times.
    /// </summary>
    public async Task<ImmutableArray<Diagnostic>> AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrentAnalysis)
    {
        var withAnalyzers = CreateCompilation().WithAnalyzers(analyzers, Options(concurrentAnalysis, logExecutionTime: false));
        return await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A fresh compilation analyzed with execution times logged: the analyzer diagnostics and, per analyzer, the time
    /// spent inside its callbacks and the actions it registered (<see cref="AnalysisResult.AnalyzerTelemetryInfo"/>).
    /// </summary>
    public Task<AnalysisResult> AnalyzeWithTelemetryAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrentAnalysis)
        => CreateCompilation().WithAnalyzers(analyzers, Options(concurrentAnalysis, logExecutionTime: true)).GetAnalysisResultAsync(CancellationToken.None);

    private static CompilationWithAnalyzersOptions Options(bool concurrentAnalysis, bool logExecutionTime)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: concurrentAnalysis,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);
}
