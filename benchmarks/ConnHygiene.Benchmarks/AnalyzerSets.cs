using System;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using ConnHygiene.Analyzers.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Benchmarks;

/// <summary>The analyzers a benchmark runs: every ConnHygiene analyzer, or one that does nothing.</summary>
public static class AnalyzerSets
{
    /// <summary>Every concrete <see cref="DiagnosticAnalyzer"/> with <c>[DiagnosticAnalyzer]</c> in the ConnHygiene.Analyzers assembly.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> ConnHygiene()
        => typeof(HttpClientPerOperationAnalyzer).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }
                && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null
                && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => Activator.CreateInstance(t) as DiagnosticAnalyzer ?? throw new InvalidOperationException($"Cannot create {t.FullName}."))
            .ToImmutableArray();

    public static ImmutableArray<DiagnosticAnalyzer> Empty() => ImmutableArray.Create<DiagnosticAnalyzer>(new EmptyOperationAnalyzer());

    public static ImmutableArray<DiagnosticAnalyzer> StartOnly() => ImmutableArray.Create<DiagnosticAnalyzer>(new CompilationStartOnlyAnalyzer());

    /// <summary>The rule IDs an analyzer reports, comma-separated.</summary>
    public static string RuleIds(DiagnosticAnalyzer analyzer)
        => string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
}

/// <summary>The descriptor the benchmark's own analyzers declare and never report.</summary>
internal static class NeverReported
{
    // A supported diagnostic that is on by default: the driver skips an analyzer whose every diagnostic is off.
    public static readonly DiagnosticDescriptor Descriptor = new(
        "EMPTY0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);
}

/// <summary>
/// The baseline of roslyn-analyzers' performance tests: registers a do-nothing action for object creations (as
/// ConnHygiene's creation rules do; other kinds on request), so what it costs is the analyzer driver's own work
/// (operation trees, one callback per operation of those kinds).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
{
    private readonly ImmutableArray<OperationKind> _kinds;

    public EmptyOperationAnalyzer()
        : this(OperationKind.ObjectCreation)
    {
    }

    public EmptyOperationAnalyzer(params OperationKind[] kinds)
    {
        _kinds = ImmutableArray.Create(kinds);
    }

    /// <summary>Object creations, invocations and simple assignments: every operation kind ConnHygiene's rules register.</summary>
    public static EmptyOperationAnalyzer ForConnHygieneKinds() => new(OperationKind.ObjectCreation, OperationKind.Invocation, OperationKind.SimpleAssignment);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NeverReported.Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, _kinds);
    }
}

/// <summary>
/// What every ConnHygiene analyzer registers when the networking types are absent: one compilation-start action that
/// finds nothing to do. The driver's cost of hosting such an analyzer, so the no-networking benchmark can show what
/// ConnHygiene adds beyond it.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class CompilationStartOnlyAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(NeverReported.Descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        // Registering nothing from the start action is the point: it is what ConnHygiene does without System.Net.
#pragma warning disable RS1012
        context.RegisterCompilationStartAction(static _ => { });
#pragma warning restore RS1012
    }
}
