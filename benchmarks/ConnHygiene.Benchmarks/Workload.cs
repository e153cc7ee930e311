using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
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
        : this(codeBase, codeBase.Parse(), references, concurrentBuild, NullableContextOptions.Enable)
    {
    }

    private Workload(GeneratedCodeBase codeBase, ImmutableArray<SyntaxTree> trees, ImmutableArray<MetadataReference> references, bool concurrentBuild, NullableContextOptions nullable)
    {
        CodeBase = codeBase;
        Trees = trees;
        References = references;
        _options = new CSharpCompilationOptions(
            OutputKind.DynamicallyLinkedLibrary,
            optimizationLevel: OptimizationLevel.Release,
            nullableContextOptions: nullable,
            allowUnsafe: true,
            concurrentBuild: concurrentBuild,
            deterministic: true);
    }

    /// <summary>
    /// Every <c>.cs</c> file under <paramref name="directory"/> (not under <c>bin</c> or <c>obj</c>), parsed with the
    /// preprocessor symbols of a net10.0 build and compiled against the same references as the mixed code base: a real
    /// project's sources measured the same way (its own package references are not resolved).
    /// </summary>
    public static Workload FromDirectory(string directory)
    {
        var options = new CSharpParseOptions(LanguageVersion.Latest, preprocessorSymbols: NetSymbols());
        var separator = Path.DirectorySeparatorChar;
        var files = Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => new GeneratedFile(f, File.ReadAllText(f), FileKind.Business))
            .ToImmutableArray();
        var codeBase = new GeneratedCodeBase(files, ImmutableSortedDictionary<string, int>.Empty, networking: true);
        var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path, encoding: System.Text.Encoding.UTF8, cancellationToken: CancellationToken.None))
            .ToImmutableArray();
        return new Workload(codeBase, trees, ReferencesFor(networking: true), concurrentBuild: false, NullableContextOptions.Disable);

        static IEnumerable<string> NetSymbols()
        {
            yield return "NET";
            yield return "NETCOREAPP";
            yield return "RELEASE";
            yield return "NET10_0";
            // What the SDK defines for net10.0: the NETCOREAPP and NET "_OR_GREATER" symbols, none of NETSTANDARD.
            foreach (var version in new[] { "NETCOREAPP1_0", "NETCOREAPP1_1", "NETCOREAPP2_0", "NETCOREAPP2_1", "NETCOREAPP2_2", "NETCOREAPP3_0", "NETCOREAPP3_1", "NET5_0", "NET6_0", "NET7_0", "NET8_0", "NET9_0", "NET10_0" })
            {
                yield return version + "_OR_GREATER";
            }
        }
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

    /// <summary>
    /// When true (the default), the analysis runs bind the compilation's references (<c>Compilation.Assembly</c>) before
    /// the analyzers start. Every compilation does that once, whoever asks first: the compile baseline pays it inside
    /// <c>GetDiagnostics</c>, and without this the first analyzer's compilation-start lookup (<c>GetTypeByMetadataName</c>)
    /// pays it and the per-analyzer times charge the compiler's work to ConnHygiene. <c>--cold-references</c> turns it off
    /// (the method of the figures measured before issue 12).
    /// </summary>
    public static bool BindReferencesFirst { get; set; } = true;

    private CSharpCompilation CreateCompilationForAnalysis()
    {
        var compilation = CreateCompilation();
        if (BindReferencesFirst)
        {
            _ = compilation.Assembly;
        }

        return compilation;
    }

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
        var withAnalyzers = CreateCompilationForAnalysis().WithAnalyzers(analyzers, Options(concurrentAnalysis, logExecutionTime: false));
        return await withAnalyzers.GetAllDiagnosticsAsync(CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// A fresh compilation analyzed with execution times logged: the analyzer diagnostics and, per analyzer, the time
    /// spent inside its callbacks and the actions it registered (<see cref="AnalysisResult.AnalyzerTelemetryInfo"/>).
    /// </summary>
    public Task<AnalysisResult> AnalyzeWithTelemetryAsync(ImmutableArray<DiagnosticAnalyzer> analyzers, bool concurrentAnalysis)
        => CreateCompilationForAnalysis().WithAnalyzers(analyzers, Options(concurrentAnalysis, logExecutionTime: true)).GetAnalysisResultAsync(CancellationToken.None);

    private static CompilationWithAnalyzersOptions Options(bool concurrentAnalysis, bool logExecutionTime)
        => new(
            new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty),
            onAnalyzerException: null,
            concurrentAnalysis: concurrentAnalysis,
            logAnalyzerExecutionTime: logExecutionTime,
            reportSuppressedDiagnostics: false);
}
