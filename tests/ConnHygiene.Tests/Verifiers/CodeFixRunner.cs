using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Finds, chooses and applies code actions: one diagnostic at a time, or Fix All in a scope.</summary>
internal sealed class CodeFixRunner
{
    private readonly DiagnosticAnalyzer _analyzer;
    private readonly CodeFixProvider _fixer;
    private readonly ImmutableArray<string> _fixableIds;

    public CodeFixRunner(DiagnosticAnalyzer analyzer, CodeFixProvider fixer)
    {
        _analyzer = analyzer;
        _fixer = fixer;
        _fixableIds = fixer.FixableDiagnosticIds;
    }

    /// <summary>The analyzer's diagnostics the provider says it can fix, in source order.</summary>
    public async Task<ImmutableArray<Diagnostic>> FixableDiagnosticsAsync(Project project, CancellationToken cancellationToken)
    {
        var all = await AnalyzerRunner.GetDiagnosticsAsync(
            project, ImmutableArray.Create(_analyzer), CompilerDiagnostics.None, cancellationToken).ConfigureAwait(false);
        return all.Where(d => d.Location.IsInSource && _fixableIds.Contains(d.Id)).ToImmutableArray();
    }

    /// <summary>Every action the provider registers for the diagnostic, nested actions flattened (groups themselves left out).</summary>
    public async Task<ImmutableArray<CodeAction>> ActionsAsync(Project project, Diagnostic diagnostic, CancellationToken cancellationToken)
    {
        var document = project.GetDocument(diagnostic.Location.SourceTree)
            ?? throw new VerificationException($"No document for diagnostic {diagnostic}.");
        var actions = new List<CodeAction>();
        var context = new CodeFixContext(document, diagnostic, (action, _) => actions.Add(action), cancellationToken);
        try
        {
            await _fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not VerificationException)
        {
            throw new VerificationException($"{_fixer.GetType().Name} threw while registering fixes for {diagnostic}:{Environment.NewLine}{exception}");
        }

        return actions.SelectMany(Flatten).ToImmutableArray();

        static IEnumerable<CodeAction> Flatten(CodeAction action) =>
            action.NestedActions.IsDefaultOrEmpty ? new[] { action } : action.NestedActions.SelectMany(Flatten);
    }

    /// <summary>
    /// Applies one action per iteration (to the first diagnostic that gets one) until no diagnostic gets an action.
    /// Returns the fixed project, the number of iterations and the equivalence key of the first applied action.
    /// </summary>
    public async Task<(Project Project, int Iterations, string? FirstKey)> FixIncrementallyAsync(
        Project project, string? equivalenceKey, int actionIndex, int maxIterations, CancellationToken cancellationToken)
    {
        string? firstKey = null;
        for (var iteration = 0; ; iteration++)
        {
            CodeAction? chosen = null;
            foreach (var diagnostic in await FixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false))
            {
                var candidates = (await ActionsAsync(project, diagnostic, cancellationToken).ConfigureAwait(false))
                    .Where(a => equivalenceKey is null || a.EquivalenceKey == equivalenceKey)
                    .ToList();
                if (candidates.Count > actionIndex)
                {
                    chosen = candidates[actionIndex];
                    break;
                }
            }

            if (chosen is null)
            {
                return (project, iteration, firstKey);
            }

            if (iteration >= maxIterations)
            {
                throw new VerificationException(
                    $"The code fix did not converge: still offering '{chosen.Title}' after {iteration} iteration(s) " +
                    "(set NumberOfIncrementalIterations if more are intended).");
            }

            firstKey ??= chosen.EquivalenceKey;
            var next = await ApplyAsync(project, chosen, cancellationToken).ConfigureAwait(false);
            if (!await ChangedAsync(project, next, cancellationToken).ConfigureAwait(false))
            {
                throw new VerificationException($"The code action '{chosen.Title}' changed nothing.");
            }

            project = next;
        }
    }

    /// <summary>Runs Fix All in the scope (around the first fixable diagnostic) until nothing more changes.</summary>
    public async Task<(Project Project, int Iterations)> FixAllAsync(
        Project project, FixAllScope scope, string? equivalenceKey, int maxIterations, CancellationToken cancellationToken)
    {
        var provider = _fixer.GetFixAllProvider()
            ?? throw new VerificationException($"{_fixer.GetType().Name} has no FixAllProvider.");
        if (!provider.GetSupportedFixAllScopes().Contains(scope))
        {
            throw new VerificationException($"{_fixer.GetType().Name}'s FixAllProvider does not support scope {scope}; set FixAllScopes.");
        }

        for (var iteration = 0; ; iteration++)
        {
            var diagnostics = await FixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);
            if (diagnostics.IsEmpty)
            {
                return (project, iteration);
            }

            var document = project.GetDocument(diagnostics[0].Location.SourceTree)
                ?? throw new VerificationException($"No document for diagnostic {diagnostics[0]}.");
            // Containing member/type scopes are found from the span of the diagnostic they start at.
            TextSpan? span = scope is FixAllScope.ContainingMember or FixAllScope.ContainingType ? diagnostics[0].Location.SourceSpan : null;
            var context = new FixAllContext(
                document, span, _fixer, scope, equivalenceKey, _fixableIds, new AnalyzerDiagnosticProvider(this), cancellationToken);
            CodeAction? action;
            try
            {
                action = await provider.GetFixAsync(context).ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is not OperationCanceledException and not VerificationException)
            {
                throw new VerificationException($"Fix All ({scope}) threw:{Environment.NewLine}{exception}");
            }

            var next = action is null ? project : await ApplyAsync(project, action, cancellationToken).ConfigureAwait(false);
            if (!await ChangedAsync(project, next, cancellationToken).ConfigureAwait(false))
            {
                return (project, iteration);
            }

            if (iteration >= maxIterations)
            {
                throw new VerificationException(
                    $"Fix All ({scope}) did not converge: still changing code after {iteration} iteration(s). Fix All should fix every " +
                    $"diagnostic of its scope at once (one iteration per document in Document scope, one in Project scope); " +
                    "set NumberOfFixAllIterations if more are intended.");
            }

            project = next;
        }
    }

    private static async Task<Project> ApplyAsync(Project project, CodeAction action, CancellationToken cancellationToken)
    {
        ImmutableArray<CodeActionOperation> operations;
        try
        {
            operations = await action.GetOperationsAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException and not VerificationException)
        {
            throw new VerificationException($"The code action '{action.Title}' threw:{Environment.NewLine}{exception}");
        }

        var apply = operations.OfType<ApplyChangesOperation>().ToList();
        if (apply.Count != 1)
        {
            throw new VerificationException($"The code action '{action.Title}' produced {apply.Count} ApplyChangesOperations, expected 1.");
        }

        return apply[0].ChangedSolution.GetProject(project.Id)
            ?? throw new VerificationException($"The code action '{action.Title}' removed the project.");
    }

    private static async Task<bool> ChangedAsync(Project before, Project after, CancellationToken cancellationToken)
    {
        if (before == after) return false;
        var beforeIds = before.DocumentIds.ToHashSet();
        if (!beforeIds.SetEquals(after.DocumentIds)) return true;
        foreach (var id in beforeIds)
        {
            var a = await before.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            var b = await after.GetDocument(id)!.GetTextAsync(cancellationToken).ConfigureAwait(false);
            if (!a.ContentEquals(b)) return true;
        }

        return false;
    }

    /// <summary>Gives Fix All the analyzer's fixable diagnostics of a document or project.</summary>
    private sealed class AnalyzerDiagnosticProvider : FixAllContext.DiagnosticProvider
    {
        private readonly CodeFixRunner _runner;

        public AnalyzerDiagnosticProvider(CodeFixRunner runner) => _runner = runner;

        public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
            var all = await _runner.FixableDiagnosticsAsync(document.Project, cancellationToken).ConfigureAwait(false);
            return all.Where(d => d.Location.SourceTree == tree);
        }

        public override async Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            await _runner.FixableDiagnosticsAsync(project, cancellationToken).ConfigureAwait(false);

        // Only diagnostics in source are fixable here, so none are project-level.
        public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken) =>
            Task.FromResult(Enumerable.Empty<Diagnostic>());
    }
}
