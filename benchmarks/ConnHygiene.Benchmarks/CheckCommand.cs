using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Benchmarks.Generation;
using ConnHygiene.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;

namespace ConnHygiene.Benchmarks;

/// <summary>
/// <c>--check [--files N] [--runs R] [--alone] [--dir PATH] [--profile] [--cold-references] [--cpu-only] [--mixed-only] [--reverse]</c>: generates the code base, checks that it compiles and that the analyzers
/// fire on the planted mistakes, then measures each analyzer's own execution time (Roslyn telemetry, sequential
/// build and analysis, median of R runs) against the compile time, and checks that without System.Net the
/// analyzers register no operation action. Prints Markdown; exits 1 when a check fails.
/// </summary>
public static class CheckCommand
{
    public const string Switch = "--check";

    /// <summary>
    /// <c>--cpu-only</c>: the build run and the telemetry run happen in the first round only, so the medians of compile
    /// CPU and per-analyzer thread CPU over <c>--runs</c> rounds cost two compilations per round (for a loaded machine).
    /// </summary>
    private static bool CpuOnly { get; set; }

    public static int Run(string[] args) => RunAsync(args).GetAwaiter().GetResult();

    private static async Task<int> RunAsync(string[] args)
    {
        Workload.BindReferencesFirst = !args.Contains("--cold-references", StringComparer.Ordinal);
        CpuOnly = args.Contains("--cpu-only", StringComparer.Ordinal);
        var files = IntOption(args, "--files", CodeBaseGenerator.DefaultFileCount);
        var runs = IntOption(args, "--runs", 3);
        var failures = new List<string>();
        var connHygiene = AnalyzerSets.ConnHygiene();
        if (args.Contains("--reverse", StringComparer.Ordinal))
        {
            // The driver runs the analyzers' actions for an operation in this order; the first one to read a symbol's
            // lazily computed parts pays for every later one. Reversing shows how much of a figure is that.
            connHygiene = connHygiene.Reverse().ToImmutableArray();
        }

        // The floor: do-nothing callbacks for every operation kind ConnHygiene registers, timed the same way.
        var empty = ImmutableArray.Create<DiagnosticAnalyzer>(EmptyOperationAnalyzer.ForConnHygieneKinds());
        if (args.Contains("--dir", StringComparer.Ordinal) && StringOption(args, "--dir") is null)
        {
            Console.Error.WriteLine("--dir needs a folder of C# sources");
            return 1;
        }

        if (StringOption(args, "--dir") is { } directory)
        {
            return await RunOnDirectoryAsync(directory, runs, connHygiene, empty).ConfigureAwait(false);
        }

        if (args.Contains("--profile", StringComparer.Ordinal))
        {
            return await ProfileAsync(Workload.Create(files, networking: true, concurrentBuild: false), runs, connHygiene).ConfigureAwait(false);
        }

        var mixed = Workload.Create(files, networking: true, concurrentBuild: false);
        PrintHeader(mixed, runs, connHygiene);
        await WarmUpAsync(connHygiene.AddRange(empty)).ConfigureAwait(false);

        Console.WriteLine("### Planted mistakes and what the analyzers report");
        Console.WriteLine();
        CheckCompiles(mixed, "mixed", failures);
        var timing = await MeasureAsync(mixed, connHygiene, empty, runs).ConfigureAwait(false);
        PrintRuleCounts(mixed.CodeBase, timing.Diagnostics, connHygiene, failures);
        if (timing.TimedDiagnostics != timing.Diagnostics.Count(IsConnHygiene))
        {
            failures.Add($"the CPU-timed run reported {timing.TimedDiagnostics} diagnostics, the build run {timing.Diagnostics.Count(IsConnHygiene)}");
        }

        Console.WriteLine($"### Execution time, mixed code base (sequential build and analysis, median of {runs} runs)");
        Console.WriteLine();
        PrintTiming(timing);
        PrintPerAnalyzer(timing, connHygiene);
        PrintSetupCosts(mixed);
        if (args.Contains("--alone", StringComparer.Ordinal))
        {
            await PrintAloneAsync(mixed, connHygiene, timing.Compile.CpuMs, timing.FloorMsPerCall).ConfigureAwait(false);
        }

        if (args.Contains("--mixed-only", StringComparer.Ordinal))
        {
            Console.WriteLine(failures.Count == 0 ? "Check passed (mixed code base only)." : "Check FAILED:");
            failures.ForEach(f => Console.WriteLine("- " + f));
            return failures.Count == 0 ? 0 : 1;
        }

        Console.WriteLine("### No networking (one run)");
        Console.WriteLine();
        var withoutNet = Workload.Create(files, networking: false, concurrentBuild: false);
        CheckCompiles(withoutNet, "no-networking", failures);
        var compilation = withoutNet.CreateCompilation();
        foreach (var name in new[] { "System.Net.Http.HttpClient", "System.Net.Sockets.Socket", "System.Net.Sockets.TcpClient" })
        {
            var resolved = compilation.GetTypeByMetadataName(name) is not null;
            Console.WriteLine($"- `{name}` resolves: {(resolved ? "yes" : "no")}");
            if (resolved)
            {
                failures.Add($"{name} resolves in the no-networking compilation");
            }
        }

        var noNetTiming = await MeasureAsync(withoutNet, connHygiene, empty, runs: 1).ConfigureAwait(false);
        Console.WriteLine($"- references: {withoutNet.References.Length} (Microsoft.NETCore.App without {ReferencePacks.NetworkingAssemblies.Count} System.Net assemblies and facades); "
            + $"{withoutNet.CodeBase.Files.Length} files, {withoutNet.CodeBase.LineCount:N0} lines; ConnHygiene diagnostics: {noNetTiming.Diagnostics.Count(IsConnHygiene)}");
        Console.WriteLine();
        PrintTiming(noNetTiming);
        PrintPerAnalyzer(noNetTiming, connHygiene);
        foreach (var analyzer in connHygiene)
        {
            if (!noNetTiming.Telemetry.TryGetValue(analyzer, out var info) || info.OperationActionsCount != 0)
            {
                failures.Add($"{analyzer.GetType().Name} registered operation actions without System.Net");
            }
        }

        Console.WriteLine("### Business code only, System.Net.Http referenced but unused, as in any net10.0 project (one run)");
        Console.WriteLine();
        var unused = new Workload(withoutNet.CodeBase, Workload.ReferencesFor(networking: true), concurrentBuild: false);
        var unusedTiming = await MeasureAsync(unused, connHygiene, empty, runs: 1).ConfigureAwait(false);
        PrintTiming(unusedTiming);
        PrintPerAnalyzer(unusedTiming, connHygiene);

        Console.WriteLine(failures.Count == 0 ? "Check passed." : "Check FAILED:");
        foreach (var failure in failures)
        {
            Console.WriteLine("- " + failure);
        }

        return failures.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// <c>--dir PATH</c>: a real project's sources (see <see cref="Workload.FromDirectory"/>) instead of the generated code
    /// base; the same timing and per-analyzer tables, plus what each rule reports there. Nothing is planted, so nothing is
    /// checked but AD0001.
    /// </summary>
    private static async Task<int> RunOnDirectoryAsync(string directory, int runs, ImmutableArray<DiagnosticAnalyzer> connHygiene, ImmutableArray<DiagnosticAnalyzer> empty)
    {
        var workload = Workload.FromDirectory(directory);
        await WarmUpAsync(connHygiene.AddRange(empty)).ConfigureAwait(false);
        Console.WriteLine($"## ConnHygiene on {workload.CodeBase.Files.Length} files, {workload.CodeBase.LineCount:N0} lines ({runs} runs)");
        Console.WriteLine();
        var errors = workload.Compile().Count(d => d.Severity == DiagnosticSeverity.Error);
        Console.WriteLine($"- compiler errors against the net10.0 references: {errors}; references bound before the analyzers start: {(Workload.BindReferencesFirst ? "yes" : "no")}");
        var timing = await MeasureAsync(workload, connHygiene, empty, runs).ConfigureAwait(false);
        var reported = timing.Diagnostics.Where(d => IsConnHygiene(d) || d.Id == "AD0001").GroupBy(d => d.Id).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key} {g.Count()}");
        Console.WriteLine($"- reported: {string.Join(", ", reported)}");
        Console.WriteLine();
        PrintTiming(timing);
        PrintPerAnalyzer(timing, connHygiene);
        return timing.Diagnostics.Any(d => d.Id == "AD0001") ? 1 : 0;
    }

    /// <summary>
    /// <c>--profile</c>: only the analysis with ConnHygiene, <c>--runs</c> times, untimed, for a sampling profiler
    /// (<c>DOTNET_PerfMapEnabled=1 perf record -g</c>) to attribute the analyzers' time within their callbacks.
    /// </summary>
    private static async Task<int> ProfileAsync(Workload workload, int runs, ImmutableArray<DiagnosticAnalyzer> connHygiene)
    {
        await WarmUpAsync(connHygiene).ConfigureAwait(false);
        for (var run = 0; run < runs; run++)
        {
            var count = 0;
            var (wall, cpu) = Time(() => count = workload.AnalyzeAsync(connHygiene, concurrentAnalysis: false).GetAwaiter().GetResult().Count(IsConnHygiene));
            Console.WriteLine($"run {run + 1}: {count} diagnostics, {wall:N0} ms wall, {cpu:N0} ms CPU");
        }

        return 0;
    }

    private static void PrintHeader(Workload workload, int runs, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        var codeBase = workload.CodeBase;
        Console.WriteLine("## ConnHygiene analyzer check");
        Console.WriteLine();
        Console.WriteLine($"- machine: {Environment.ProcessorCount} logical cores, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, Roslyn {typeof(CSharpCompilation).Assembly.GetName().Version}");
        Console.WriteLine($"- code base: {codeBase.Files.Length} files ({codeBase.CountOf(FileKind.Business)} business, {codeBase.CountOf(FileKind.Http)} HTTP, {codeBase.CountOf(FileKind.Socket)} socket, {codeBase.CountOf(FileKind.Shared)} shared), {codeBase.LineCount:N0} lines, seed {CodeBaseGenerator.DefaultSeed}");
        Console.WriteLine($"- references: {workload.References.Length} assemblies from {SdkReferencePacks.PackDirectory(SdkReferencePacks.NetCorePack)} and the Microsoft.AspNetCore.App pack");
        Console.WriteLine($"- analyzers: {analyzers.Length} ({string.Join(", ", analyzers.Select(a => a.GetType().Name))}); runs: {runs}");
        Console.WriteLine($"- references bound before the analyzers start: {(Workload.BindReferencesFirst ? "yes" : "no (--cold-references)")}; "
            + (CpuOnly ? "--cpu-only: build and telemetry runs in the first round only, compile and thread CPU medians over every round" : "every run type in every round"));
        Console.WriteLine();
    }

    private static void CheckCompiles(Workload workload, string name, List<string> failures)
    {
        var errors = workload.Compile().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            failures.Add($"the {name} code base has {errors.Count} compiler errors");
            foreach (var error in errors.Take(10))
            {
                Console.WriteLine("    " + error);
            }
        }
    }

    private static void PrintRuleCounts(GeneratedCodeBase codeBase, ImmutableArray<Diagnostic> diagnostics, ImmutableArray<DiagnosticAnalyzer> analyzers, List<string> failures)
    {
        var reported = diagnostics.Where(d => d.Id.StartsWith("CH", StringComparison.Ordinal) || d.Id == "AD0001")
            .GroupBy(d => d.Id).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var implemented = analyzers.SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var ids = codeBase.Planted.Keys.Concat(reported.Keys).Concat(implemented).Distinct().OrderBy(id => id, StringComparer.Ordinal);
        Console.WriteLine("| Rule | Planted by the generator | Reported | Analyzer in main |");
        Console.WriteLine("|---|---:|---:|---|");
        foreach (var id in ids)
        {
            var planted = codeBase.Planted.TryGetValue(id, out var p) ? p : 0;
            var count = reported.TryGetValue(id, out var r) ? r : 0;
            Console.WriteLine($"| {id} | {planted} | {count} | {(implemented.Contains(id) ? "yes" : "not yet")} |");
            if (implemented.Contains(id) && count < planted)
            {
                failures.Add($"{id}: {count} reported of {planted} planted mistakes");
            }
        }

        Console.WriteLine();
        if (reported.TryGetValue("AD0001", out var crashes))
        {
            failures.Add($"{crashes} AD0001 (analyzer exceptions)");
            foreach (var crash in diagnostics.Where(d => d.Id == "AD0001").Take(5))
            {
                Console.WriteLine("    " + crash.GetMessage(CultureInfo.InvariantCulture));
            }
        }
    }

    private sealed record Timing(
        Measured Compile,
        Measured ConnHygiene,
        ImmutableArray<Diagnostic> Diagnostics,
        ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo> Telemetry,
        ImmutableDictionary<DiagnosticAnalyzer, double> ExecutionMs,
        ImmutableDictionary<DiagnosticAnalyzer, double> CpuMs,
        ImmutableDictionary<DiagnosticAnalyzer, long> Calls,
        int TimedDiagnostics)
    {
        /// <summary>The timing wrapper's own cost per callback: the do-nothing analyzer's CPU time per callback.</summary>
        public double FloorMsPerCall
            => CpuMs.Keys.FirstOrDefault(a => a is EmptyOperationAnalyzer) is { } empty && Calls[empty] > 0 ? CpuMs[empty] / Calls[empty] : 0;

        /// <summary>An analyzer's thread CPU time less the wrapper's cost for its callbacks.</summary>
        public double NetCpuMs(DiagnosticAnalyzer analyzer) => Math.Max(0, CpuMs[analyzer] - (Calls[analyzer] * FloorMsPerCall));
    }

    /// <summary>Wall-clock and process CPU time of one kind of run (medians).</summary>
    private sealed record Measured(double WallMs, double CpuMs);

    /// <summary>
    /// Per round: compile; compile + ConnHygiene (the build path, no telemetry); one telemetry run of ConnHygiene and
    /// the empty analyzer together for per-analyzer execution times; one run of them wrapped in
    /// <see cref="CpuTimedAnalyzer"/> for per-analyzer thread CPU time. Interleaved so background load hits all
    /// alike; medians over the rounds. (The empty analyzer's wall time is in the BenchmarkDotNet run.)
    /// </summary>
    private static async Task<Timing> MeasureAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, ImmutableArray<DiagnosticAnalyzer> empty, int runs)
    {
        var compile = new List<(double, double)>();
        var connHygieneRuns = new List<(double, double)>();
        var withEmpty = analyzers.AddRange(empty);
        var execution = withEmpty.ToDictionary(a => a, _ => new List<double>());
        var telemetry = ImmutableDictionary<DiagnosticAnalyzer, AnalyzerTelemetryInfo>.Empty;
        var diagnostics = ImmutableArray<Diagnostic>.Empty;
        var timed = withEmpty.Select(a => new CpuTimedAnalyzer(a)).ToImmutableArray();
        var cpu = withEmpty.ToDictionary(a => a, _ => new List<double>());
        var calls = withEmpty.ToDictionary(a => a, _ => 0L);
        var timedDiagnostics = 0;

        for (var run = 0; run < runs; run++)
        {
            var compileTime = Time(() => workload.Compile());
            var built = ImmutableArray<Diagnostic>.Empty;
            // --cpu-only: after the first round only compile and the CPU-timed run (the figures the shares come from).
            var full = run == 0 || !CpuOnly;
            var connHygieneTime = full ? Time(() => built = workload.AnalyzeAsync(analyzers, concurrentAnalysis: false).GetAwaiter().GetResult()) : (double.NaN, double.NaN);
            Collect();
            var result = full ? await workload.AnalyzeWithTelemetryAsync(withEmpty, concurrentAnalysis: false).ConfigureAwait(false) : null;
            Collect();
            foreach (var wrapper in timed)
            {
                wrapper.Reset();
            }

            var timedRun = await workload.AnalyzeAsync(ImmutableArray<DiagnosticAnalyzer>.CastUp(timed), concurrentAnalysis: false).ConfigureAwait(false);
            timedDiagnostics = timedRun.Count(IsConnHygiene);
            foreach (var wrapper in timed)
            {
                cpu[wrapper.Inner].Add(wrapper.CpuTime.TotalMilliseconds);
                calls[wrapper.Inner] = wrapper.Calls;
            }

            compile.Add(compileTime);
            if (result is null)
            {
                continue;
            }

            connHygieneRuns.Add(connHygieneTime);
            diagnostics = built;
            telemetry = result.AnalyzerTelemetryInfo;
            foreach (var analyzer in withEmpty)
            {
                execution[analyzer].Add(telemetry.TryGetValue(analyzer, out var info) ? info.ExecutionTime.TotalMilliseconds : double.NaN);
            }
        }

        return new Timing(
            Median(compile),
            Median(connHygieneRuns),
            diagnostics,
            telemetry,
            execution.ToImmutableDictionary(p => p.Key, p => Median(p.Value)),
            cpu.ToImmutableDictionary(p => p.Key, p => Median(p.Value)),
            calls.ToImmutableDictionary(),
            timedDiagnostics);
    }

    /// <summary>Loads the references and JIT-compiles the compiler, the driver and the analyzers on a small code base.</summary>
    private static async Task WarmUpAsync(ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        foreach (var networking in new[] { true, false })
        {
            var small = Workload.Create(100, networking, concurrentBuild: false);
            small.Compile();
            await small.AnalyzeAsync(analyzers, concurrentAnalysis: false).ConfigureAwait(false);
            await small.AnalyzeWithTelemetryAsync(analyzers, concurrentAnalysis: false).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The once-per-compilation work that telemetry charges to whichever analyzer starts first: resolving the known
    /// types (cold: on a fresh compilation, as at compilation start; warm: after binding) and the syntax scan for
    /// AddScoped/AddTransient registrations that the per-request test runs once, on first need.
    /// </summary>
    private static void PrintSetupCosts(Workload workload)
    {
        var compilation = workload.CreateCompilation();
        var types = default(KnownTypes);
        var cold = ThreadCpuMs(() => types = KnownTypes.Create(compilation));
        compilation.GetDiagnostics();
        var warm = ThreadCpuMs(() => KnownTypes.Create(compilation));
        var judge = new LifetimeJudge(types ?? KnownTypes.Create(compilation));
        var probe = compilation.GetTypeByMetadataName("Gen.Common.SystemClock");
        var scan = ThreadCpuMs(() => judge.IsPerRequestType(probe, ConnHygieneOptions.Default, default));
        Console.WriteLine("Once per compilation (thread CPU; included in the times above, charged to the analyzer that needs it first):");
        Console.WriteLine();
        Console.WriteLine($"- resolving `KnownTypes` ({workload.References.Length} references): {cold:N1} ms on a fresh compilation, {warm:N1} ms after binding");
        Console.WriteLine($"- scanning every syntax tree for DI registrations (first per-request test): {scan:N1} ms");
        Console.WriteLine();
    }

    /// <summary><c>--alone</c>: each analyzer in a compilation of its own, so each pays the once-per-compilation work itself.</summary>
    private static async Task PrintAloneAsync(Workload workload, ImmutableArray<DiagnosticAnalyzer> analyzers, double compileCpuMs, double floorMsPerCall)
    {
        Console.WriteLine("Each analyzer alone (one run each; each pays the once-per-compilation work itself):");
        Console.WriteLine();
        Console.WriteLine("| Analyzer | Rules | Thread CPU alone, net of timing cost (ms) | Share of compile CPU |");
        Console.WriteLine("|---|---|---:|---:|");
        foreach (var analyzer in analyzers)
        {
            Collect();
            var timed = new CpuTimedAnalyzer(analyzer);
            await workload.AnalyzeAsync(ImmutableArray.Create<DiagnosticAnalyzer>(timed), concurrentAnalysis: false).ConfigureAwait(false);
            var ms = Math.Max(0, timed.CpuTime.TotalMilliseconds - (timed.Calls * floorMsPerCall));
            Console.WriteLine($"| {analyzer.GetType().Name} | {AnalyzerSets.RuleIds(analyzer)} | {ms:N1} | {Percent(ms, compileCpuMs)} |");
        }

        Console.WriteLine();
    }

    private static double ThreadCpuMs(Action action)
    {
        var start = ThreadCpu.NowNanoseconds();
        action();
        return (ThreadCpu.NowNanoseconds() - start) / 1_000_000.0;
    }

    private static (double WallMs, double CpuMs) Time(Action action)
    {
        Collect();
        var cpu = Environment.CpuUsage.TotalTime;
        var stopwatch = Stopwatch.StartNew();
        action();
        return (stopwatch.Elapsed.TotalMilliseconds, (Environment.CpuUsage.TotalTime - cpu).TotalMilliseconds);
    }

    private static bool IsConnHygiene(Diagnostic diagnostic) => diagnostic.Id.StartsWith("CH", StringComparison.Ordinal);

    private static void PrintTiming(Timing timing)
    {
        var compile = timing.Compile;
        Console.WriteLine("| Run | Wall time (ms) | vs compile | CPU time (ms) | vs compile |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("Compile (`GetDiagnostics`)", compile);
        Row("Compile + ConnHygiene (`GetAllDiagnosticsAsync`)", timing.ConnHygiene);
        Console.WriteLine();
        Console.WriteLine($"ConnHygiene (analyzer driver included) over compile: {Percent(timing.ConnHygiene.WallMs - compile.WallMs, compile.WallMs)} wall, "
            + $"{Percent(timing.ConnHygiene.CpuMs - compile.CpuMs, compile.CpuMs)} CPU.");
        Console.WriteLine();

        void Row(string name, Measured measured)
            => Console.WriteLine($"| {name} | {measured.WallMs:N0} | {Percent(measured.WallMs, compile.WallMs)} | {measured.CpuMs:N0} | {Percent(measured.CpuMs, compile.CpuMs)} |");
    }

    private static void PrintPerAnalyzer(Timing timing, ImmutableArray<DiagnosticAnalyzer> analyzers)
    {
        Console.WriteLine("| Analyzer | Rules | Operation actions | Other actions | Execution time (ms) | Share of compile wall time | Callbacks | Thread CPU (ms) | Net of timing cost (ms) | Share of compile CPU |");
        Console.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        var (sumWall, sumNet) = (0.0, 0.0);
        foreach (var analyzer in analyzers.OrderByDescending(timing.NetCpuMs))
        {
            if (!timing.Telemetry.TryGetValue(analyzer, out var info))
            {
                Console.WriteLine($"| {analyzer.GetType().Name} | {AnalyzerSets.RuleIds(analyzer)} | no telemetry | | | | | | | |");
                continue;
            }

            var other = info.CompilationStartActionsCount + info.CompilationEndActionsCount + info.CompilationActionsCount
                + info.SyntaxTreeActionsCount + info.AdditionalFileActionsCount + info.SemanticModelActionsCount + info.SymbolActionsCount
                + info.SymbolStartActionsCount + info.SymbolEndActionsCount + info.SyntaxNodeActionsCount + info.CodeBlockStartActionsCount
                + info.CodeBlockEndActionsCount + info.CodeBlockActionsCount + info.OperationBlockStartActionsCount
                + info.OperationBlockEndActionsCount + info.OperationBlockActionsCount;
            var nested = info.SymbolStartActionsCount + info.CodeBlockStartActionsCount + info.OperationBlockStartActionsCount > 0 ? " (start callbacks only)" : string.Empty;
            var (wall, net) = (timing.ExecutionMs[analyzer], timing.NetCpuMs(analyzer));
            (sumWall, sumNet) = (sumWall + wall, sumNet + net);
            Console.WriteLine($"| {analyzer.GetType().Name} | {AnalyzerSets.RuleIds(analyzer)} | {info.OperationActionsCount} | {other} | {wall:N1} | {Percent(wall, timing.Compile.WallMs)} "
                + $"| {timing.Calls[analyzer]:N0} | {timing.CpuMs[analyzer]:N1}{nested} | {net:N1} | {Percent(net, timing.Compile.CpuMs)} |");
        }

        Console.WriteLine($"| **All ConnHygiene analyzers** | | | | **{sumWall:N1}** | **{Percent(sumWall, timing.Compile.WallMs)}** | | | **{sumNet:N1}** | **{Percent(sumNet, timing.Compile.CpuMs)}** |");
        if (timing.CpuMs.Keys.FirstOrDefault(a => a is EmptyOperationAnalyzer) is { } empty)
        {
            Console.WriteLine($"| EmptyOperationAnalyzer: do-nothing creation, invocation and assignment actions (the floor) | — | 1 | 0 | {timing.ExecutionMs[empty]:N1} | {Percent(timing.ExecutionMs[empty], timing.Compile.WallMs)} "
                + $"| {timing.Calls[empty]:N0} | {timing.CpuMs[empty]:N1} | — | — |");
        }

        Console.WriteLine();
        Console.WriteLine("Execution time: Roslyn telemetry (a stopwatch, so it includes waiting for a core). Thread CPU: the same callbacks timed by "
            + (ThreadCpu.IsThreadCpuTime ? "the thread's CPU clock" : "a stopwatch (no thread CPU clock here)") + $" in a separate run ({timing.TimedDiagnostics} ConnHygiene diagnostics there, as in the build run); "
            + $"net: less {timing.FloorMsPerCall * 1_000_000:N0} ns per callback, what the do-nothing analyzer's callbacks cost when timed the same way.");
        Console.WriteLine();
    }

    private static string Percent(double part, double whole) => (part / whole).ToString("P2", CultureInfo.InvariantCulture);

    private static Measured Median(List<(double Wall, double Cpu)> values)
        => new(Median(values.Select(v => v.Wall).ToList()), Median(values.Select(v => v.Cpu).ToList()));

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.OrderBy(v => v).ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void Collect()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
    }

    private static string? StringOption(string[] args, string name)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
    }

    private static int IntOption(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length && int.TryParse(args[index + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }
}
