using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// The metadata references a test compiles against. The .NET 10 sets come from the SDK's reference packs
/// (<c>packs/Microsoft.NETCore.App.Ref</c>, <c>packs/Microsoft.AspNetCore.App.Ref</c>, highest 10.x version), found from
/// the running runtime's location; without packs the running shared frameworks' assemblies are used. Loaded once per process.
/// </summary>
public sealed class ReferenceAssemblies
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> NetCoreApp =
        new(() => Load("Microsoft.NETCore.App.Ref", "Microsoft.NETCore.App"));

    private static readonly Lazy<ImmutableArray<MetadataReference>> AspNetCoreApp =
        new(() => Load("Microsoft.AspNetCore.App.Ref", "Microsoft.AspNetCore.App"));

    private static readonly Lazy<ReferenceAssemblies> Net10Lazy =
        new(() => new ReferenceAssemblies("net10.0", NetCoreApp.Value));

    private static readonly Lazy<ReferenceAssemblies> Net10AspNetCoreLazy =
        new(() => new ReferenceAssemblies("net10.0 + ASP.NET Core", NetCoreApp.Value.AddRange(AspNetCoreApp.Value)));

    private ReferenceAssemblies(string name, ImmutableArray<MetadataReference> references)
    {
        Name = name;
        References = references;
    }

    public string Name { get; }

    public ImmutableArray<MetadataReference> References { get; }

    /// <summary>Microsoft.NETCore.App only: no ASP.NET Core, so <c>IHttpClientFactory</c> does not resolve.</summary>
    public static ReferenceAssemblies Net10 => Net10Lazy.Value;

    /// <summary>Microsoft.NETCore.App and Microsoft.AspNetCore.App (the default).</summary>
    public static ReferenceAssemblies Net10AspNetCore => Net10AspNetCoreLazy.Value;

    /// <summary>The reference assembly <c>System.Runtime</c> alone: base for hand-made framework stand-ins.</summary>
    public static MetadataReference SystemRuntime =>
        Net10.References.First(r => string.Equals(Path.GetFileNameWithoutExtension(r.Display), "System.Runtime", StringComparison.OrdinalIgnoreCase));

    /// <summary>Exactly the given references, e.g. <see cref="SystemRuntime"/> plus a stand-in built with <see cref="MetadataReferenceFromSource"/>.</summary>
    public static ReferenceAssemblies Custom(params MetadataReference[] references) =>
        new("custom", references.ToImmutableArray());

    /// <summary>This set without the named assemblies (file names without extension, e.g. "System.Net.Http").</summary>
    public ReferenceAssemblies Without(params string[] assemblyNames) =>
        new(
            Name + " without " + string.Join(", ", assemblyNames),
            References.Where(r => !assemblyNames.Contains(Path.GetFileNameWithoutExtension(r.Display), StringComparer.OrdinalIgnoreCase)).ToImmutableArray());

    /// <summary>This set plus more references.</summary>
    public ReferenceAssemblies With(params MetadataReference[] references) =>
        new(Name + " + " + references.Length + " more", References.AddRange(references));

    /// <summary>
    /// Compiles <paramref name="csharpSource"/> to an in-memory library and returns a reference to it, e.g. a
    /// netstandard-like System.Net.Http with HttpClient and HttpClientHandler but no SocketsHttpHandler.
    /// With no <paramref name="references"/>, <see cref="SystemRuntime"/> is used.
    /// </summary>
    public static MetadataReference MetadataReferenceFromSource(string assemblyName, string csharpSource, params MetadataReference[] references)
    {
        var compilation = CSharpCompilation.Create(
            assemblyName,
            new[] { CSharpSyntaxTree.ParseText(csharpSource, new CSharpParseOptions(LanguageVersion.Latest)) },
            references.Length == 0 ? new[] { SystemRuntime } : references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new VerificationException(
                $"The source for reference assembly '{assemblyName}' does not compile:{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: assemblyName + ".dll");
    }

    public override string ToString() => Name;

    private static ImmutableArray<MetadataReference> Load(string packName, string sharedFrameworkName)
    {
        // .../dotnet/shared/Microsoft.NETCore.App/<version>/System.Private.CoreLib.dll -> .../dotnet
        var coreLibDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location)
            ?? throw new InvalidOperationException("Cannot locate the running runtime.");
        var dotnetRoot = Path.GetFullPath(Path.Combine(coreLibDirectory, "..", "..", ".."));

        var packRef = HighestVersion(Path.Combine(dotnetRoot, "packs", packName), "10.")
            is string packVersionDir ? Path.Combine(packVersionDir, "ref", "net10.0") : null;
        var directory = packRef is not null && Directory.Exists(packRef)
            ? packRef
            : HighestVersion(Path.Combine(dotnetRoot, "shared", sharedFrameworkName), "10.")
              ?? throw new InvalidOperationException($"Neither packs/{packName} nor shared/{sharedFrameworkName} 10.x found under {dotnetRoot}.");

        return Directory.EnumerateFiles(directory, "*.dll")
            .Where(HasMetadata)
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => (MetadataReference)MetadataReference.CreateFromFile(f))
            .ToImmutableArray();
    }

    private static string? HighestVersion(string directory, string prefix)
    {
        if (!Directory.Exists(directory)) return null;
        return Directory.EnumerateDirectories(directory)
            .Select(d => (Dir: d, Name: Path.GetFileName(d)))
            .Where(d => d.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Select(d => (d.Dir, Prerelease: d.Name.Contains('-'), Version: Version.TryParse(d.Name.Split('-')[0], out var v) ? v : null))
            .Where(d => d.Version is not null)
            .OrderByDescending(d => d.Version)
            .ThenBy(d => d.Prerelease)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

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
