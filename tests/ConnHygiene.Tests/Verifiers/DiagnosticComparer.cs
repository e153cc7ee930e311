using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Matches expected against actual diagnostics one to one and explains every difference.</summary>
internal static class DiagnosticComparer
{
    public static void AssertSame(ImmutableArray<DiagnosticResult> expected, ImmutableArray<Diagnostic> actual, string context)
    {
        var matchOfActual = Match(expected, actual);
        var matchedExpected = new HashSet<int>(matchOfActual.Where(m => m >= 0));
        var missing = Enumerable.Range(0, expected.Length).Where(i => !matchedExpected.Contains(i)).ToList();
        var unexpected = Enumerable.Range(0, actual.Length).Where(i => matchOfActual[i] < 0).ToList();
        if (missing.Count == 0 && unexpected.Count == 0)
        {
            return;
        }

        var report = new StringBuilder();
        report.Append(context).Append(": the diagnostics differ from those expected.").AppendLine();
        if (unexpected.Any(i => IsCompilerError(actual[i])))
        {
            report.Append("The code has compiler errors: ")
                .AppendJoin(", ", unexpected.Where(i => IsCompilerError(actual[i])).Select(i => actual[i].Id).Distinct())
                .AppendLine(" (listed below; expect them with {|CSxxxx:...|} or change CompilerDiagnostics if that is intended).");
        }

        if (missing.Count > 0)
        {
            report.AppendLine("Expected but not reported:");
            foreach (var i in missing)
            {
                report.Append("  ").AppendLine(expected[i].ToString());
                foreach (var near in actual.Where(d => d.Id == expected[i].Id && LocationsMatch(expected[i], d)))
                {
                    report.Append("    same ID and location, but reported with message \"")
                        .Append(near.GetMessage(CultureInfo.InvariantCulture)).Append("\" severity ").Append(near.Severity)
                        .Append("; expected message \"").Append(ExpectedMessage(expected[i], near) ?? "(not checked)").AppendLine("\"");
                }
            }
        }

        if (unexpected.Count > 0)
        {
            report.AppendLine("Reported but not expected:");
            foreach (var i in unexpected)
            {
                Describe(report, actual[i]);
            }
        }

        report.AppendLine("All expected:");
        foreach (var e in expected)
        {
            report.Append("  ").AppendLine(e.ToString());
        }

        report.AppendLine("All reported:");
        foreach (var d in actual)
        {
            report.Append("  ").AppendLine(d.ToString());
        }

        throw new VerificationException(report.ToString());
    }

    public static bool Matches(DiagnosticResult expected, Diagnostic actual)
    {
        if (expected.Id != actual.Id || !LocationsMatch(expected, actual))
        {
            return false;
        }

        if (expected.Severity is DiagnosticSeverity severity && severity != actual.Severity)
        {
            return false;
        }

        return ExpectedMessage(expected, actual) is not string message
            || string.Equals(message, actual.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
    }

    /// <summary>The message the expectation requires: the exact message if given, else the format filled with the arguments, else null.</summary>
    private static string? ExpectedMessage(DiagnosticResult expected, Diagnostic actual)
    {
        if (expected.Message is not null)
        {
            return expected.Message;
        }

        if (expected.MessageArguments is not { } arguments)
        {
            return null;
        }

        var format = (expected.Descriptor ?? actual.Descriptor).MessageFormat.ToString(CultureInfo.InvariantCulture);
        try
        {
            return string.Format(CultureInfo.InvariantCulture, format, arguments.ToArray());
        }
        catch (FormatException)
        {
            return $"<{arguments.Length} arguments do not fit the format \"{format}\">";
        }
    }

    private static bool LocationsMatch(DiagnosticResult expected, Diagnostic actual)
    {
        var locations = expected.Locations;
        if (locations.Length == 0 || locations[0].None)
        {
            return actual.Location == Location.None;
        }

        if (!LocationMatches(locations[0], actual.Location))
        {
            return false;
        }

        if (locations.Length == 1)
        {
            return true;
        }

        return locations.Length - 1 == actual.AdditionalLocations.Count
            && locations.Skip(1).Zip(actual.AdditionalLocations, LocationMatches).All(ok => ok);
    }

    private static bool LocationMatches(ExpectedLocation expected, Location actual)
    {
        if (!actual.IsInSource)
        {
            return false;
        }

        var span = actual.GetLineSpan();
        if (!string.Equals(span.Path, expected.Path, StringComparison.Ordinal))
        {
            return false;
        }

        return expected.StartOnly ? span.StartLinePosition == expected.Span.Start : span.Span == expected.Span;
    }

    /// <summary>For every actual diagnostic the expected one it matched, or -1; a maximum bipartite matching (Kuhn).</summary>
    private static int[] Match(ImmutableArray<DiagnosticResult> expected, ImmutableArray<Diagnostic> actual)
    {
        var matchOfActual = Enumerable.Repeat(-1, actual.Length).ToArray();
        var candidates = expected.Select(e => Enumerable.Range(0, actual.Length).Where(a => Matches(e, actual[a])).ToArray()).ToArray();
        for (var e = 0; e < expected.Length; e++)
        {
            TryAssign(e, new bool[actual.Length]);
        }

        return matchOfActual;

        bool TryAssign(int e, bool[] seen)
        {
            foreach (var a in candidates[e])
            {
                if (seen[a]) continue;
                seen[a] = true;
                if (matchOfActual[a] < 0 || TryAssign(matchOfActual[a], seen))
                {
                    matchOfActual[a] = e;
                    return true;
                }
            }

            return false;
        }
    }

    private static bool IsCompilerError(Diagnostic d) =>
        d.Severity == DiagnosticSeverity.Error && d.Descriptor.CustomTags.Contains(WellKnownDiagnosticTags.Compiler);

    private static void Describe(StringBuilder report, Diagnostic d)
    {
        report.Append("  ").AppendLine(d.ToString());
        if (!d.Location.IsInSource || d.Location.SourceTree is not { } tree)
        {
            report.Append("    as expected result: Diagnostic(\"").Append(d.Id).AppendLine("\").WithNoLocation()");
            return;
        }

        var span = d.Location.GetLineSpan();
        var text = tree.GetText();
        var line = text.Lines[span.StartLinePosition.Line];
        var width = span.StartLinePosition.Line == span.EndLinePosition.Line
            ? Math.Max(1, span.EndLinePosition.Character - span.StartLinePosition.Character)
            : Math.Max(1, line.End - line.Start - span.StartLinePosition.Character);
        report.Append("    | ").AppendLine(line.ToString());
        report.Append("    | ").Append(' ', span.StartLinePosition.Character).Append('~', width).AppendLine();
        report.Append("    as expected result: Diagnostic(\"").Append(d.Id).Append("\").WithSpan(\"").Append(span.Path).Append("\", ")
            .Append(span.StartLinePosition.Line + 1).Append(", ").Append(span.StartLinePosition.Character + 1).Append(", ")
            .Append(span.EndLinePosition.Line + 1).Append(", ").Append(span.EndLinePosition.Character + 1).AppendLine(")");
    }
}
