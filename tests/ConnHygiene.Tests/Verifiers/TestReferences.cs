using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using ConnHygiene.Testing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// The framework references a test compiles against, from the installed SDK's reference packs
/// (<see cref="SdkReferencePacks"/>): nothing is downloaded. <c>Test.FrameworkReferences</c> picks one set
/// (default <see cref="Net10AspNetCore"/>); the wrappers add it to <c>TestState.AdditionalReferences</c> with
/// <c>ReferenceAssemblies = new("net10.0")</c>, which resolves no package.
/// </summary>
public static class TestReferences
{
    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net10 =
        new(() => ImmutableArray<MetadataReference>.CastUp(SdkReferencePacks.NetCoreApp));

    private static readonly Lazy<ImmutableArray<MetadataReference>> s_net10AspNetCore =
        new(() => s_net10.Value.AddRange(SdkReferencePacks.AspNetCoreApp));

    /// <summary>Microsoft.NETCore.App only: no ASP.NET Core, so <c>IHttpClientFactory</c> does not resolve.</summary>
    public static ImmutableArray<MetadataReference> Net10 => s_net10.Value;

    /// <summary>Microsoft.NETCore.App and Microsoft.AspNetCore.App (the default).</summary>
    public static ImmutableArray<MetadataReference> Net10AspNetCore => s_net10AspNetCore.Value;

    /// <summary>The reference assembly <c>System.Runtime</c> alone: base for hand-made framework stand-ins.</summary>
    public static MetadataReference SystemRuntime =>
        Net10.First(r => string.Equals(Path.GetFileNameWithoutExtension(r.Display), "System.Runtime", StringComparison.OrdinalIgnoreCase));

    /// <summary>This set without the named assemblies (file names without extension, e.g. "System.Net.Http").</summary>
    public static ImmutableArray<MetadataReference> Without(this ImmutableArray<MetadataReference> references, params string[] assemblyNames) =>
        references.Where(r => !assemblyNames.Contains(Path.GetFileNameWithoutExtension(r.Display), StringComparer.OrdinalIgnoreCase)).ToImmutableArray();

    /// <summary>
    /// Compiles <paramref name="csharpSource"/> to an in-memory library and returns a reference to it, e.g. a
    /// netstandard-like System.Net.Http with HttpClient and HttpClientHandler but no SocketsHttpHandler.
    /// With no <paramref name="references"/>, <see cref="SystemRuntime"/> is used.
    /// </summary>
    public static MetadataReference FromSource(string assemblyName, string csharpSource, params MetadataReference[] references)
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
            throw new InvalidOperationException(
                $"The source for reference assembly '{assemblyName}' does not compile:{Environment.NewLine}" +
                string.Join(Environment.NewLine, result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }

        return MetadataReference.CreateFromImage(stream.ToArray(), filePath: assemblyName + ".dll");
    }
}
