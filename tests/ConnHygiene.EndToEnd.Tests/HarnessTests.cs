using System.Collections.Generic;
using System.IO;
using Xunit;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>The end-to-end harness reads build output, SARIF and markers correctly (on fixed text, no build needed).</summary>
public sealed class HarnessTests
{
    [Fact]
    public void Console_warnings_are_parsed_once_each_with_file_line_and_column()
    {
        const string output = """
              Determining projects to restore...
            /tmp/p/Fetcher.cs(11,28): warning CH0001: 'Get' creates a new HttpClient per call [/tmp/p/P.csproj]
            /tmp/p/Fetcher.cs(11,28): warning CH0001: 'Get' creates a new HttpClient per call [/tmp/p/P.csproj]
            /tmp/p/Sub/Catalog.cs(8,51,8,67): warning CH0003: This long-lived HttpClient uses HttpClientHandler [/tmp/p/P.csproj]
            /tmp/p/P.csproj : warning NU1603: not a source warning
            """;

        var warnings = BuildOutput.ConsoleWarnings(output, path => Path.GetRelativePath("/tmp/p", path));

        Assert.Equal(
            [
                new ReportedDiagnostic("CH0001", "Fetcher.cs", 11, 28, "'Get' creates a new HttpClient per call"),
                new ReportedDiagnostic("CH0003", "Sub/Catalog.cs", 8, 51, "This long-lived HttpClient uses HttpClientHandler"),
            ],
            warnings);
    }

    [Fact]
    public void Sarif_results_carry_the_help_link_of_their_rule()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                {"version":"2.1.0","runs":[{"results":[
                  {"ruleId":"CH0001","ruleIndex":1,"level":"warning","message":{"text":"m"},
                   "locations":[{"physicalLocation":{"artifactLocation":{"uri":"file:///tmp/p/Fetcher.cs"},"region":{"startLine":11,"startColumn":28}}}]}],
                 "tool":{"driver":{"name":"csc","rules":[{"id":"CA1822"},{"id":"CH0001","helpUri":"https://example.test/CH0001.md"}]}}}]}
                """);

            var result = Assert.Single(BuildOutput.SarifResults(path, p => Path.GetRelativePath("/tmp/p", p)));
            Assert.Equal(new ReportedDiagnostic("CH0001", "Fetcher.cs", 11, 28, "m"), result.Diagnostic);
            Assert.Equal("https://example.test/CH0001.md", result.HelpUri);
            Assert.Equal(new Dictionary<string, string?> { ["CA1822"] = null, ["CH0001"] = "https://example.test/CH0001.md" }, BuildOutput.SarifRules(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Markers_give_rule_line_and_the_column_of_the_at_text()
    {
        var sources = new Dictionary<string, string>
        {
            ["A.cs"] = "class A\n{\n    HttpClient c = new HttpClient(); // expect CH0003 at new HttpClient\r\n    void M() { } // expect CH0001\n}\n",
        };

        Assert.Equal(
            [new ExpectedDiagnostic("CH0003", "A.cs", 3, 20), new ExpectedDiagnostic("CH0001", "A.cs", 4, null)],
            ExpectedDiagnostic.FromMarkers(sources));
        Assert.True(new ExpectedDiagnostic("CH0001", "A.cs", 4, null).IsMatchedBy(new ReportedDiagnostic("CH0001", "A.cs", 4, 9, "m")));
        Assert.False(new ExpectedDiagnostic("CH0003", "A.cs", 3, 20).IsMatchedBy(new ReportedDiagnostic("CH0003", "A.cs", 3, 21, "m")));
    }

    [Fact]
    public void Fix_shapes_ignore_line_breaks_and_count_occurrences()
    {
        var sources = new Dictionary<string, string>
        {
            ["C.cs"] = "static readonly HttpClient s = new HttpClient(new SocketsHttpHandler\n{\n    PooledConnectionLifetime = TimeSpan.FromMinutes(2),\n});",
        };

        Assert.Null(FixShape.Present("C.cs", @"new SocketsHttpHandler \{ PooledConnectionLifetime = TimeSpan \. FromMinutes \( 2 \) ,? \}", "x").Check(sources));
        Assert.Null(FixShape.Exactly(1, "C.cs", @"static readonly HttpClient", "x").Check(sources));
        Assert.NotNull(FixShape.Absent("C.cs", @"new HttpClient \(", "x").Check(sources));
        Assert.NotNull(FixShape.Present("Missing.cs", "x", "x").Check(sources));
    }
}
