using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ConnHygiene.Testing;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Benchmarks;

/// <summary>
/// The reference sets the benchmarks compile against, from the installed SDK's packs (<see cref="SdkReferencePacks"/>,
/// shared with the tests).
/// </summary>
public static class ReferencePacks
{
    /// <summary>Assembly names left out of the no-networking reference set: nothing in them can resolve.</summary>
    public static readonly ImmutableHashSet<string> NetworkingAssemblies = ImmutableHashSet.Create(
        StringComparer.OrdinalIgnoreCase,
        "System.Net.Http", "System.Net.Http.Json", "System.Net.Sockets", "System.Net.Requests", "System.Net.WebClient",
        "System.Net.Security", "System.Net.Quic", "System.Net.WebSockets", "System.Net.WebSockets.Client", "System.Net.ServicePoint",
        "System.Net.HttpListener", "System.Net.Mail", "System.Net.NameResolution", "System.Net.NetworkInformation", "System.Net.Ping",
        "System.Net.WebProxy", "System.Net.WebHeaderCollection", "System.Net",
        // Facades that forward to the assemblies above.
        "netstandard", "mscorlib");

    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_all =
        new(() => SdkReferencePacks.NetCoreApp.AddRange(SdkReferencePacks.AspNetCoreApp));

    private static readonly Lazy<ImmutableArray<PortableExecutableReference>> s_withoutNetworking = new(
        () => SdkReferencePacks.NetCoreApp.Where(r => !NetworkingAssemblies.Contains(Path.GetFileNameWithoutExtension(r.FilePath ?? string.Empty))).ToImmutableArray());

    /// <summary>Microsoft.NETCore.App and Microsoft.AspNetCore.App (controllers, IHttpClientFactory, DI).</summary>
    public static ImmutableArray<PortableExecutableReference> All => s_all.Value;

    /// <summary>Microsoft.NETCore.App only, without any System.Net assembly or a facade forwarding to one.</summary>
    public static ImmutableArray<PortableExecutableReference> WithoutNetworking => s_withoutNetworking.Value;
}
