using System;
using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Benchmarks;

// A pass-through wrapper: the wrapped analyzer configures concurrency and generated code and registers the actions.
#pragma warning disable RS1001, RS1012, RS1025, RS1026

/// <summary>
/// Wraps an analyzer and adds up the CPU time of the calling thread spent in each of its callbacks. Unlike
/// <see cref="Microsoft.CodeAnalysis.Diagnostics.Telemetry.AnalyzerTelemetryInfo.ExecutionTime"/> (a stopwatch), it
/// does not count the time the thread waited for a core, so it stays put when other processes share the machine.
/// Times the compilation-start callback and every action registered on the analysis and compilation-start contexts;
/// actions registered from a symbol-start, operation-block-start or code-block-start callback are not timed (only
/// the start callback itself), which <see cref="Partial"/> reports.
/// </summary>
public sealed class CpuTimedAnalyzer : DiagnosticAnalyzer
{
    private long _nanoseconds;
    private long _calls;
    private int _partial;

    public CpuTimedAnalyzer(DiagnosticAnalyzer inner)
    {
        Inner = inner;
    }

    public DiagnosticAnalyzer Inner { get; }

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => Inner.SupportedDiagnostics;

    public TimeSpan CpuTime => TimeSpan.FromTicks(Interlocked.Read(ref _nanoseconds) / 100);

    /// <summary>How many callbacks ran: reading the thread clock twice per callback costs time too, which a do-nothing analyzer measures.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>True when the analyzer registered actions inside a nested start callback, which are not timed.</summary>
    public bool Partial => Volatile.Read(ref _partial) != 0;

    public void Reset()
    {
        Interlocked.Exchange(ref _nanoseconds, 0);
        Interlocked.Exchange(ref _calls, 0);
        Interlocked.Exchange(ref _partial, 0);
    }

    public override void Initialize(AnalysisContext context) => Inner.Initialize(new TimedAnalysisContext(context, this));

    internal Action<T> Timed<T>(Action<T> action) => argument =>
    {
        var start = ThreadCpu.NowNanoseconds();
        try
        {
            action(argument);
        }
        finally
        {
            Interlocked.Add(ref _nanoseconds, ThreadCpu.NowNanoseconds() - start);
            Interlocked.Increment(ref _calls);
        }
    };

    internal Action<T> TimedStart<T>(Action<T> action)
    {
        Interlocked.Exchange(ref _partial, 1);
        return Timed(action);
    }

    private sealed class TimedAnalysisContext : AnalysisContext
    {
        private readonly AnalysisContext _inner;
        private readonly CpuTimedAnalyzer _owner;

        public TimedAnalysisContext(AnalysisContext inner, CpuTimedAnalyzer owner)
        {
            _inner = inner;
            _owner = owner;
        }

        public override void EnableConcurrentExecution() => _inner.EnableConcurrentExecution();

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => _inner.ConfigureGeneratedCodeAnalysis(analysisMode);

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action)
            => _inner.RegisterCompilationStartAction(_owner.Timed<CompilationStartAnalysisContext>(start => action(new TimedCompilationStartContext(start, _owner))));

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationAction(_owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_owner.Timed(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _inner.RegisterSymbolStartAction(_owner.TimedStart(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _inner.RegisterCodeBlockStartAction(_owner.TimedStart(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_owner.Timed(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _inner.RegisterSyntaxNodeAction(_owner.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _inner.RegisterOperationBlockStartAction(_owner.TimedStart(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_owner.Timed(action));
    }

    private sealed class TimedCompilationStartContext : CompilationStartAnalysisContext
    {
        private readonly CompilationStartAnalysisContext _inner;
        private readonly CpuTimedAnalyzer _owner;

        public TimedCompilationStartContext(CompilationStartAnalysisContext inner, CpuTimedAnalyzer owner)
            : base(inner.Compilation, inner.Options, inner.CancellationToken)
        {
            _inner = inner;
            _owner = owner;
        }

        public override void RegisterCompilationEndAction(Action<CompilationAnalysisContext> action) => _inner.RegisterCompilationEndAction(_owner.Timed(action));

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => _inner.RegisterSemanticModelAction(_owner.Timed(action));

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => _inner.RegisterSymbolAction(_owner.Timed(action), symbolKinds);

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => _inner.RegisterSymbolStartAction(_owner.TimedStart(action), symbolKind);

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => _inner.RegisterCodeBlockStartAction(_owner.TimedStart(action));

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => _inner.RegisterCodeBlockAction(_owner.Timed(action));

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => _inner.RegisterSyntaxTreeAction(_owner.Timed(action));

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => _inner.RegisterAdditionalFileAction(_owner.Timed(action));

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => _inner.RegisterSyntaxNodeAction(_owner.Timed(action), syntaxKinds);

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => _inner.RegisterOperationAction(_owner.Timed(action), operationKinds);

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => _inner.RegisterOperationBlockStartAction(_owner.TimedStart(action));

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => _inner.RegisterOperationBlockAction(_owner.Timed(action));
    }
}

/// <summary>The calling thread's CPU time (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>); elsewhere a stopwatch.</summary>
public static class ThreadCpu
{
    private const int ClockThreadCpuTimeId = 3;
    private static readonly bool s_available = OperatingSystem.IsLinux() && Probe();

    public static bool IsThreadCpuTime => s_available;

    public static long NowNanoseconds()
    {
        if (s_available && clock_gettime(ClockThreadCpuTimeId, out var time) == 0)
        {
            return (time.Seconds * 1_000_000_000L) + time.Nanoseconds;
        }

        return (long)(Stopwatch.GetTimestamp() * (1_000_000_000.0 / Stopwatch.Frequency));
    }

    private static bool Probe()
    {
        try
        {
            return clock_gettime(ClockThreadCpuTimeId, out _) == 0;
        }
        catch (DllNotFoundException)
        {
            return false;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }
}
