using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Runtime.InteropServices;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Benchmarks;

/// <summary>
/// The reference assemblies a net10.0 project compiles against, read from the packs of the dotnet root that runs
/// this process (the highest installed version of each pack).
/// </summary>
public static class ReferencePacks
{
    private const string NetCorePack = "Microsoft.NETCore.App.Ref";
    private const string AspNetCorePack = "Microsoft.AspNetCore.App.Ref";

    /// <summary>Assembly names left out of the no-networking reference set: nothing in them can resolve.</summary>
    public static readonly ImmutableHashSet<string> NetworkingAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "System.Net.Http", "System.Net.Http.Json", "System.Net.Sockets", "System.Net.Requests", "System.Net.WebClient",
        "System.Net.Security", "System.Net.Quic", "System.Net.WebSockets", "System.Net.WebSockets.Client", "System.Net.ServicePoint",
        "System.Net.HttpListener", "System.Net.Mail", "System.Net.NameResolution", "System.Net.NetworkInformation", "System.Net.Ping",
        "System.Net.WebProxy", "System.Net.WebHeaderCollection", "System.Net",
        // Facades that forward to the assemblies above.
        "netstandard", "mscorlib");

    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_netCore = new(() => LoadPack(NetCorePack));
    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_all = new(() => s_netCore.Value.AddRange(LoadPack(AspNetCorePack)));
    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_withoutNetworking = new(
        () => s_netCore.Value.Where(r => !NetworkingAssemblies.Contains(Path.GetFileNameWithoutExtension(r.FilePath ?? string.Empty))).ToImmutableArray());

    /// <summary>Microsoft.NETCore.App and Microsoft.AspNetCore.App (controllers, IHttpClientFactory, DI).</summary>
    public static ImmutableArray<PortableExecutableReference> All => s_all.Value;

    /// <summary>Microsoft.NETCore.App only, without any System.Net assembly or a facade forwarding to one.</summary>
    public static ImmutableArray<PortableExecutableReference> WithoutNetworking => s_withoutNetworking.Value;

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

    /// <summary>The <c>ref/netX.Y</c> folder of the highest installed version of <paramref name="pack"/>.</summary>
    public static string PackDirectory(string pack)
    {
        var packRoot = new DirectoryInfo(Path.Combine(DotnetRoot, "packs", pack));
        var version = packRoot.Exists
            ? packRoot.EnumerateDirectories().Select(d => (Dir: d, Version: ParseVersion(d.Name))).Where(v => v.Version is not null).OrderByDescending(v => v.Version).FirstOrDefault().Dir
            : null;
        var refRoot = version is null ? null : new DirectoryInfo(Path.Combine(version.FullName, "ref"));
        var tfm = refRoot is { Exists: true }
            ? refRoot.EnumerateDirectories("net*").OrderByDescending(d => ParseVersion(d.Name.Substring(3)) ?? new Version(0, 0)).FirstOrDefault()
            : null;
        return tfm?.FullName ?? throw new InvalidOperationException($"No reference pack '{pack}' under '{packRoot.FullName}'.");
    }

    private static Version? ParseVersion(string text)
    {
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        return Version.TryParse(dash < 0 ? text : text.Substring(0, dash), out var version) ? version : null;
    }

    private static ImmutableArray<PortableExecutableReference> LoadPack(string pack)
    {
        var references = new List<PortableExecutableReference>();
        foreach (var file in Directory.EnumerateFiles(PackDirectory(pack), "*.dll").OrderBy(f => f, StringComparer.Ordinal))
        {
            references.Add(MetadataReference.CreateFromFile(file));
        }

        return references.ToImmutableArray();
    }
}
