using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Tests.Meta;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Xunit;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>
/// Every code fix offered on real and broken code computes without throwing: the fix providers run over every
/// ConnHygiene diagnostic in the sample app, the end-to-end projects and the broken/odd code.
/// </summary>
public class FixerRobustnessTests
{
    public static TheoryData<string> ProjectNames() => RuleCatalog.ToTheoryData(Projects().Keys);

    [Theory]
    [MemberData(nameof(ProjectNames))]
    public async Task Code_fixes_compute_without_throwing(string name)
    {
        var result = await AllAnalyzersRunner.RunAsync(Projects()[name]() with { EditorConfig = ValidCodeTests.EnableAllRules() });
        Assert.True(result.Crashes.IsEmpty, string.Join(Environment.NewLine, result.Crashes));

        var failures = new List<string>();
        var fixable = new List<string>();
        var applied = 0;
        foreach (var diagnostic in result.AnalyzerDiagnostics.Where(d => d.Location.IsInSource))
        {
            var offered = 0;
            foreach (var providerType in RuleCatalog.CodeFixProviderTypes)
            {
                var provider = RuleCatalog.CreateCodeFixProvider(providerType);
                if (!provider.FixableDiagnosticIds.Contains(diagnostic.Id))
                {
                    continue;
                }

                var analyzer = RuleCatalog.CreateAnalyzers().First(a => a.SupportedDiagnostics.Any(d => d.Id == diagnostic.Id));
                try
                {
                    foreach (var action in await new CodeFixRunner(analyzer, provider).ActionsAsync(result.Project, diagnostic, CancellationToken.None))
                    {
                        offered++;
                        var operations = await action.GetOperationsAsync(CancellationToken.None);
                        Assert.NotNull(operations.OfType<ApplyChangesOperation>().FirstOrDefault()?.ChangedSolution);
                        applied++;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    failures.Add($"{providerType.Name} on {AllAnalyzersRunner.Describe(new[] { diagnostic })}{Environment.NewLine}{exception}");
                }
            }

            if (offered > 0)
            {
                fixable.Add(diagnostic.Id);
            }
        }

        Assert.True(failures.Count == 0, $"Code fixes threw on '{name}':{Environment.NewLine}{string.Join(Environment.NewLine + Environment.NewLine, failures)}");

        var found = string.Join(", ", result.AnalyzerDiagnostics.Select(d => d.Id).Distinct().OrderBy(id => id, StringComparer.Ordinal));
        if (NothingResolves.Contains(name))
        {
            Assert.True(result.AnalyzerDiagnostics.IsEmpty, $"'{name}' resolves no networking type, yet got diagnostics: {found}.");
            return;
        }

        // The test is evidence only if fixers ran: every other corpus holds mistakes some fixer offers to fix.
        Assert.True(fixable.Count > 0, $"No diagnostic on '{name}' got a code fix (diagnostics: {found}).");
        Assert.True(applied > 0, $"No code fix action was computed on '{name}' (diagnostics: {found}).");
    }

    /// <summary>Corpora compiled without the networking assemblies: no rule registers, so there is nothing to fix.</summary>
    private static readonly HashSet<string> NothingResolves = new(StringComparer.Ordinal) { "HttpClient without System.Net.Http" };

    private static Dictionary<string, Func<CorpusProject>> Projects()
    {
        var projects = new Dictionary<string, Func<CorpusProject>>(StringComparer.Ordinal)
        {
            ["samples"] = () => new CorpusProject("samples", RepositorySources.Read("samples", implicitUsings: true)) { OutputKind = OutputKind.ConsoleApplication },
            ["end-to-end projects"] = () => new CorpusProject("end-to-end projects", RepositorySources.Read("tests/ConnHygiene.EndToEnd.Tests/Projects")),
        };
        foreach (var project in BrokenCode.Projects.Concat(BrokenCode.OddProjects))
        {
            projects[project.Name] = () => project;
        }

        return projects;
    }
}
