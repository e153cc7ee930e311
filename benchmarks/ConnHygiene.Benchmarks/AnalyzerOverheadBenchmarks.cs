using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Benchmarks;

/// <summary>
/// What ConnHygiene adds to a build of a large generated code base (~80% business code, ~12% HTTP, ~8% sockets,
/// against Microsoft.NETCore.App + Microsoft.AspNetCore.App). Every invocation makes a fresh compilation from
/// pre-parsed trees, with concurrent build and concurrent analysis on, as csc runs: <see cref="Compile"/> binds
/// everything and is the baseline; <see cref="Emit"/> also lowers and writes IL; the analyzer benchmarks add the
/// analyzer driver, once with an analyzer that does nothing and once with every ConnHygiene analyzer.
/// </summary>
public class AnalyzerOverheadBenchmarks : CompilationBenchmarks
{
    protected override bool Networking => true;

    [Benchmark(Baseline = true)]
    public int Compile() => CpuTimed(() => Work.Compile().Length);

    [Benchmark]
    public bool Emit() => CpuTimed(() => Work.Emit().Success);

    [Benchmark]
    public int EmptyAnalyzer() => CpuTimed(() => Work.AnalyzeAsync(EmptySet, concurrentAnalysis: true).GetAwaiter().GetResult().Length);

    [Benchmark]
    public int CompileWithConnHygiene() => CpuTimed(() => Work.AnalyzeAsync(ConnHygieneSet, concurrentAnalysis: true).GetAwaiter().GetResult().Length);
}

/// <summary>
/// "Zero cost when System.Net.Http is absent": business code only, against Microsoft.NETCore.App without
/// System.Net.Http, System.Net.Sockets and the other System.Net assemblies; ConnHygiene registers no operation action.
/// <see cref="NoNetworkingStartOnlyAnalyzer"/> hosts an analyzer that registers only a compilation-start action (what
/// ConnHygiene registers here), so the analyzer driver's own cost is separated from ConnHygiene's.
/// </summary>
public class NoNetworkingAnalyzerBenchmarks : CompilationBenchmarks
{
    protected override bool Networking => false;

    [Benchmark(Baseline = true)]
    public int NoNetworkingCompile() => CpuTimed(() => Work.Compile().Length);

    [Benchmark]
    public int NoNetworkingStartOnlyAnalyzer() => CpuTimed(() => Work.AnalyzeAsync(StartOnlySet, concurrentAnalysis: true).GetAwaiter().GetResult().Length);

    [Benchmark]
    public int NoNetworkingWithConnHygiene() => CpuTimed(() => Work.AnalyzeAsync(ConnHygieneSet, concurrentAnalysis: true).GetAwaiter().GetResult().Length);
}

/// <summary>
/// Shared setup: the generated code base (its size from <see cref="FileCountVariable"/>, default 3,000 files) and the
/// analyzer sets. Each invocation also records the process CPU time it used (all threads): unlike wall time it does not
/// grow when other processes share the cores, and <see cref="Cleanup"/> prints it into the benchmark log.
/// </summary>
[Config(typeof(SteadyStateConfig))]
public abstract class CompilationBenchmarks
{
    /// <summary>Environment variable overriding the number of generated files.</summary>
    public const string FileCountVariable = "CONNHYGIENE_BENCH_FILES";

    private readonly List<double> _cpuMs = new();
    private Workload? _workload;

    [ParamsSource(nameof(FileCounts))]
    public int Files { get; set; }

    protected abstract bool Networking { get; }

    protected Workload Work => _workload ?? throw new InvalidOperationException("Setup has not run.");

    protected ImmutableArray<DiagnosticAnalyzer> ConnHygieneSet { get; private set; }

    protected ImmutableArray<DiagnosticAnalyzer> EmptySet { get; private set; }

    protected ImmutableArray<DiagnosticAnalyzer> StartOnlySet { get; private set; }

    public static IEnumerable<int> FileCounts()
    {
        var text = Environment.GetEnvironmentVariable(FileCountVariable);
        yield return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var files) && files > 0
            ? files
            : Generation.CodeBaseGenerator.DefaultFileCount;
    }

    [GlobalSetup]
    public void Setup()
    {
        _workload = Workload.Create(Files, Networking, concurrentBuild: true);
        ConnHygieneSet = AnalyzerSets.ConnHygiene();
        EmptySet = AnalyzerSets.Empty();
        StartOnlySet = AnalyzerSets.StartOnly();
    }

    /// <summary>Prints every invocation's CPU time; the median leaves out the jitting and warm-up invocations (all but the last five).</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        var measured = _cpuMs.Count > 5 ? _cpuMs.GetRange(_cpuMs.Count - 5, 5) : _cpuMs;
        measured.Sort();
        var median = measured.Count == 0 ? double.NaN : measured[measured.Count / 2];
        Console.WriteLine($"// CPU time per invocation (ms, all threads): median of last {measured.Count} = {median.ToString("F0", CultureInfo.InvariantCulture)}; "
            + $"all invocations: {string.Join(", ", _cpuMs.ConvertAll(v => v.ToString("F0", CultureInfo.InvariantCulture)))}");
    }

    protected T CpuTimed<T>(Func<T> work)
    {
        var start = Environment.CpuUsage.TotalTime;
        var result = work();
        _cpuMs.Add((Environment.CpuUsage.TotalTime - start).TotalMilliseconds);
        return result;
    }
}

/// <summary>
/// One invocation per iteration (a compilation takes seconds): one warm-up and five measured iterations, with tiered
/// JIT off so that the five measure the compiler's steady state (as in the long-lived compiler server) instead of
/// its methods being re-jitted in the background while they are measured.
/// </summary>
public sealed class SteadyStateConfig : ManualConfig
{
    public SteadyStateConfig()
    {
        AddJob(Job.Default
            .WithStrategy(RunStrategy.Monitoring)
            .WithLaunchCount(1)
            .WithWarmupCount(1)
            .WithIterationCount(5)
            .WithEnvironmentVariables(new EnvironmentVariable("DOTNET_TieredCompilation", "0")));
        AddDiagnoser(MemoryDiagnoser.Default);
    }
}
