using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// What the shipped assemblies declare, found by reflection so that every meta-test follows the code: the descriptors
/// in <see cref="Descriptors"/>, the IDs in <see cref="RuleIdentifiers"/>, the analyzers and code fix providers, and
/// the repository files that must agree with them.
/// </summary>
internal static class RuleCatalog
{
    public static readonly Assembly AnalyzerAssembly = typeof(Descriptors).Assembly;
    public static readonly Assembly CodeFixAssembly = typeof(EquivalenceKeys).Assembly;

    private static readonly Lazy<ImmutableArray<DiagnosticDescriptor>> s_descriptors = new(() =>
        typeof(Descriptors).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
            .Select(f => f.GetValue(null) as DiagnosticDescriptor ?? throw new InvalidOperationException($"Descriptors.{f.Name} is null."))
            .OrderBy(d => d.Id, StringComparer.Ordinal)
            .ToImmutableArray());

    private static readonly Lazy<ImmutableArray<Type>> s_analyzerTypes = new(() =>
        AnalyzerAssembly.GetTypes()
            .Where(t => !t.IsAbstract
                        && typeof(DiagnosticAnalyzer).IsAssignableFrom(t)
                        && t.GetCustomAttributes(typeof(DiagnosticAnalyzerAttribute), inherit: false).Length > 0
                        && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToImmutableArray());

    private static readonly Lazy<string> s_repositoryRoot = new(FindRepositoryRoot);

    /// <summary>Every public static DiagnosticDescriptor field of <see cref="Descriptors"/>, ordered by ID.</summary>
    public static ImmutableArray<DiagnosticDescriptor> Descriptors => s_descriptors.Value;

    /// <summary>The IDs (<c>public const string</c> fields) of <see cref="RuleIdentifiers"/>, without the help link base.</summary>
    public static ImmutableArray<string> RuleIds =>
        typeof(RuleIdentifiers).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string) && f.Name != nameof(RuleIdentifiers.HelpLinkBase))
            .Select(f => (string)f.GetRawConstantValue()!)
            .OrderBy(id => id, StringComparer.Ordinal)
            .ToImmutableArray();

    /// <summary>A fresh instance of every concrete [DiagnosticAnalyzer] type in ConnHygiene.Analyzers.</summary>
    public static ImmutableArray<DiagnosticAnalyzer> CreateAnalyzers() =>
        s_analyzerTypes.Value.Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!).ToImmutableArray();

    /// <summary>Every concrete CodeFixProvider type in ConnHygiene.CodeFixes.</summary>
    public static ImmutableArray<Type> CodeFixProviderTypes =>
        CodeFixAssembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(CodeFixProvider).IsAssignableFrom(t))
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .ToImmutableArray();

    public static CodeFixProvider CreateCodeFixProvider(Type type) => (CodeFixProvider)Activator.CreateInstance(type)!;

    /// <summary>IDs some analyzer reports (its SupportedDiagnostics).</summary>
    public static ImmutableHashSet<string> ReportedIds =>
        CreateAnalyzers().SelectMany(a => a.SupportedDiagnostics).Select(d => d.Id).ToImmutableHashSet(StringComparer.Ordinal);

    /// <summary>IDs some code fix provider fixes.</summary>
    public static ImmutableHashSet<string> FixedIds =>
        CodeFixProviderTypes.SelectMany(t => CreateCodeFixProvider(t).FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);

    public static DiagnosticDescriptor Descriptor(string id) =>
        Descriptors.SingleOrDefault(d => d.Id == id) ?? throw new InvalidOperationException($"No descriptor {id}.");

    /// <summary>Descriptor IDs as theory data, so each rule passes or fails on its own line.</summary>
    public static TheoryData<string> DescriptorIds() => ToTheoryData(Descriptors.Select(d => d.Id));

    /// <summary>Analyzer type names as theory data.</summary>
    public static TheoryData<string> AnalyzerTypeNames() => ToTheoryData(CreateAnalyzers().Select(a => a.GetType().FullName!));

    /// <summary>Values as single-argument theory data.</summary>
    public static TheoryData<string> ToTheoryData(IEnumerable<string> values)
    {
        var data = new TheoryData<string>();
        foreach (var value in values)
        {
            data.Add(value);
        }

        return data;
    }

    /// <summary>The analyzer instance of the named type.</summary>
    public static DiagnosticAnalyzer CreateAnalyzer(string fullName) => CreateAnalyzers().Single(a => a.GetType().FullName == fullName);

    /// <summary>The severity word a rule page, the README and AnalyzerReleases use: "Disabled" when off by default.</summary>
    public static string ReleaseSeverity(DiagnosticDescriptor descriptor) =>
        descriptor.IsEnabledByDefault ? descriptor.DefaultSeverity.ToString() : "Disabled";

    /// <summary>The directory holding ConnHygiene.sln, found by walking up from the test output folder.</summary>
    public static string RepositoryRoot => s_repositoryRoot.Value;

    public static string RepositoryPath(string relativePath) =>
        Path.Combine(RepositoryRoot, relativePath.Replace('/', Path.DirectorySeparatorChar));

    public static string RulePagePath(string id) => RepositoryPath($"docs/rules/{id}.md");

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConnHygiene.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No ConnHygiene.sln above {AppContext.BaseDirectory}.");
    }

    /// <summary>Splits a Markdown table row into trimmed cells ("| a | b |" gives a, b); null for a non-row.</summary>
    public static IReadOnlyList<string>? TableCells(string line)
    {
        var trimmed = line.Trim();
        if (!trimmed.StartsWith('|') || !trimmed.EndsWith('|') || trimmed.Length < 2)
        {
            return null;
        }

        return trimmed.Substring(1, trimmed.Length - 2).Split('|').Select(c => c.Trim()).ToList();
    }
}
