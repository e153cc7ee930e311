using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Tests.Meta;
using Xunit;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>
/// Every ConnHygiene analyzer together over correct code: zero diagnostics, zero AD0001, and the corpus compiles.
/// Rules that are off by default are switched on here, so valid code is checked against them too.
/// </summary>
public class ValidCodeTests
{
    private static readonly Dictionary<string, Func<CorpusProject>> Areas = new(StringComparer.Ordinal)
    {
        ["http"] = () => HttpCorpus.Project,
        ["hosting"] = () => HostingCorpus.Project,
        ["sockets"] = () => SocketsCorpus.Project,
        ["test code"] = () => TestCodeCorpus.Project,
        ["blazor wasm"] = () => BlazorWasmCorpus.Project,
    };

    public static TheoryData<string> AreaNames() => RuleCatalog.ToTheoryData(Areas.Keys);

    /// <summary>An .editorconfig that turns on every rule that is off by default.</summary>
    internal static string EnableAllRules() =>
        "[*.cs]\n" + string.Concat(RuleCatalog.Descriptors.Where(d => !d.IsEnabledByDefault).Select(d => $"dotnet_diagnostic.{d.Id}.severity = warning\n"));

    [Theory]
    [MemberData(nameof(AreaNames))]
    public async Task Valid_code_compiles_and_no_analyzer_reports_anything(string area)
    {
        var corpus = Areas[area]() with { EditorConfig = EnableAllRules() };
        var result = await AllAnalyzersRunner.RunAsync(corpus);

        Assert.True(result.CompilerErrors.IsEmpty, $"The {area} corpus does not compile:{Environment.NewLine}{AllAnalyzersRunner.Describe(result.CompilerErrors)}");
        Assert.True(result.Crashes.IsEmpty, $"An analyzer threw on the {area} corpus:{Environment.NewLine}{string.Join(Environment.NewLine, result.Crashes)}");
        Assert.True(
            result.AnalyzerDiagnostics.IsEmpty,
            $"ConnHygiene reported on valid code in the {area} corpus:{Environment.NewLine}{AllAnalyzersRunner.Describe(result.AnalyzerDiagnostics)}");
    }

    [Fact]
    public async Task Analyzers_do_run_on_the_corpus_references()
    {
        // The corpus is only evidence if the analyzers are live for it: the same references with a mistake added must report.
        var corpus = HttpCorpus.Project with
        {
            Files = HttpCorpus.Project.Files.Append(("/0/Http/Mistake.cs", """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Mistake
                {
                    public async Task<string> GetAsync(string url)
                    {
                        using var client = new HttpClient();
                        return await client.GetStringAsync(url);
                    }
                }
                """)).ToList(),
        };
        var result = await AllAnalyzersRunner.RunAsync(corpus);
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0001" && d.Location.SourceTree?.FilePath == "/0/Http/Mistake.cs");
    }

    [Fact]
    public async Task Test_code_is_reported_when_the_option_turns_it_on()
    {
        // Shows the test-code corpus is silent because of the exclusion, not because the analyzers miss it.
        var corpus = TestCodeCorpus.Project with { EditorConfig = "[*.cs]\nconnhygiene.analyze_test_code = true\n" };
        var result = await AllAnalyzersRunner.RunAsync(corpus);
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id == "CH0001");
    }

    [Fact]
    public async Task Blazor_code_is_reported_without_WebAssemblyHostBuilder()
    {
        // Shows the Blazor corpus is silent because it is a browser app: the same code without the host builder type reports.
        var corpus = BlazorWasmCorpus.Project with
        {
            Files = BlazorWasmCorpus.Project.Files
                .Select(f => (f.Path, f.Source.Replace("WebAssemblyHostBuilder", "ConsoleHostBuilder", StringComparison.Ordinal)))
                .ToList(),
        };
        var result = await AllAnalyzersRunner.RunAsync(corpus);
        Assert.True(result.CompilerErrors.IsEmpty, AllAnalyzersRunner.Describe(result.CompilerErrors));
        Assert.Contains(result.AnalyzerDiagnostics, d => d.Id is "CH0001" or "CH0002" or "CH0003");
    }

    private const string Mistakes = """
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        public class GeneratedClient
        {
            public async Task<int> RunAsync(string[] urls)
            {
                var total = 0;
                foreach (var url in urls)
                {
                    using var client = new HttpClient(new HttpClientHandler());
                    using var other = new HttpClient();
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync("127.0.0.1", 80);
                    total += (await client.GetStringAsync(url)).Length + (await other.GetStringAsync(url)).Length;
                }

                return total;
            }
        }
        """;

    [Theory]
    [InlineData("/0/Generated/Client.g.cs", "")]
    [InlineData("/0/Generated/Client.cs", "// <auto-generated/>\n")]
    public async Task Generated_code_is_not_analyzed(string path, string header)
    {
        var generated = await AllAnalyzersRunner.RunAsync(new CorpusProject("generated", new[] { (path, header + Mistakes) }) { EditorConfig = EnableAllRules() });
        Assert.True(generated.CompilerErrors.IsEmpty, AllAnalyzersRunner.Describe(generated.CompilerErrors));
        Assert.True(generated.AnalyzerDiagnostics.IsEmpty, $"ConnHygiene reported in generated code:{Environment.NewLine}{AllAnalyzersRunner.Describe(generated.AnalyzerDiagnostics)}");

        // The same code as a hand-written file is reported, so the silence above is the generated-code exclusion.
        var handWritten = await AllAnalyzersRunner.RunAsync(new CorpusProject("hand-written", new[] { ("/0/Client.cs", Mistakes) }) { EditorConfig = EnableAllRules() });
        Assert.Contains(handWritten.AnalyzerDiagnostics, d => d.Id == "CH0001");
        Assert.Contains(handWritten.AnalyzerDiagnostics, d => d.Id == "CH0002");
    }
}
