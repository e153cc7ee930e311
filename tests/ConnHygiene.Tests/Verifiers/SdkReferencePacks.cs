using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Testing;

/// <summary>
/// The reference assemblies a project of the running runtime's target framework compiles against, read from the
/// reference packs of the SDK that runs this process (<c>{dotnet root}/packs/{pack}/{version}/ref/net{major}.{minor}</c>).
/// The dotnet root and the framework version come from the running runtime, the pack version is the highest installed
/// one of that framework; nothing is downloaded, so a cold machine with an SDK works offline. Each pack is read once
/// per process. Shared by the unit tests, the behaviour proofs and the benchmarks (linked as a source file).
/// </summary>
public static class SdkReferencePacks
{
    public const string NetCorePack = "Microsoft.NETCore.App.Ref";

    public const string AspNetCorePack = "Microsoft.AspNetCore.App.Ref";

    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_netCore = new(() => Load(NetCorePack));

    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_aspNetCore = new(() => Load(AspNetCorePack));

    /// <summary>Microsoft.NETCore.App: the framework every project of the running target framework references.</summary>
    public static ImmutableArray<PortableExecutableReference> NetCoreApp => s_netCore.Value;

    /// <summary>Microsoft.AspNetCore.App: controllers, minimal APIs, <c>IHttpClientFactory</c>, DI.</summary>
    public static ImmutableArray<PortableExecutableReference> AspNetCoreApp => s_aspNetCore.Value;

    /// <summary>The target framework the packs are read for, from the running runtime (e.g. net10.0).</summary>
    public static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    /// <summary>The dotnet root of the running runtime: <c>{root}/shared/Microsoft.NETCore.App/{version}/</c>, three levels up.</summary>
    public static string DotnetRoot
    {
        get
        {
            var runtimeDirectory = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory());
            return runtimeDirectory.Parent?.Parent?.Parent?.FullName
                ?? throw new InvalidOperationException($"Cannot find the dotnet root above '{runtimeDirectory.FullName}'.");
        }
    }

    /// <summary>
    /// The <c>ref/{TargetFramework}</c> folder of the highest installed version of <paramref name="pack"/> that has one
    /// (only versions of the running runtime's major.minor are considered).
    /// </summary>
    public static string PackDirectory(string pack)
    {
        var packRoot = new DirectoryInfo(Path.Combine(DotnetRoot, "packs", pack));
        var frameworkVersion = new Version(Environment.Version.Major, Environment.Version.Minor);
        var directory = packRoot.Exists
            ? packRoot.EnumerateDirectories()
                .Select(d => (Ref: new DirectoryInfo(Path.Combine(d.FullName, "ref", TargetFramework)), Version: ParseVersion(d.Name), Prerelease: d.Name.Contains('-')))
                .Where(v => v.Version is not null && v.Version.Major == frameworkVersion.Major && v.Version.Minor == frameworkVersion.Minor && v.Ref.Exists)
                .OrderByDescending(v => v.Version)
                .ThenBy(v => v.Prerelease)
                .Select(v => v.Ref)
                .FirstOrDefault()
            : null;
        return directory?.FullName
            ?? throw new InvalidOperationException($"No reference pack '{pack}' {frameworkVersion}.x with ref/{TargetFramework} under '{packRoot.FullName}'.");
    }

    private static Version? ParseVersion(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? text : text.Substring(0, dash), out var version) ? version : null;
    }

    private static ImmutableArray<PortableExecutableReference> Load(string pack) =>
        Directory.EnumerateFiles(PackDirectory(pack), "*.dll")
            .Where(HasMetadata)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => MetadataReference.CreateFromFile(f))
            .ToImmutableArray();

    private static bool HasMetadata(string file)
    {
        try
        {
            using var stream = File.OpenRead(file);
            using var reader = new PEReader(stream);
            return reader.HasMetadata;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
