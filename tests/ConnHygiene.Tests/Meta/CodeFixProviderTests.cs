using System;
using System.Composition;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using ConnHygiene.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>Every CodeFixProvider in ConnHygiene.CodeFixes is exported, supports Fix All and fixes a reported rule; every analyzer reports only descriptors from Descriptors.</summary>
public class CodeFixProviderTests
{
    public static TheoryData<string> ProviderNames() => RuleCatalog.ToTheoryData(RuleCatalog.CodeFixProviderTypes.Select(t => t.FullName!));

    public static TheoryData<string> AnalyzerNames() => RuleCatalog.AnalyzerTypeNames();

    [Fact]
    public void Analyzers_and_code_fix_providers_are_found()
    {
        Assert.Contains(RuleCatalog.CreateAnalyzers(), a => a.GetType().Name == "HttpClientPerOperationAnalyzer");
        Assert.Contains(RuleCatalog.CodeFixProviderTypes, t => t.Name == "HttpClientPerOperationFixer");
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Provider_is_exported_for_CSharp_and_shared(string typeName)
    {
        var type = ProviderType(typeName);
        var export = type.GetCustomAttribute<ExportCodeFixProviderAttribute>();
        Assert.True(export is not null, $"{type.Name} has no [ExportCodeFixProvider].");
        Assert.Contains(LanguageNames.CSharp, export!.Languages);
        Assert.True(type.GetCustomAttribute<SharedAttribute>() is not null, $"{type.Name} has no [Shared].");
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Provider_has_a_Fix_All_provider(string typeName)
    {
        var provider = RuleCatalog.CreateCodeFixProvider(ProviderType(typeName));
        Assert.NotNull(provider.GetFixAllProvider());
    }

    [Theory]
    [MemberData(nameof(ProviderNames))]
    public void Provider_fixes_only_ids_some_analyzer_reports(string typeName)
    {
        var provider = RuleCatalog.CreateCodeFixProvider(ProviderType(typeName));
        Assert.NotEmpty(provider.FixableDiagnosticIds);
        var reported = RuleCatalog.ReportedIds;
        var orphans = provider.FixableDiagnosticIds.Where(id => !reported.Contains(id)).ToList();
        Assert.True(orphans.Count == 0, $"{provider.GetType().Name} fixes {string.Join(", ", orphans)}, which no analyzer reports.");
    }

    [Fact]
    public void No_two_providers_fix_the_same_rule()
    {
        // dotnet format applies one equivalence key per provider; two providers for one ID would fight.
        var shared = RuleCatalog.CodeFixProviderTypes
            .SelectMany(t => RuleCatalog.CreateCodeFixProvider(t).FixableDiagnosticIds.Select(id => (Id: id, Provider: t.Name)))
            .GroupBy(p => p.Id)
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(p => p.Provider))}")
            .ToList();
        Assert.True(shared.Count == 0, "Rules fixed by more than one provider: " + string.Join("; ", shared));
    }

    [Fact]
    public void Equivalence_keys_name_a_rule_that_has_a_fix()
    {
        var fixedIds = RuleCatalog.FixedIds;
        foreach (var field in typeof(EquivalenceKeys).GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral))
        {
            var key = (string)field.GetRawConstantValue()!;
            var match = Regex.Match(key, @"^(CH\d{4})\.[A-Z][A-Za-z]+$");
            Assert.True(match.Success, $"EquivalenceKeys.{field.Name} = \"{key}\" is not of the form CH0000.Name.");
            Assert.True(fixedIds.Contains(match.Groups[1].Value), $"EquivalenceKeys.{field.Name} = \"{key}\", but no code fix provider fixes {match.Groups[1].Value}.");
        }
    }

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Analyzer_reports_only_descriptors_from_Descriptors(string typeName)
    {
        var analyzer = RuleCatalog.CreateAnalyzer(typeName);
        Assert.NotEmpty(analyzer.SupportedDiagnostics);
        foreach (var supported in analyzer.SupportedDiagnostics)
        {
            Assert.True(
                RuleCatalog.Descriptors.Any(d => ReferenceEquals(d, supported)),
                $"{analyzer.GetType().Name} supports {supported.Id}, which is not a field of Descriptors.");
        }
    }

    [Theory]
    [MemberData(nameof(DescriptorIdData))]
    public void Every_descriptor_is_reported_by_an_analyzer(string id)
    {
        Assert.True(RuleCatalog.ReportedIds.Contains(id), $"No analyzer in ConnHygiene.Analyzers reports {id}.");
    }

    public static TheoryData<string> DescriptorIdData => RuleCatalog.DescriptorIds();

    private static Type ProviderType(string fullName) =>
        RuleCatalog.CodeFixProviderTypes.Single(t => t.FullName == fullName);
}
