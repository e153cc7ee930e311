using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Diagnostics.Telemetry;
using Xunit;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>Analyzers never throw (AD0001), and cost nothing in a compilation without networking.</summary>
public class RobustnessTests
{
    public static TheoryData<string> BrokenProjectNames() => Meta.RuleCatalog.ToTheoryData(BrokenCode.Projects.Concat(BrokenCode.OddProjects).Select(p => p.Name));

    [Theory]
    [MemberData(nameof(BrokenProjectNames))]
    public async Task Analyzers_do_not_throw_on_broken_or_odd_code(string name)
    {
        var broken = BrokenCode.Projects.SingleOrDefault(p => p.Name == name);
        var corpus = (broken ?? BrokenCode.OddProjects.Single(p => p.Name == name)) with { EditorConfig = ValidCodeTests.EnableAllRules() };
        var result = await AllAnalyzersRunner.RunAsync(corpus);

        // Broken code is broken on purpose: the test is worthless if it compiles. Odd code compiles.
        Assert.True(
            (broken is not null) != result.CompilerErrors.IsEmpty,
            broken is not null ? $"'{name}' was meant to have compiler errors." : $"'{name}' was meant to compile:{Environment.NewLine}{AllAnalyzersRunner.Describe(result.CompilerErrors)}");
        Assert.True(result.Crashes.IsEmpty, $"An analyzer threw on '{name}':{Environment.NewLine}{string.Join(Environment.NewLine, result.Crashes)}");
    }

    public static TheoryData<string> RepositoryFolders() => new() { "src/Analyzers", "src/CodeFixes", "src/Runtime", "samples", "tests/ConnHygiene.EndToEnd.Tests" };

    [Theory]
    [MemberData(nameof(RepositoryFolders))]
    public async Task Analyzers_do_not_throw_on_the_repository_sources(string folder)
    {
        // Real code of every shape this repository has (Roslyn code, the runtime pool, the mistake-filled sample),
        // compiled against .NET 10 + ASP.NET Core only: unresolved references are part of the test.
        var files = RepositorySources.Read(folder, implicitUsings: folder == "samples");
        Assert.NotEmpty(files);

        var result = await AllAnalyzersRunner.RunAsync(new CorpusProject(folder, files)
        {
            EditorConfig = ValidCodeTests.EnableAllRules(),
            OutputKind = folder == "samples" ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary,
        });
        Assert.True(result.Crashes.IsEmpty, $"An analyzer threw on {folder}:{Environment.NewLine}{string.Join(Environment.NewLine, result.Crashes)}");
    }

    public static TheoryData<string> NoNetworkingReferenceSets() => new() { "System.Runtime only", "net10.0 without networking assemblies" };

    [Theory]
    [MemberData(nameof(NoNetworkingReferenceSets))]
    public async Task Analyzers_register_no_actions_when_networking_is_absent(string referenceSet)
    {
        var references = referenceSet == "System.Runtime only"
            ? [TestReferences.SystemRuntime]
            : TestReferences.Net10.Without(
                "System.Net.Http", "System.Net.Sockets", "System.Net.Requests", "System.Net.WebClient", "System.Net.ServicePoint",
                "System.Net.Http.Json", "System.Net.Security", "System.Net.HttpListener", "System.Net.WebSockets.Client", "System.Net.Quic");
        var result = await AllAnalyzersRunner.RunAsync(new CorpusProject(referenceSet, new[] { ("/0/NoNetworking.cs", NoNetworkingSource) }) { References = references });

        Assert.True(result.CompilerErrors.IsEmpty, AllAnalyzersRunner.Describe(result.CompilerErrors));
        Assert.True(result.Crashes.IsEmpty, string.Join(Environment.NewLine, result.Crashes));
        var registered = result.Telemetry
            .SelectMany(t => ActionCounts(t.Value).Select(c => $"{t.Key.GetType().Name}: {c.Name} = {c.Count}"))
            .ToList();
        Assert.True(registered.Count == 0, $"Analyzers registered actions in a compilation without networking ({referenceSet}):{Environment.NewLine}{string.Join(Environment.NewLine, registered)}");
    }

    [Fact]
    public async Task Telemetry_sees_the_actions_analyzers_register_when_networking_is_present()
    {
        // The zero-cost test is only evidence if telemetry counts what is registered: with System.Net.Http, CH0001 registers.
        var result = await AllAnalyzersRunner.RunAsync(new CorpusProject("net10.0", new[] { ("/0/Networking.cs", NoNetworkingSource) }) { References = TestReferences.Net10 });
        var ch0001 = result.Telemetry.Single(t => t.Key.SupportedDiagnostics.Any(d => d.Id == "CH0001")).Value;
        Assert.True(ch0001.OperationActionsCount > 0, "CH0001's analyzer registered no operation action even though HttpClient resolves.");
    }

    /// <summary>Every action count in the telemetry except compilation-start actions (which are how an analyzer decides to register nothing).</summary>
    private static IEnumerable<(string Name, int Count)> ActionCounts(AnalyzerTelemetryInfo telemetry) =>
        typeof(AnalyzerTelemetryInfo).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(int) && p.Name.EndsWith("ActionsCount", StringComparison.Ordinal) && p.Name != nameof(AnalyzerTelemetryInfo.CompilationStartActionsCount))
            .Select(p => (p.Name, Count: (int)p.GetValue(telemetry)!))
            .Where(c => c.Count > 0);

    /// <summary>Ordinary code full of the shapes the rules look at (loops, lambdas, Lazy, streams, a user type named HttpClient), but no networking.</summary>
    private const string NoNetworkingSource = """
        using System;
        using System.Collections.Generic;
        using System.IO;
        using System.Threading.Tasks;

        namespace Plain
        {
            public sealed class HttpClient : IDisposable
            {
                public void Dispose() { }
            }

            public static class Work
            {
                private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient());

                public static async Task<int> RunAsync(IEnumerable<string> paths)
                {
                    var total = 0;
                    foreach (var path in paths)
                    {
                        using var client = new HttpClient();
                        using var stream = new MemoryStream(new byte[] { 1, 2, 3 });
                        var buffer = new byte[4];
                        total += await stream.ReadAsync(buffer, 0, buffer.Length);
                    }

                    Func<string, HttpClient> make = p => new HttpClient();
                    return total + make("x").GetHashCode() + s_client.Value.GetHashCode();
                }
            }
        }
        """;
}
