using System;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Tests.ValidCode;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// One analyzer per rule (CH0010 and CH0011 share one), each with one operation action that hands an operation only to
/// the actions that asked for its name or type (<c>OperationRules</c>). One analyzer per rule is what lets
/// <c>dotnet format analyzers</c> fix every rule in one run: for each rule it re-runs the analyzers that support it and
/// takes the fixer's Fix All key from the first diagnostic of that run, whatever its ID, so several fixable rules behind
/// one analyzer hand most fixers another rule's diagnostic (seen in the end-to-end test).
/// </summary>
public class ShippedAnalyzerTests
{
    [Fact]
    public void Every_descriptor_is_reported_by_exactly_one_analyzer()
    {
        var analyzers = RuleCatalog.CreateAnalyzers();
        foreach (var descriptor in RuleCatalog.Descriptors)
        {
            var reporters = analyzers.Where(a => a.SupportedDiagnostics.Any(d => d.Id == descriptor.Id)).Select(a => a.GetType().Name).ToList();
            Assert.True(reporters.Count == 1, $"{descriptor.Id} is reported by {reporters.Count} analyzers: {string.Join(", ", reporters)}.");
        }
    }

    [Fact]
    public async Task Each_analyzer_registers_at_most_one_operation_action()
    {
        var result = await AllAnalyzersRunner.RunAsync(new CorpusProject("networking", new[] { ("/0/Client.cs", Networking) }));

        var registered = result.Telemetry.Where(t => t.Value.OperationActionsCount > 1).Select(t => $"{t.Key.GetType().Name}: {t.Value.OperationActionsCount}").ToList();
        Assert.True(registered.Count == 0, "Analyzers registering several operation actions: " + string.Join(", ", registered));
        Assert.Contains(result.Telemetry, t => t.Value.OperationActionsCount == 1);
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0001");
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0004");
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0013");
    }

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
