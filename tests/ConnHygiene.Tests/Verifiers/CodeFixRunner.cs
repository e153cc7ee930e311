using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// An analyzer and its fix provider run directly on a project, outside the test harness: for code that needs the
/// fixed text itself (the behaviour proofs run it) or the actions offered on code nobody wrote expectations for.
/// </summary>
public sealed class CodeFixRunner
{
    private readonly DiagnosticAnalyzer _analyzer;
    private readonly CodeFixProvider _fixer;

    public CodeFixRunner(DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
    {
        _analyzer = analyzer;
        _fixer = fixer;
    }

    /// <summary>The analyzer's diagnostics in source that the provider fixes, in source order; throws if the analyzer threw.</summary>
    public async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var compilation = await project.GetCompilationAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The project has no compilation.");
        var exceptions = new ConcurrentQueue<string>();
        var options = new CompilationWithAnalyzersOptions(
            project.AnalyzerOptions, (exception, analyzer, _) => exceptions.Enqueue($"{analyzer.GetType().Name} threw {exception}"), concurrentAnalysis: true, logAnalyzerExecutionTime: false);
        var diagnostics = await compilation.WithAnalyzers(ImmutableArray.Create(_analyzer), options).GetAnalyzerDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var crashes = diagnostics.Where(d => d.Id == "AD0001").Select(d => d.ToString()).Concat(exceptions).ToList();
        if (crashes.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, crashes));
        }

        return diagnostics
            .Where(d => d.Location.IsInSource && _fixer.FixableDiagnosticIds.Contains(d.Id))
            .OrderBy(d => d.Location.SourceTree?.FilePath, StringComparer.Ordinal)
            .ThenBy(d => d.Location.SourceSpan.Start)
            .ToImmutableArray();
    }

    /// <summary>Every action the provider registers for the diagnostic, nested actions flattened.</summary>
    public async Task<ImmutableArray<CodeAction>> ActionsAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)
            ?? throw new InvalidOperationException($"No document for {diagnostic}.");
        var actions = new List<CodeAction>();
        await _fixer.RegisterCodeFixesAsync(new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken)).ConfigureAwait(false);
        return actions.SelectMany(Flatten).ToImmutableArray();

        static IEnumerable<CodeAction> Flatten(CodeAction action) =>
            action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);
    }

    /// <summary>
    /// Applies the action with <paramref name="equivalenceKey"/> to the first diagnostic that gets one, again and
    /// again, until none does (at most <paramref name="maxIterations"/> times); returns the project and the count.
    /// </summary>
    public async Task<(Project Project, int Iterations)> FixIncrementallyAsync(Project project, string equivalenceKey, int maxIterations, CancellationToken cancellationToken)
    {
        for (var iteration = 0; iteration < maxIterations; iteration++)
        {
            CodeAction? chosen = null;
            foreach (var diagnostic in await FixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false))
            {
                chosen = (await ActionsAsync(project, diagnostic, cancellationToken).ConfigureAwait(false)).FirstOrDefault(a => a.EquivalenceKey == equivalenceKey);
                if (chosen is not null)
                {
                    break;
                }
            }

            if (chosen is null)
            {
                return (project, iteration);
            }

            var operations = await chosen.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
            project = operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution.GetProject(project.Id)
                ?? throw new InvalidOperationException($"The code action '{chosen.Title}' did not produce exactly one changed solution with the project.");
        }

        throw new InvalidOperationException($"The fix '{equivalenceKey}' was still offered after {maxIterations} iterations.");
    }
}
