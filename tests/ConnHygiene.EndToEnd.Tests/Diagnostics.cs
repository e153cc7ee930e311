using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>A warning as the build reported it: rule, file relative to the project, 1-based line and column.</summary>
internal sealed record ReportedDiagnostic(string Id, string File, int Line, int Column, string Message)
{
    public override string ToString() => $"{File}({Line},{Column}): {Id} {Message}";
}

/// <summary>
/// A warning the test data asks for, written in the source as a trailing comment:
/// <c>// expect CH0001 at new HttpClient</c> means "CH0001 on this line, starting where <c>new HttpClient</c> starts".
/// The <c>at</c> part is optional; without it only the line is checked.
/// </summary>
internal sealed record ExpectedDiagnostic(string Id, string File, int Line, int? Column)
{
    private static readonly Regex s_marker = new(@"//\s*expect\s+(?<id>CH\d{4})(?:\s+at\s+(?<at>.+?))?\s*$", RegexOptions.CultureInvariant);

    public bool IsMatchedBy(ReportedDiagnostic reported)
        => reported.Id == Id
            && string.Equals(reported.File, File, StringComparison.Ordinal)
            && reported.Line == Line
            && (Column is null || reported.Column == Column);

    public override string ToString() => $"{File}({Line}{(Column is { } c ? "," + c : string.Empty)}): {Id}";

    public static IReadOnlyList<ExpectedDiagnostic> FromMarkers(IReadOnlyDictionary<string, string> sources)
    {
        var expected = new List<ExpectedDiagnostic>();
        foreach (var (file, text) in sources.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var match = s_marker.Match(lines[i].TrimEnd('\r'));
                if (!match.Success)
                {
                    continue;
                }

                int? column = null;
                if (match.Groups["at"].Success)
                {
                    var index = lines[i].IndexOf(match.Groups["at"].Value, StringComparison.Ordinal);
                    if (index < 0 || index >= match.Index)
                    {
                        throw new InvalidOperationException($"{file}({i + 1}): marker text '{match.Groups["at"].Value}' does not occur before the marker");
                    }

                    column = index + 1;
                }

                expected.Add(new ExpectedDiagnostic(match.Groups["id"].Value, file, i + 1, column));
            }
        }

        return expected;
    }
}

/// <summary>Reads warnings out of MSBuild console output and out of a SARIF 2.1 error log.</summary>
internal static class BuildOutput
{
    private static readonly Regex s_consoleWarning = new(
        @"^\s*(?<path>.+?)\((?<line>\d+),(?<col>\d+)(?:,\d+,\d+)?\):\s+warning\s+(?<id>[A-Za-z]+\d+):\s*(?<message>.*?)(?:\s+\[[^\]]*\])?\s*$",
        RegexOptions.CultureInvariant | RegexOptions.Multiline);

    /// <summary>Every distinct warning with a source location in the console output.</summary>
    public static IReadOnlyList<ReportedDiagnostic> ConsoleWarnings(string output, Func<string, string> relativePath)
        => s_consoleWarning.Matches(output)
            .Select(m => new ReportedDiagnostic(
                m.Groups["id"].Value,
                relativePath(m.Groups["path"].Value.Trim()),
                int.Parse(m.Groups["line"].Value, System.Globalization.CultureInfo.InvariantCulture),
                int.Parse(m.Groups["col"].Value, System.Globalization.CultureInfo.InvariantCulture),
                m.Groups["message"].Value))
            .Distinct()
            .ToList();

    /// <summary>One SARIF result: where it is, and the help link of the rule it points at (null when the rule has none).</summary>
    internal sealed record SarifResult(ReportedDiagnostic Diagnostic, string? HelpUri);

    /// <summary>Rule ID to help link for every rule the log describes (the analyzers loaded, reported or not).</summary>
    public static IReadOnlyDictionary<string, string?> SarifRules(string sarifPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var rules = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) && driver.TryGetProperty("rules", out var ruleArray))
            {
                foreach (var rule in ruleArray.EnumerateArray())
                {
                    if (rule.TryGetProperty("id", out var id) && id.GetString() is { } name)
                    {
                        rules[name] = rule.TryGetProperty("helpUri", out var help) ? help.GetString() : null;
                    }
                }
            }
        }

        return rules;
    }

    public static IReadOnlyList<SarifResult> SarifResults(string sarifPath, Func<string, string> relativePath)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(sarifPath));
        var results = new List<SarifResult>();
        foreach (var run in document.RootElement.GetProperty("runs").EnumerateArray())
        {
            var rules = new List<JsonElement>();
            if (run.TryGetProperty("tool", out var tool) && tool.TryGetProperty("driver", out var driver) && driver.TryGetProperty("rules", out var ruleArray))
            {
                rules.AddRange(ruleArray.EnumerateArray());
            }

            if (!run.TryGetProperty("results", out var resultArray))
            {
                continue;
            }

            foreach (var result in resultArray.EnumerateArray())
            {
                var id = result.TryGetProperty("ruleId", out var ruleId) ? ruleId.GetString() ?? string.Empty : string.Empty;
                var rule = FindRule(rules, result, id);
                var helpUri = rule is { } r && r.TryGetProperty("helpUri", out var help) ? help.GetString() : null;
                var message = result.TryGetProperty("message", out var m) && m.TryGetProperty("text", out var text) ? text.GetString() ?? string.Empty : string.Empty;
                var (file, line, column) = Location(result, relativePath);
                results.Add(new SarifResult(new ReportedDiagnostic(id, file, line, column, message), helpUri));
            }
        }

        return results;
    }

    private static JsonElement? FindRule(List<JsonElement> rules, JsonElement result, string id)
    {
        if (result.TryGetProperty("ruleIndex", out var index) && index.TryGetInt32(out var i) && i >= 0 && i < rules.Count)
        {
            return rules[i];
        }

        foreach (var rule in rules)
        {
            if (rule.TryGetProperty("id", out var ruleId) && ruleId.GetString() == id)
            {
                return rule;
            }
        }

        return null;
    }

    private static (string File, int Line, int Column) Location(JsonElement result, Func<string, string> relativePath)
    {
        if (!result.TryGetProperty("locations", out var locations) || locations.GetArrayLength() == 0
            || !locations[0].TryGetProperty("physicalLocation", out var physical))
        {
            return ("<no location>", 0, 0);
        }

        var file = physical.TryGetProperty("artifactLocation", out var artifact) && artifact.TryGetProperty("uri", out var uri)
            ? relativePath(ToLocalPath(uri.GetString() ?? string.Empty))
            : "<no file>";
        var line = 0;
        var column = 0;
        if (physical.TryGetProperty("region", out var region))
        {
            line = region.TryGetProperty("startLine", out var l) ? l.GetInt32() : 0;
            column = region.TryGetProperty("startColumn", out var c) ? c.GetInt32() : 0;
        }

        return (file, line, column);
    }

    private static string ToLocalPath(string uri)
        => Uri.TryCreate(uri, UriKind.Absolute, out var parsed) && parsed.IsFile ? parsed.LocalPath : uri;
}
