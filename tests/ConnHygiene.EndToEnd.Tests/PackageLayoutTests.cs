using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>The .nupkg is laid out as an analyzer-only development dependency.</summary>
[Collection(PackageCollection.Name)]
public sealed class PackageLayoutTests
{
    private readonly PackedPackage _package;

    public PackageLayoutTests(PackedPackage package) => _package = package;

    [Fact]
    public void Package_holds_the_analyzer_and_code_fix_assemblies_under_analyzers_dotnet_cs_and_nothing_to_compile_against()
    {
        _package.EnsurePacked();
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var entries = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        var listing = string.Join("\n", entries);

        Assert.Contains("analyzers/dotnet/cs/ConnHygiene.Analyzers.dll", entries);
        Assert.Contains("analyzers/dotnet/cs/ConnHygiene.CodeFixes.dll", entries);
        Assert.True(entries.Count(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) == 2, "only the two analyzer assemblies are shipped:\n" + listing);
        Assert.DoesNotContain(entries, e => e.StartsWith("lib/", StringComparison.Ordinal) || e.StartsWith("ref/", StringComparison.Ordinal));
        Assert.Contains("README.md", entries);
    }

    [Fact]
    public void Package_props_make_the_build_properties_CH0014_reads_visible_to_the_analyzers()
    {
        // CH0014 leaves the reads CA2022 reports to it only where it can see that CA2022 runs (EnableNETAnalyzers, the SDK version).
        _package.EnsurePacked();
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var props = archive.GetEntry("build/ConnHygiene.props");
        Assert.NotNull(props);
        using var stream = props.Open();
        var visible = XDocument.Load(stream).Descendants()
            .Where(e => e.Name.LocalName == "CompilerVisibleProperty")
            .Select(e => e.Attribute("Include")?.Value)
            .ToList();
        Assert.Contains("EnableNETAnalyzers", visible);
        Assert.Contains("NETCoreSdkVersion", visible);
    }

    [Fact]
    public void Nuspec_declares_a_development_dependency_with_no_dependencies_and_a_readme()
    {
        _package.EnsurePacked();
        using var archive = ZipFile.OpenRead(_package.PackagePath);
        var nuspecEntry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        using var stream = nuspecEntry.Open();
        var metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        Assert.NotNull(metadata);

        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(PackedPackage.PackageId, Value("id"));
        Assert.Equal(_package.Version, Value("version"));
        Assert.Equal("true", Value("developmentDependency"));
        Assert.Equal("README.md", Value("readme"));
        Assert.DoesNotContain(metadata.Elements(), e => e.Name.LocalName is "dependencies" or "frameworkAssemblies" or "references");

        var readme = archive.GetEntry("README.md");
        Assert.NotNull(readme);
        using var reader = new StreamReader(readme.Open());
        Assert.Contains("ConnHygiene", reader.ReadToEnd(), StringComparison.Ordinal);
    }
}
