using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// The full form of a code-fix test. <see cref="RunAsync"/> verifies the test state's diagnostics, then applies the fix
/// one diagnostic at a time and checks the result: text equal to <see cref="FixedState"/> (line endings normalized),
/// and all ConnHygiene analyzers plus <typeparamref name="TAnalyzer"/> over it report exactly
/// <c>FixedState.ExpectedDiagnostics</c> (so the fixed diagnostic is gone, no other CH diagnostic appeared, no AD0001)
/// with no compiler errors. Then the same for Fix All in each of <see cref="FixAllScopes"/>, against
/// <see cref="BatchFixedState"/> (default: the fixed state).
/// </summary>
public class CSharpCodeFixTest<TAnalyzer, TCodeFix> : CSharpAnalyzerTest<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    /// <summary>Adds a file to the expected result (/0/Test0.cs for the first). Markup marks diagnostics that remain.</summary>
    public string FixedCode
    {
        set => FixedState.Sources.Add(value);
    }

    /// <summary>The expected result of the fix; with no sources, the test sources (no change expected).</summary>
    public SolutionState FixedState { get; } = new();

    /// <summary>Adds a file to the expected result of Fix All; with none, Fix All must give <see cref="FixedState"/>.</summary>
    public string BatchFixedCode
    {
        set => BatchFixedState.Sources.Add(value);
    }

    public SolutionState BatchFixedState { get; } = new();

    /// <summary>Only actions with this equivalence key are applied, and Fix All runs for this key.</summary>
    public string? CodeActionEquivalenceKey { get; set; }

    /// <summary>Which of the (key-filtered, nested-flattened) actions to apply; default the first.</summary>
    public int CodeActionIndex { get; set; }

    /// <summary>False for "no fix offered" tests: the provider must register no action (with the key, when one is set).</summary>
    public bool CodeActionExpected { get; set; } = true;

    /// <summary>Exact number of one-at-a-time fix iterations; default: iterate until fixed, at most one per fixable diagnostic.</summary>
    public int? NumberOfIncrementalIterations { get; set; }

    /// <summary>Exact number of Fix All iterations; default: at most one per document with fixable diagnostics in Document scope, one in Project and Solution scope.</summary>
    public int? NumberOfFixAllIterations { get; set; }

    /// <summary>The Fix All scopes verified (default Document and Project); empty to skip Fix All.</summary>
    public IList<FixAllScope> FixAllScopes { get; set; } = new List<FixAllScope> { FixAllScope.Document, FixAllScope.Project };

    public override async Task RunAsync(CancellationToken cancellationToken = default)
    {
        var (testState, testProject) = await VerifyDiagnosticsAsync(cancellationToken).ConfigureAwait(false);
        var analyzer = new TAnalyzer();
        var runner = new CodeFixRunner(analyzer, new TCodeFix());
        var fixable = await runner.FixableDiagnosticsAsync(testProject, cancellationToken).ConfigureAwait(false);

        if (!CodeActionExpected)
        {
            if (FixedState.Sources.Count > 0 || BatchFixedState.Sources.Count > 0)
            {
                throw new VerificationException("FixedCode/BatchFixedCode make no sense with CodeActionExpected = false; remove them.");
            }

            await VerifyNoActionAsync(runner, testProject, fixable, cancellationToken).ConfigureAwait(false);
            return;
        }

        var fixedState = PreparedState.Create(
            FixedState.Sources.Count > 0 ? FixedState : TestState, analyzer.SupportedDiagnostics, "fixed state");
        var (fixedProject, iterations, firstKey) = await runner.FixIncrementallyAsync(
            testProject, CodeActionEquivalenceKey, CodeActionIndex, NumberOfIncrementalIterations ?? fixable.Length, cancellationToken)
            .ConfigureAwait(false);
        if (NumberOfIncrementalIterations is int expectedIterations && expectedIterations != iterations)
        {
            throw new VerificationException($"Expected {expectedIterations} code fix iterations, but there were {iterations}.");
        }

        await VerifyFixedAsync(fixedProject, fixedState, analyzer, "After the code fix", cancellationToken).ConfigureAwait(false);

        if (iterations == 0 || FixAllScopes.Count == 0 || new TCodeFix().GetFixAllProvider() is null)
        {
            return;
        }

        var batchState = BatchFixedState.Sources.Count > 0
            ? PreparedState.Create(BatchFixedState, analyzer.SupportedDiagnostics, "batch fixed state")
            : fixedState;
        foreach (var scope in FixAllScopes)
        {
            var (batchProject, batchIterations) = await runner.FixAllAsync(
                CreateProject(testState),
                scope,
                CodeActionEquivalenceKey ?? firstKey,
                NumberOfFixAllIterations ?? DefaultFixAllIterations(scope, fixable),
                cancellationToken).ConfigureAwait(false);
            if (NumberOfFixAllIterations is int expected && expected != batchIterations)
            {
                throw new VerificationException($"Expected {expected} Fix All ({scope}) iterations, but there were {batchIterations}.");
            }

            await VerifyFixedAsync(batchProject, batchState, analyzer, $"After Fix All ({scope})", cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>At most: one per document in Document scope, one in Project and Solution scope, one per diagnostic otherwise.</summary>
    private static int DefaultFixAllIterations(FixAllScope scope, ImmutableArray<Diagnostic> fixable) => scope switch
    {
        FixAllScope.Document => fixable.Select(d => d.Location.SourceTree).Distinct().Count(),
        FixAllScope.Project or FixAllScope.Solution => 1,
        _ => fixable.Length,
    };

    private async Task VerifyNoActionAsync(
        CodeFixRunner runner, Project project, ImmutableArray<Diagnostic> fixable, CancellationToken cancellationToken)
    {
        if (fixable.IsEmpty)
        {
            throw new VerificationException(
                "CodeActionExpected = false, but the test code has no diagnostic the provider could fix, so the test proves nothing.");
        }

        foreach (var diagnostic in fixable)
        {
            var offered = (await runner.ActionsAsync(project, diagnostic, cancellationToken).ConfigureAwait(false))
                .Where(a => CodeActionEquivalenceKey is null || a.EquivalenceKey == CodeActionEquivalenceKey)
                .ToList();
            if (offered.Count > 0)
            {
                throw new VerificationException(
                    $"Expected no code action{(CodeActionEquivalenceKey is null ? string.Empty : $" with key '{CodeActionEquivalenceKey}'")} " +
                    $"for {diagnostic}, but got: {string.Join(", ", offered.Select(a => $"'{a.Title}' ({a.EquivalenceKey})"))}.");
            }
        }
    }

    private async Task VerifyFixedAsync(
        Project project, PreparedState expected, DiagnosticAnalyzer analyzer, string context, CancellationToken cancellationToken)
    {
        var mismatches = new StringBuilder();
        var expectedPaths = expected.Files.Select(f => f.Path).ToHashSet();
        foreach (var document in project.Documents.Where(d => d.FilePath is null || !expectedPaths.Contains(d.FilePath)))
        {
            mismatches.Append("Unexpected document ").Append(document.FilePath ?? document.Name).AppendLine(" in the fixed project.");
        }

        foreach (var (path, text) in expected.Files)
        {
            var document = project.Documents.FirstOrDefault(d => d.FilePath == path);
            if (document is null)
            {
                mismatches.Append("Document ").Append(path).AppendLine(" is missing from the fixed project.");
                continue;
            }

            var actual = TextDiff.NormalizeLineEndings((await document.GetTextAsync(cancellationToken).ConfigureAwait(false)).ToString());
            if (actual != TextDiff.NormalizeLineEndings(text))
            {
                mismatches.Append(path).AppendLine(" differs from the expected text ('-' expected, '+' actual):")
                    .Append(TextDiff.Lines(text, actual));
            }
        }

        if (mismatches.Length > 0)
        {
            throw new VerificationException($"{context}: {mismatches}");
        }

        var ownIds = analyzer.SupportedDiagnostics.Select(d => d.Id).ToHashSet();
        var actualDiagnostics = (await AnalyzerRunner.GetDiagnosticsAsync(
                project, AnalyzerRunner.AllConnHygieneAnalyzers(analyzer), CompilerDiagnostics, cancellationToken).ConfigureAwait(false))
            .Where(d => d.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.Compiler)
                        || d.Id.StartsWith("CH", System.StringComparison.Ordinal)
                        || ownIds.Contains(d.Id))
            .ToImmutableArray();
        DiagnosticComparer.AssertSame(expected.Expected, actualDiagnostics, $"{context}, all ConnHygiene analyzers on the fixed code");
    }
}
