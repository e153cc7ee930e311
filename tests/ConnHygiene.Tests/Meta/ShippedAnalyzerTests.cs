using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Tests.Realistic;
using ConnHygiene.Tests.ValidCode;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// The package exports <see cref="ConnHygieneRulesAnalyzer"/>, which hosts the rule analyzers behind one operation
/// callback, and CH0015's analyzer; the rule tests run each rule analyzer on its own. These tests tie the two: every
/// rule ships exactly once, and the shipped analyzers report exactly what the rule analyzers report.
/// </summary>
public class ShippedAnalyzerTests
{
    [Fact]
    public void Every_descriptor_is_reported_by_exactly_one_shipped_analyzer()
    {
        var shipped = RuleCatalog.CreateShippedAnalyzers();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var reporters = shipped.Where(a => a.SupportedDiagnostics.Any(d => d.Id == descriptor.Id)).Select(a => a.GetType().Name).ToList();
            Assert.True(reporters.Count == 1, $"{descriptor.Id} is reported by {reporters.Count} shipped analyzers: {string.Join(", ", reporters)}.");
        }
    }

    [Fact]
    public void Every_rule_analyzer_ships_in_one_shipped_analyzer()
    {
        var shipped = RuleCatalog.CreateShippedAnalyzers();
        foreach (var rule in RuleCatalog.CreateAnalyzers())
        {
            var ids = rule.SupportedDiagnostics.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
            var hosts = shipped.Where(a => ids.IsSubsetOf(a.SupportedDiagnostics.Select(d => d.Id))).ToList();
            Assert.True(hosts.Count == 1, $"{rule.GetType().Name} ({string.Join(", ", ids)}) is in {hosts.Count} shipped analyzers.");
        }
    }

    [Fact]
    public async Task The_host_registers_one_operation_action_for_all_its_rules()
    {
        var result = await AllAnalyzersRunner.RunAsync(new CorpusProject("networking", new[] { ("/0/Client.cs", Networking) }));

        var host = result.Telemetry.Single(t => t.Key is ConnHygieneRulesAnalyzer).Value;
        Assert.Equal(1, host.OperationActionsCount);
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0001");
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0004");
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0013");
    }

    [Fact]
    public async Task Shipped_analyzers_report_what_the_rule_analyzers_report_on_the_realistic_corpus()
    {
        var files = RealisticCorpus.Files;
        var mismatches = new List<string>();
        var total = 0;
        foreach (var file in files)
        {
            var project = new CorpusProject(file.Name, new[] { ("/0/" + file.Name, file.Source) })
            {
                OutputKind = file.IsExe ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
                EditorConfig = ValidCodeTests.EnableAllRules(),
            };
            var shipped = Describe((await AllAnalyzersRunner.RunAsync(project)).AnalyzerDiagnostics);
            var rules = Describe((await AllAnalyzersRunner.RunAsync(project, RuleCatalog.CreateAnalyzers())).AnalyzerDiagnostics);
            total += shipped.Count;
            if (!shipped.SequenceEqual(rules))
            {
                mismatches.Add($"{file.Name}:{Environment.NewLine}  shipped: {string.Join("; ", shipped)}{Environment.NewLine}  rules:   {string.Join("; ", rules)}");
            }
        }

        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(total > files.Length / 2, $"Only {total} diagnostics on {files.Length} files: the comparison would show nothing.");
    }

    private static List<string> Describe(IEnumerable<Diagnostic> diagnostics) =>
        diagnostics.Select(d => $"{d.Id} {d.Location.GetLineSpan().Span} {d.GetMessage()}").OrderBy(s => s, StringComparer.Ordinal).ToList();

    private const string Networking = """
        using System;
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public class Client
        {
            public async Task<string> GetAsync(string url)
            {
                using var client = new HttpClient();
                client.DefaultRequestHeaders.ConnectionClose = true;
                return await client.GetStringAsync(url);
            }

            public void Abort(Socket socket)
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
        }
        """;
}
