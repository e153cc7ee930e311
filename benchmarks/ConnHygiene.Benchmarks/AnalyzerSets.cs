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

    /// <summary>The rule IDs an analyzer reports, comma-separated.</summary>
    public static string RuleIds(DiagnosticAnalyzer analyzer)
        => string.Join(", ", analyzer.SupportedDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
}

/// <summary>
/// The baseline of roslyn-analyzers' performance tests: registers an object-creation action (as ConnHygiene's rules do)
/// that does nothing, so what it costs is the analyzer driver's own work (operation trees, callbacks).
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EmptyOperationAnalyzer : DiagnosticAnalyzer
{
    // A supported diagnostic that is on by default: the driver skips an analyzer whose every diagnostic is off.
    private static readonly DiagnosticDescriptor s_descriptor = new(
        "EMPTY0001", "Never reported", "Never reported", "Benchmark", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(s_descriptor);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(static _ => { }, OperationKind.ObjectCreation);
    }
}
