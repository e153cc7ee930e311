using System;
using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Runs analyzers over a test project and returns the compiler and analyzer diagnostics, failing on analyzer exceptions.</summary>
internal static class AnalyzerRunner
{
    private const string AnalyzerExceptionId = "AD0001";

    private static readonly Lazy<ImmutableArray<Type>> ConnHygieneAnalyzerTypes =
        new(() => FindAnalyzerTypes(typeof(ConnHygiene.Analyzers.Descriptors).Assembly));

    /// <summary>Every non-abstract <see cref="DiagnosticAnalyzer"/> with a [DiagnosticAnalyzer] attribute in the assembly.</summary>
    public static ImmutableArray<Type> FindAnalyzerTypes(Assembly assembly) =>
        assembly.GetTypes()
            .Where(t => !t.IsAbstract
                        && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                        && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>A fresh instance of every ConnHygiene analyzer, plus <paramref name="extra"/> when it is of another type.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> AllConnHygieneAnalyzers(DiagnosticAnalyzer extra)
    {
        var analyzers = ConnHygieneAnalyzerTypes.Value
            .Select(t => (DiagnosticAnalyzer)(Activator.CreateInstance(t)
                ?? throw new InvalidOperationException($"Cannot create analyzer {t}.")))
            .ToList();
        if (!analyzers.Any(a => a.GetType() == extra.GetType()))
        {
            analyzers.Add(extra);
        }

        return analyzers.ToImmutableArray();
    }

    /// <summary>
    /// Compiler diagnostics at or above the policy's level plus every analyzer diagnostic, sorted by file and position.
    /// Throws when an analyzer threw (AD0001), with the exception text.
    /// </summary>
    public static async Task<ImmutableArray<Diagnostic>> GetDiagnosticsAsync(
        Project project,
        ImmutableArray<DiagnosticAnalyzer> analyzers,
        CompilerDiagnostics policy,
        CancellationToken cancellationToken = default)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The project has no compilation.");

        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions,
            onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().FullName} threw {exception}"),
            concurrentAnalysis: true,
            logAnalyzerExecutionTime: false,
            reportSuppressedDiagnostics: false);
        var withAnalyzers = compilation.WithAnalyzers(analyzers, options);
        var analyzerDiagnostics = await withAnalyzers.GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);

        var crashes = analyzerDiagnostics.Where(d => d.Id == AnalyzerExceptionId).Select(d => d.ToString()).Concat(exceptions).ToList();
        if (crashes.Count > 0)
        {
            throw new VerificationException(
                "An analyzer threw (AD0001):" + Environment.NewLine + string.Join(Environment.NewLine + Environment.NewLine, crashes.Distinct()));
        }

        var compilerDiagnostics = compilation.GetDiagnostics(cancellationToken).Where(d => IsIncluded(d, policy));
        return compilerDiagnostics.Concat(analyzerDiagnostics)
            .OrderBy(d => d.Location.SourceTree?.FilePath ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ThenBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray();
    }

    private static bool IsIncluded(Diagnostic diagnostic, CompilerDiagnostics policy) => policy switch
    {
        CompilerDiagnostics.None => false,
        CompilerDiagnostics.Errors => diagnostic.Severity == DiagnosticSeverity.Error,
        CompilerDiagnostics.Warnings => diagnostic.Severity >= DiagnosticSeverity.Warning,
        CompilerDiagnostics.Suggestions => diagnostic.Severity >= DiagnosticSeverity.Info,
        _ => true,
    };
}
