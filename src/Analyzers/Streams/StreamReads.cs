using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Streams;

/// <summary>The reads whose count matters (CH0014) and what the code does with that count.</summary>
internal static class StreamReads
{
    /// <summary>The method names <see cref="Classify"/> may classify as a read.</summary>
    public static readonly string[] MethodNames = { "Read", "ReadAsync", "Receive", "ReceiveAsync" };

    public static ReadKind Classify(IMethodSymbol method, StreamTypes types)
    {
        switch (method.Name)
        {
            case "Read" when ReturnsInt(method) && FirstParameterIsBytes(method):
                if (KnownTypes.IsOrDerivesFrom(method.ContainingType, types.Types.Stream))
                {
                    return ReadKind.StreamRead;
                }

                return KnownTypes.IsOrDerivesFrom(method.ContainingType, types.BinaryReader) ? ReadKind.BinaryReaderRead : ReadKind.None;
            case "ReadAsync" when ReturnsTaskOfInt(method, types) && FirstParameterIsBytes(method):
                return KnownTypes.IsOrDerivesFrom(method.ContainingType, types.Types.Stream) ? ReadKind.StreamReadAsync : ReadKind.None;
            case "Receive" when ReturnsInt(method):
                return KnownTypes.IsOrDerivesFrom(method.ContainingType, types.Types.Socket) ? ReadKind.SocketReceive : ReadKind.None;
            case "ReceiveAsync" when ReturnsTaskOfInt(method, types):
                return KnownTypes.IsOrDerivesFrom(method.ContainingType, types.Types.Socket) ? ReadKind.SocketReceiveAsync : ReadKind.None;
            default:
                return ReadKind.None;
        }
    }

    /// <summary>
    /// The operation whose parent consumes the count: the call itself, or around it conversions,
    /// <c>.ConfigureAwait(...)</c> and <c>await</c>.
    /// </summary>
    public static IOperation CountCarrier(IInvocationOperation read)
    {
        IOperation current = read;
        while (true)
        {
            switch (current.Parent)
            {
                case IConversionOperation conversion:
                    current = conversion;
                    break;
                case IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure when configure.Instance == current:
                    current = configure;
                    break;
                case IAwaitOperation awaited:
                    current = awaited;
                    break;
                default:
                    return current;
            }
        }
    }

    /// <summary>
    /// What the code does with the count <paramref name="read"/> returns, the local it lands in (if any), and for a used count
    /// whether it still reads a frame in one call (<see cref="CountUse.UsedWithoutFillLoop"/>).
    /// </summary>
    public static (CountUse Use, ILocalSymbol? Local, FrameRead Frame) Judge(IInvocationOperation read, ISymbol containingSymbol, StreamTypes types)
    {
        var (use, local) = Judge(read);
        if (use != CountUse.Used)
        {
            return (use, local, default);
        }

        var frame = FrameReads.Judge(read, CountCarrier(read), local, containingSymbol, types);
        return frame.Shape == FrameShape.None ? (use, local, frame) : (CountUse.UsedWithoutFillLoop, local, frame);
    }

    /// <summary>What the code does with the count <paramref name="read"/> returns; the local it lands in, if any.</summary>
    private static (CountUse Use, ILocalSymbol? Local) Judge(IInvocationOperation read)
    {
        var carrier = CountCarrier(read);
        ILocalSymbol? local = null;
        switch (carrier.Parent)
        {
            case IExpressionStatementOperation:
            case ISimpleAssignmentOperation { Target: IDiscardOperation, Parent: IExpressionStatementOperation }:
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                local = declarator.Symbol;
                break;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == carrier:
                local = target.Local;
                break;
            default:
                return (CountUse.Used, null);
        }

        var loop = DataAvailableLoop(read);
        if (local is null)
        {
            return (loop is null ? CountUse.Discarded : CountUse.IgnoredInDataAvailableLoop, null);
        }

        if (!IsRead(local, carrier.Root()))
        {
            return (CountUse.UnreadLocal, local);
        }

        return loop is not null && !IsRead(local, loop.Body) ? (CountUse.IgnoredInDataAvailableLoop, local) : (CountUse.Used, local);
    }

    /// <summary>
    /// True when a socket receive reads datagrams, where one receive returns one whole message: <c>udpClient.Client</c>, a local
    /// created with <c>SocketType.Dgram</c>/<c>ProtocolType.Udp</c>, or any socket of a type whose code creates such a socket.
    /// </summary>
    public static bool IsDatagramReceive(IInvocationOperation read, ISymbol containingSymbol)
    {
        var instance = read.Instance?.WithoutConversions();

        switch (instance)
        {
            case IPropertyReferenceOperation { Property.Name: "Client", Instance.Type.Name: "UdpClient" }:
                return true;
            case ILocalReferenceOperation local when Locals.SingleValue(local.Local, read.Root()) is IObjectCreationOperation creation:
                return creation.Arguments.Any(a => a.Value is IFieldReferenceOperation { Field: { Name: "Dgram", ContainingType.Name: "SocketType" } or { Name: "Udp", ContainingType.Name: "ProtocolType" } });
        }

        return containingSymbol.ContainingType is { } type && type.DeclaringSyntaxReferences.Any(reference => reference.GetSyntax().DescendantNodes().Any(IsDatagramName));
    }

    private static bool IsDatagramName(SyntaxNode node)
        => node is MemberAccessExpressionSyntax { Name.Identifier.ValueText: var name, Expression: var owner }
           && ((name == "Dgram" && SyntaxNames.RightmostName(owner) == "SocketType") || (name == "Udp" && SyntaxNames.RightmostName(owner) == "ProtocolType"));

    /// <summary>True when some operation under <paramref name="scope"/> reads <paramref name="local"/> (writes do not count).</summary>
    public static bool IsRead(ILocalSymbol local, IOperation scope)
    {
        foreach (var operation in scope.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The nearest enclosing <c>while</c> loop (same function) whose condition reads a <c>DataAvailable</c> property.</summary>
    private static IWhileLoopOperation? DataAvailableLoop(IOperation operation)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            switch (current)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case IWhileLoopOperation { Condition: { } condition } loop when ReadsDataAvailable(condition):
                    return loop;
            }
        }

        return null;
    }

    private static bool ReadsDataAvailable(IOperation condition)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (operation is IPropertyReferenceOperation { Property.Name: "DataAvailable" })
            {
                return true;
            }
        }

        return false;
    }

    private static bool ReturnsInt(IMethodSymbol method) => method.ReturnType.SpecialType == SpecialType.System_Int32;

    private static bool ReturnsTaskOfInt(IMethodSymbol method, StreamTypes types)
        => method.ReturnType is INamedTypeSymbol { TypeArguments: { Length: 1 } arguments } returnType
           && arguments[0].SpecialType == SpecialType.System_Int32
           && (SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, types.Task1)
               || SymbolEqualityComparer.Default.Equals(returnType.OriginalDefinition, types.ValueTask1));

    /// <summary><c>byte[]</c>, <c>Span&lt;byte&gt;</c> or <c>Memory&lt;byte&gt;</c> first (not the char overloads of BinaryReader).</summary>
    private static bool FirstParameterIsBytes(IMethodSymbol method)
        => method.Parameters.Length > 0
           && method.Parameters[0].Type switch
           {
               IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } => true,
               INamedTypeSymbol { Name: "Span" or "Memory", TypeArguments: { Length: 1 } elements } => elements[0].SpecialType == SpecialType.System_Byte,
               _ => false,
           };
}
