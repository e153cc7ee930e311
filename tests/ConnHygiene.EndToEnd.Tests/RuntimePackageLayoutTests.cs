using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Xml.Linq;
using Xunit;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>The ConnHygiene.Runtime .nupkg is an ordinary library package: compile-time assemblies for every target, no analyzers.</summary>
[Collection(PackageCollection.Name)]
public sealed class RuntimePackageLayoutTests
{
    private readonly PackedPackage _package;

    public RuntimePackageLayoutTests(PackedPackage package) => _package = package;

    [Fact]
    public void Runtime_package_holds_one_runtime_assembly_per_target_framework_of_src_Runtime_and_no_analyzers()
    {
        _package.EnsureRuntimePacked();
        using var archive = ZipFile.OpenRead(_package.RuntimePackagePath);
        var entries = archive.Entries.Select(e => e.FullName.Replace('\\', '/')).ToList();
        var listing = string.Join("\n", entries);

        // The targets come from the project file, so a target added there must reach the package too.
        var targets = RuntimeTargetFrameworks();
        Assert.NotEmpty(targets);
        foreach (var target in targets)
        {
            Assert.True(entries.Contains($"lib/{target}/ConnHygiene.Runtime.dll"), $"no lib/{target}/ConnHygiene.Runtime.dll in the package:\n" + listing);
        }

        var libraries = entries.Where(e => e.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(libraries.Count == targets.Length, $"exactly one assembly per target ({string.Join(", ", targets)}):\n" + listing);
        Assert.DoesNotContain(entries, e => e.StartsWith("analyzers/", StringComparison.Ordinal));
    }

    [Fact]
    public void Runtime_nuspec_is_a_normal_dependency_whose_netstandard_group_brings_its_polyfills_and_has_a_readme_if_it_names_one()
    {
        _package.EnsureRuntimePacked();
        using var archive = ZipFile.OpenRead(_package.RuntimePackagePath);
        var nuspecEntry = Assert.Single(archive.Entries, e => e.FullName.EndsWith(".nuspec", StringComparison.OrdinalIgnoreCase));
        XElement? metadata;
        using (var stream = nuspecEntry.Open())
        {
            metadata = XDocument.Load(stream).Root?.Elements().FirstOrDefault(e => e.Name.LocalName == "metadata");
        }

        Assert.NotNull(metadata);
        string? Value(string name) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

        Assert.Equal(PackedPackage.RuntimePackageId, Value("id"));
        Assert.Equal(_package.Version, Value("version"));

        // Users compile against it and ship it: not a development dependency, unlike the analyzer package.
        Assert.NotEqual("true", Value("developmentDependency"));

        var groups = metadata.Descendants().Where(e => e.Name.LocalName == "group").ToList();
        var netstandard = Assert.Single(groups, g => (string?)g.Attribute("targetFramework") == ".NETStandard2.0");
        var polyfills = netstandard.Elements().Select(d => (string?)d.Attribute("id")).ToList();
        Assert.Contains("Microsoft.Bcl.AsyncInterfaces", polyfills);
        Assert.Contains("System.Threading.Channels", polyfills);

        if (Value("readme") is { Length: > 0 } readme)
        {
            Assert.NotNull(archive.GetEntry(readme));
        }
    }

    private string[] RuntimeTargetFrameworks()
    {
        var project = XDocument.Load(Path.Combine(_package.RepositoryRoot, "src", "Runtime", "ConnHygiene.Runtime.csproj"));
        var value = project.Descendants().FirstOrDefault(e => e.Name.LocalName == "TargetFrameworks")?.Value
            ?? project.Descendants().FirstOrDefault(e => e.Name.LocalName == "TargetFramework")?.Value
            ?? string.Empty;
        return value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
