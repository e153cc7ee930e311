using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
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
/// </summary>
public class NoNetworkingAnalyzerBenchmarks : CompilationBenchmarks
{
    protected override bool Networking => false;

    [Benchmark(Baseline = true)]
    public int NoNetworkingCompile() => CpuTimed(() => Work.Compile().Length);

    [Benchmark]
    public int NoNetworkingWithConnHygiene() => CpuTimed(() => Work.AnalyzeAsync(ConnHygieneSet, concurrentAnalysis: true).GetAwaiter().GetResult().Length);
}

/// <summary>
/// Shared setup: the generated code base (its size from <see cref="FileCountVariable"/>, default 3,000 files) and the
/// analyzer sets. Each invocation also records the process CPU time it used (all threads): unlike wall time it does not
/// grow when other processes share the cores, and <see cref="Cleanup"/> prints it into the benchmark log.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
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
