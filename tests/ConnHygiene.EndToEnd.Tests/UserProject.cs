using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// A throwaway project outside the repository that references the packed ConnHygiene package (and, when asked, the packed
/// ConnHygiene.Runtime package) exactly as a user would, restored into its own package cache.
/// </summary>
internal sealed class UserProject
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromMinutes(5);
    private readonly Dictionary<string, string> _environment;

    private UserProject(string directory, string name, string packageCache, bool referencesRuntime)
    {
        Directory = directory;
        Name = name;
        PackageCache = packageCache;
        ReferencesRuntime = referencesRuntime;
        _environment = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packageCache };
    }

    public string Directory { get; }

    public string Name { get; }

    public string ProjectPath => Path.Combine(Directory, Name + ".csproj");

    /// <summary>The environment every tool run on this project gets (its own package cache).</summary>
    public IReadOnlyDictionary<string, string> Environment => _environment;

    /// <summary>Whether the project references the packed ConnHygiene.Runtime package besides the analyzers.</summary>
    public bool ReferencesRuntime { get; }

    /// <summary>A package cache used by this project only, so that no ConnHygiene package cached earlier can be picked up.</summary>
    public string PackageCache { get; }

    /// <summary>
    /// Copies the sources of <c>Projects/{name}</c> (with its <c>.editorconfig</c>, if any) into a fresh folder and adds a project
    /// file that references the analyzer package and, with <paramref name="referenceRuntime"/>, the runtime package. A template
    /// with a <c>Program.cs</c> becomes a console application that <see cref="RunAsync"/> runs.
    /// </summary>
    public static UserProject Create(PackedPackage package, string name, bool referenceRuntime = false)
    {
        var template = Path.Combine(AppContext.BaseDirectory, "Projects", name);
        var directory = Path.Combine(package.WorkRoot, name + "-" + Guid.NewGuid().ToString("N").Substring(0, 8));
        System.IO.Directory.CreateDirectory(directory);
        foreach (var file in System.IO.Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var target = Path.Combine(directory, Path.GetRelativePath(template, file));
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target) ?? directory);
            File.Copy(file, target);
        }

        var project = new UserProject(directory, name, Path.Combine(package.WorkRoot, "packages-" + Path.GetFileName(directory)), referenceRuntime);
        var outputType = File.Exists(Path.Combine(template, "Program.cs")) ? "\n    <OutputType>Exe</OutputType>" : string.Empty;
        var runtimeReference = referenceRuntime
            ? $"\n    <PackageReference Include=\"{PackedPackage.RuntimePackageId}\" Version=\"{package.Version}\" />"
            : string.Empty;

        // Stop MSBuild's and NuGet's upward search here, so nothing from the temp folder's parents leaks in.
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <config>
                <add key="globalPackagesFolder" value="{project.PackageCache}" />
              </config>
              <packageSources>
                <clear />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(project.ProjectPath, $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>{outputType}
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>disable</ImplicitUsings>
                <Nullable>enable</Nullable>
                <RestoreAdditionalProjectSources>{package.PackageSource}</RestoreAdditionalProjectSources>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="{PackedPackage.PackageId}" Version="{package.Version}" PrivateAssets="all" />{runtimeReference}
              </ItemGroup>
            </Project>
            """);
        return project;
    }

    /// <summary>The C# sources as they are now, by path relative to the project folder.</summary>
    public IReadOnlyDictionary<string, string> ReadSources()
        => System.IO.Directory.EnumerateFiles(Directory, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains(Path.DirectorySeparatorChar + "obj" + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && !f.Contains(Path.DirectorySeparatorChar + "bin" + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .ToDictionary(f => RelativePath(f), File.ReadAllText, StringComparer.Ordinal);

    public string RelativePath(string path) => Path.GetRelativePath(Directory, path).Replace('\\', '/');

    public Task<ProcessResult> RestoreAsync()
        => Dotnet("restore", ProjectPath, "-nodeReuse:false", "-tl:off");

    /// <summary>A full (non-incremental) build, so every analyzer runs; the SARIF 2.1 log goes to <paramref name="sarifPath"/>.</summary>
    public Task<ProcessResult> BuildAsync(string sarifPath)
        => Dotnet("build", ProjectPath, "--no-restore", "--no-incremental", "-nodeReuse:false", "-tl:off", "-clp:NoSummary;ForceNoAlign",
            "-p:ErrorLog=" + sarifPath + "%2Cversion=2.1");

    /// <summary>Applies every fix for warning-level analyzer diagnostics, as a user would in bulk.</summary>
    public Task<ProcessResult> FormatAnalyzersAsync()
        => Dotnet("format", "analyzers", ProjectPath, "--severity", "warn", "--no-restore", "--verbosity", "detailed");

    /// <summary>Runs the console application as last built, with a time limit; it must stop by itself.</summary>
    public Task<ProcessResult> RunAsync()
        => Dotnet("run", "--project", ProjectPath, "--no-build", "--no-restore");

    private Task<ProcessResult> Dotnet(params string[] arguments)
        => ProcessRunner.DotnetAsync(arguments, Directory, s_timeout, _environment);
}
