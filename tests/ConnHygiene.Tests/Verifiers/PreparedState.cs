using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>A state with markup removed: plain files and every expected diagnostic with its locations resolved.</summary>
internal sealed record PreparedState(ImmutableArray<(string Path, string Text)> Files, ImmutableArray<DiagnosticResult> Expected)
{
    /// <summary>
    /// Strips the markup of every file and turns it into expected diagnostics: <c>[|...|]</c> is the analyzer's only
    /// descriptor, <c>{|ID:...|}</c> that ID, <c>{|#n:...|}</c> resolves <c>WithLocation(n)</c> of the explicit expectations.
    /// </summary>
    public static PreparedState Create(SolutionState state, ImmutableArray<DiagnosticDescriptor> supported, string stateName)
    {
        if (state.Sources.Count == 0)
        {
            throw new VerificationException($"The {stateName} has no source files.");
        }

        var files = ImmutableArray.CreateBuilder<(string, string)>();
        var expected = ImmutableArray.CreateBuilder<DiagnosticResult>();
        var keyed = new Dictionary<int, ExpectedLocation>();

        foreach (var (filename, content) in state.Sources)
        {
            var path = ProjectBuilder.NormalizePath(filename);
            var parsed = Markup.Parse(content);
            var text = SourceText.From(parsed.Text);
            files.Add((path, parsed.Text));

            foreach (var span in parsed.Spans.OrderBy(s => s.Span.Start).ThenByDescending(s => s.Span.Length))
            {
                var location = new ExpectedLocation(path, text.Lines.GetLinePositionSpan(span.Span), false, null, false);
                if (span.LocationKey is int key)
                {
                    if (!keyed.TryAdd(key, location))
                    {
                        throw new VerificationException($"Markup location key #{key} is used twice in the {stateName}.");
                    }

                    continue;
                }

                var result = span.DiagnosticId is string id
                    ? (supported.FirstOrDefault(d => d.Id == id) is { } byId ? new DiagnosticResult(byId) : new DiagnosticResult(id))
                    : new DiagnosticResult(SingleDescriptor(supported));
                expected.Add(result.WithResolvedLocations(ImmutableArray.Create(location)));
            }
        }

        var firstPath = ProjectBuilder.NormalizePath(state.Sources[0].filename);
        foreach (var result in state.ExpectedDiagnostics)
        {
            var locations = result.Locations.Select(l =>
            {
                if (l.MarkupKey is int key)
                {
                    return keyed.TryGetValue(key, out var resolved)
                        ? resolved
                        : throw new VerificationException($"WithLocation({key}) refers to no {{|#{key}:...|}} markup in the {stateName}.");
                }

                return l.None || l.Path is not null ? l : l with { Path = firstPath };
            }).ToImmutableArray();
            expected.Add(result.WithResolvedLocations(locations));
        }

        return new PreparedState(files.ToImmutable(), expected.ToImmutable());
    }

    /// <summary>The one descriptor <c>[|...|]</c> and <c>Diagnostic()</c> stand for.</summary>
    public static DiagnosticDescriptor SingleDescriptor(ImmutableArray<DiagnosticDescriptor> supported)
    {
        var distinct = supported.GroupBy(d => d.Id).Select(g => g.First()).ToList();
        return distinct.Count == 1
            ? distinct[0]
            : throw new VerificationException(
                $"The analyzer supports {distinct.Count} diagnostics ({string.Join(", ", distinct.Select(d => d.Id))}); " +
                "use {|ID:...|} markup or Diagnostic(id) instead of [|...|] / Diagnostic().");
    }
}
