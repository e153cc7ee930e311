using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers.Streams;

/// <summary>The types the stream-read rules match, resolved once per compilation.</summary>
internal sealed class StreamTypes
{
    private StreamTypes(KnownTypes types)
    {
        Types = types;
        BinaryReader = types.Get("System.IO.BinaryReader");
        Task1 = types.Get("System.Threading.Tasks.Task`1");
        ValueTask1 = types.Get("System.Threading.Tasks.ValueTask`1");
        MemoryStream = types.Get("System.IO.MemoryStream");
        UnmanagedMemoryStream = types.Get("System.IO.UnmanagedMemoryStream");
        FileStream = types.Get("System.IO.FileStream");
    }

    public KnownTypes Types { get; }

    public INamedTypeSymbol? BinaryReader { get; }

    public INamedTypeSymbol? Task1 { get; }

    public INamedTypeSymbol? ValueTask1 { get; }

    public INamedTypeSymbol? MemoryStream { get; }

    public INamedTypeSymbol? UnmanagedMemoryStream { get; }

    public INamedTypeSymbol? FileStream { get; }

    /// <summary>Streams whose reads come up short only at their end: memory, and files.</summary>
    public bool IsMemoryOrFileStream(INamedTypeSymbol type)
        => KnownTypes.IsOrDerivesFrom(type, MemoryStream) || KnownTypes.IsOrDerivesFrom(type, UnmanagedMemoryStream) || KnownTypes.IsOrDerivesFrom(type, FileStream);

    /// <summary>Null (the rule registers nothing) when the compilation has no networking: no socket, network stream or HTTP client can produce the streams it reads.</summary>
    public static StreamTypes? Create(KnownTypes types)
        => types.Socket is null && types.NetworkStream is null && types.HttpClient is null ? null : new StreamTypes(types);
}
