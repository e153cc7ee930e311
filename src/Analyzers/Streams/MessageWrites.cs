using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Streams;

/// <summary>
/// CH0015's heuristic: which writes put a serialized message on a stream connection, and whether the member around them
/// frames its messages some other way (a length prefix or a delimiter).
/// </summary>
internal sealed class MessageWrites
{
    private MessageWrites(KnownTypes types, INamedTypeSymbol? encoding, INamedTypeSymbol? jsonSerializer, INamedTypeSymbol? binaryPrimitives, INamedTypeSymbol? bitConverter, INamedTypeSymbol? binaryWriter)
    {
        Types = types;
        Encoding = encoding;
        JsonSerializer = jsonSerializer;
        BinaryPrimitives = binaryPrimitives;
        BitConverter = bitConverter;
        BinaryWriter = binaryWriter;
    }

    public KnownTypes Types { get; }

    private INamedTypeSymbol? Encoding { get; }

    private INamedTypeSymbol? JsonSerializer { get; }

    private INamedTypeSymbol? BinaryPrimitives { get; }

    private INamedTypeSymbol? BitConverter { get; }

    private INamedTypeSymbol? BinaryWriter { get; }

    /// <summary>Null when there is no NetworkStream/Socket or no serializer to look for.</summary>
    public static MessageWrites? Create(KnownTypes types)
    {
        var encoding = types.Get("System.Text.Encoding");
        var json = types.Get("System.Text.Json.JsonSerializer");
        if ((types.NetworkStream is null && types.Socket is null) || (encoding is null && json is null))
        {
            return null;
        }

        return new MessageWrites(
            types,
            encoding,
            json,
            types.Get("System.Buffers.Binary.BinaryPrimitives"),
            types.Get("System.BitConverter"),
            types.Get("System.IO.BinaryWriter"));
    }

    /// <summary>
    /// For <c>networkStream.Write/WriteAsync(payload)</c> or <c>socket.Send/SendAsync(payload)</c> whose payload is a
    /// serializer call (directly, through <c>AsSpan/AsMemory</c>, or through a local it initializes): that call. Else null.
    /// </summary>
    public IInvocationOperation? SerializedPayload(IInvocationOperation write)
    {
        var method = write.TargetMethod;
        var isWrite = method.Name switch
        {
            "Write" or "WriteAsync" => KnownTypes.IsOrDerivesFrom(write.Instance?.Type, Types.NetworkStream),
            "Send" or "SendAsync" => KnownTypes.IsOrDerivesFrom(method.ContainingType, Types.Socket),
            _ => false,
        };
        if (!isWrite || write.Arguments.Length == 0)
        {
            return null;
        }

        var payload = Payload(write);
        return payload is not null && IsSerializerCall(payload) ? payload : null;
    }

    /// <summary>The write's first argument, looked through to the call that produced the bytes.</summary>
    private static IInvocationOperation? Payload(IInvocationOperation write)
    {
        IOperation? value = null;
        foreach (var argument in write.Arguments)
        {
            if (argument.Parameter?.Ordinal == 0)
            {
                value = argument.Value;
            }
        }

        for (var depth = 0; value is not null && depth < 8; depth++)
        {
            switch (value)
            {
                case IConversionOperation conversion:
                    value = conversion.Operand;
                    break;
                case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" } view:
                    value = view.Instance ?? (view.Arguments.Length > 0 ? view.Arguments[0].Value : null);
                    break;
                case IInvocationOperation call:
                    return call;
                case ILocalReferenceOperation reference:
                    value = Locals.SingleValue(reference.Local, write.Root());
                    break;
                default:
                    return null;
            }
        }

        return null;
    }

    private bool IsSerializerCall(IInvocationOperation call)
        => call.TargetMethod switch
        {
            { Name: "GetBytes" } getBytes => KnownTypes.IsOrDerivesFrom(getBytes.ContainingType, Encoding),
            { Name: "SerializeToUtf8Bytes" } serialize => SymbolEqualityComparer.Default.Equals(serialize.ContainingType, JsonSerializer),
            _ => false,
        };

    /// <summary>
    /// True when the member visibly frames its messages: it writes a length (BinaryPrimitives, BitConverter, an integer
    /// through BinaryWriter), writes lines or single bytes, or uses a '\n' or '\0' literal as a delimiter.
    /// </summary>
    public bool MemberFrames(IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IInvocationOperation { TargetMethod: var method } when IsFramingCall(method):
                    return true;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: string text } } when text.IndexOf('\n') >= 0 || text.IndexOf('\0') >= 0:
                    return true;
                case ILiteralOperation { ConstantValue: { HasValue: true, Value: char c } } when c is '\n' or '\0':
                    return true;
            }
        }

        return false;
    }

    private bool IsFramingCall(IMethodSymbol method)
    {
        var type = method.ContainingType;
        if (SymbolEqualityComparer.Default.Equals(type, BinaryPrimitives))
        {
            return true;
        }

        if (SymbolEqualityComparer.Default.Equals(type, BitConverter))
        {
            return method.Name is "GetBytes" or "TryWriteBytes";
        }

        if (method.Name is "WriteLine" or "WriteLineAsync" or "WriteByte")
        {
            return true;
        }

        return method.Name == "Write"
               && KnownTypes.IsOrDerivesFrom(type, BinaryWriter)
               && method.Parameters.Length == 1
               && method.Parameters[0].Type.SpecialType is SpecialType.System_Int16 or SpecialType.System_UInt16
                   or SpecialType.System_Int32 or SpecialType.System_UInt32 or SpecialType.System_Int64 or SpecialType.System_UInt64;
    }
}
