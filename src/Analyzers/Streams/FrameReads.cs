using System;
using System.Collections.Generic;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Streams;

/// <summary>
/// CH0014's used-count shapes: a read whose count the code uses, but without a loop that fills a fixed-size frame.
/// Precision first: a count that drives a loop, is accumulated or used in arithmetic, is compared with anything other than
/// the end-of-stream values, or is returned, means the code handles short reads (or hands them to its caller).
/// </summary>
internal static class FrameReads
{
    private const int MaxDepth = 6;

    /// <summary>How a use of the count treats a short read.</summary>
    private enum Role
    {
        /// <summary>Compared with 0 (or -1, or <c>&lt; 1</c>): the end-of-stream test.</summary>
        EndOfStream,

        /// <summary>Only shown: string interpolation or concatenation.</summary>
        Shown,

        /// <summary>Handed on as a length (slicing, writing, a handler): "process what arrived".</summary>
        Passed,

        /// <summary>The code handles short reads or leaves them to its caller: loop condition, arithmetic, accumulation, size comparison, return.</summary>
        HandlesShortReads,
    }

    public static FrameRead Judge(IInvocationOperation read, IOperation carrier, ILocalSymbol? local, ISymbol containingSymbol, StreamTypes types)
    {
        if (carrier.Type?.SpecialType != SpecialType.System_Int32 || IsMemoryOrFileBacked(read.Instance, types, 0))
        {
            return default;
        }

        var root = carrier.Root();
        var passed = false;
        foreach (var use in Uses(carrier, local, root))
        {
            switch (RoleOf(use, containingSymbol))
            {
                case Role.HandlesShortReads:
                    return default;
                case Role.Passed:
                    passed = true;
                    break;
            }
        }

        if (RequestSize(read) is { } size && IsDecodedFromData(size, root, 0))
        {
            return new FrameRead(FrameShape.LengthPrefixed, true);
        }

        if (passed || BufferSymbol(read) is not { } buffer)
        {
            return default;
        }

        var extent = DecodedExtent(buffer, read.Syntax.Span.End, root);
        if (extent is null)
        {
            return default;
        }

        var wholeNeeded = extent > 0
            && RequestSize(read) is { ConstantValue: { HasValue: true, Value: int requested } }
            && requested <= extent;
        return new FrameRead(FrameShape.DecodedAsFull, wholeNeeded);
    }

    /// <summary>The operations that consume the count: each read of its local (and the assignment's own value when that is used), or the carrier itself.</summary>
    private static IEnumerable<IOperation> Uses(IOperation carrier, ILocalSymbol? local, IOperation root)
    {
        if (local is null)
        {
            yield return carrier;
            yield break;
        }

        if (carrier.Parent is ISimpleAssignmentOperation { Parent: not IExpressionStatementOperation } assignment)
        {
            yield return assignment;
        }

        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation is ILocalReferenceOperation reference
                && SymbolEqualityComparer.Default.Equals(reference.Local, local)
                && !(reference.Parent is ISimpleAssignmentOperation target && target.Target == reference))
            {
                yield return reference;
            }
        }
    }

    private static Role RoleOf(IOperation use, ISymbol containingSymbol)
    {
        if (InLoopCondition(use))
        {
            return Role.HandlesShortReads;
        }

        var value = use.WithConversions();
        switch (value.Parent)
        {
            case IBinaryOperation binary when IsComparison(binary.OperatorKind):
                var other = binary.LeftOperand == value ? binary.RightOperand : binary.LeftOperand;
                return IsEndOfStreamTest(binary.OperatorKind, other, binary.LeftOperand == value) ? Role.EndOfStream : Role.HandlesShortReads;
            case IIsPatternOperation { Pattern: var pattern }:
                return IsEndOfStreamPattern(pattern) ? Role.EndOfStream : Role.HandlesShortReads;
            case IBinaryOperation binary when binary.Type?.SpecialType == SpecialType.System_String:
                return Role.Shown;
            case IBinaryOperation:
            case ICompoundAssignmentOperation:
            case IIncrementOrDecrementOperation:
            case IReturnOperation:
                return Role.HandlesShortReads;
            case IInterpolationOperation:
                return Role.Shown;
            case IArgumentOperation { Parent: IInvocationOperation invocation, Parameter: var parameter }:
                return IsProgress(invocation, parameter, containingSymbol) ? Role.HandlesShortReads : Role.Passed;
            default:
                return Role.Passed;
        }
    }

    /// <summary><c>span.Slice(n)</c>, <c>writer.Advance(n)</c> or a call of the containing method (recursion that reads the rest).</summary>
    private static bool IsProgress(IInvocationOperation invocation, IParameterSymbol? parameter, ISymbol containingSymbol)
        => (invocation.TargetMethod.Name == "Slice" && parameter?.Name == "start")
           || invocation.TargetMethod.Name == "Advance"
           || SymbolEqualityComparer.Default.Equals(invocation.TargetMethod.OriginalDefinition, containingSymbol.OriginalDefinition);

    /// <summary>True when <paramref name="use"/> sits in the condition of an enclosing loop (the count decides whether to read again).</summary>
    private static bool InLoopCondition(IOperation use)
    {
        for (var current = use; current.Parent is { } parent; current = parent)
        {
            switch (parent)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
                case IWhileLoopOperation { Condition: { } condition } when condition.Syntax.Span.Contains(use.Syntax.Span):
                case IForLoopOperation { Condition: { } forCondition } when forCondition.Syntax.Span.Contains(use.Syntax.Span):
                    return true;
            }
        }

        return false;
    }

    private static bool IsComparison(BinaryOperatorKind kind)
        => kind is BinaryOperatorKind.Equals or BinaryOperatorKind.NotEquals or BinaryOperatorKind.LessThan
            or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual;

    /// <summary><c>n == 0</c>, <c>n &lt;= 0</c>, <c>n &gt; 0</c>, <c>n != 0</c>, <c>n == -1</c>, <c>n &lt; 1</c>, <c>n &gt;= 1</c> (either side).</summary>
    private static bool IsEndOfStreamTest(BinaryOperatorKind kind, IOperation other, bool countOnLeft)
    {
        if (other.ConstantValue is not { HasValue: true, Value: int constant })
        {
            return false;
        }

        // n < 1, n >= 1, 1 > n, 1 <= n: seen from the count's side
        return IsEndOfStreamTest(countOnLeft ? kind : Mirror(kind), constant);
    }

    private static BinaryOperatorKind Mirror(BinaryOperatorKind kind)
        => kind switch
        {
            BinaryOperatorKind.LessThan => BinaryOperatorKind.GreaterThan,
            BinaryOperatorKind.GreaterThan => BinaryOperatorKind.LessThan,
            BinaryOperatorKind.LessThanOrEqual => BinaryOperatorKind.GreaterThanOrEqual,
            BinaryOperatorKind.GreaterThanOrEqual => BinaryOperatorKind.LessThanOrEqual,
            _ => kind,
        };

    /// <summary><c>n is 0</c>, <c>n is &lt;= 0</c>, <c>n is &lt; 1</c>, <c>n is -1</c>, <c>n is not 0</c>, <c>n is &gt; 0</c>.</summary>
    private static bool IsEndOfStreamPattern(IPatternOperation pattern)
        => pattern switch
        {
            IConstantPatternOperation { Value.ConstantValue: { HasValue: true, Value: int constant } } => constant is 0 or -1,
            IRelationalPatternOperation { Value.ConstantValue: { HasValue: true, Value: int bound }, OperatorKind: var kind } => IsEndOfStreamTest(kind, bound),
            INegatedPatternOperation { Pattern: var negated } => IsEndOfStreamPattern(negated),
            _ => false,
        };

    private static bool IsEndOfStreamTest(BinaryOperatorKind kind, int bound)
        => bound is 0 or -1 || (bound == 1 && kind is BinaryOperatorKind.LessThan or BinaryOperatorKind.GreaterThanOrEqual);

    /// <summary>
    /// How many bytes the read asks for: its <c>count</c>/<c>size</c> argument, else the length of its buffer when that can be
    /// seen (<c>AsSpan(a, len)</c>, <c>new Memory&lt;byte&gt;(a, o, len)</c>, an array created here with <c>new byte[len]</c>).
    /// </summary>
    public static IOperation? RequestSize(IInvocationOperation read)
    {
        IOperation? buffer = null;
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                continue;
            }

            if (parameter.Type.SpecialType == SpecialType.System_Int32 && parameter.Name is "count" or "size")
            {
                return argument.ArgumentKind == ArgumentKind.Explicit ? argument.Value : null;
            }

            if (parameter.Ordinal == 0)
            {
                buffer = argument.Value;
            }
        }

        return buffer is null ? null : BufferLength(buffer, buffer.Root(), 0);
    }

    private static IOperation? BufferLength(IOperation buffer, IOperation root, int depth)
    {
        if (depth > MaxDepth)
        {
            return null;
        }

        switch (buffer.WithoutConversionsAndParentheses())
        {
            case IArrayCreationOperation { DimensionSizes.Length: 1 } creation:
                return creation.DimensionSizes[0];
            case IInvocationOperation { TargetMethod.Name: "AsSpan" or "AsMemory" or "Slice" } view:
                var arguments = ExplicitArguments(view);
                return arguments.Count switch
                {
                    1 when view.TargetMethod.IsExtensionMethod => BufferLength(arguments[0], root, depth + 1),
                    0 when view.Instance is { } instance => BufferLength(instance, root, depth + 1),
                    3 when view.TargetMethod.IsExtensionMethod => arguments[2],
                    2 when !view.TargetMethod.IsExtensionMethod => arguments[1],
                    _ => null,
                };
            case IObjectCreationOperation { Type.Name: "Span" or "Memory" or "ReadOnlySpan" or "ReadOnlyMemory" or "ArraySegment", Arguments: var args }:
                return args.Length switch
                {
                    1 => BufferLength(args[0].Value, root, depth + 1),
                    3 => args[2].Value,
                    _ => null,
                };
            case ILocalReferenceOperation reference when Locals.SingleValue(reference.Local, root) is { } value:
                return BufferLength(value, root, depth + 1);
            default:
                return null;
        }
    }

    private static List<IOperation> ExplicitArguments(IInvocationOperation invocation)
    {
        var list = new List<IOperation>();
        foreach (var argument in invocation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit)
            {
                list.Add(argument.Value);
            }
        }

        return list;
    }

    /// <summary>True when <paramref name="size"/> comes from bytes the program received: a length prefix, a header field.</summary>
    private static bool IsDecodedFromData(IOperation size, IOperation root, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        var operation = size.WithoutConversionsAndParentheses();
        switch (operation)
        {
            case { ConstantValue.HasValue: true }:
                return false;
            case IBinaryOperation binary:
                return IsDecodedFromData(binary.LeftOperand, root, depth + 1) || IsDecodedFromData(binary.RightOperand, root, depth + 1);
            case IArrayElementReferenceOperation { ArrayReference.Type: IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Byte } }:
                return true;
            case IInvocationOperation invocation when IsPassThrough(invocation.TargetMethod):
                foreach (var argument in invocation.Arguments)
                {
                    if (IsDecodedFromData(argument.Value, root, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            case IInvocationOperation invocation:
                return IsDecoder(invocation.TargetMethod);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: { } instance }:
                return BufferLength(instance, root, depth + 1) is { } length && IsDecodedFromData(length, root, depth + 1);
            case ILocalReferenceOperation reference:
                foreach (var value in ValuesOf(reference.Local, root))
                {
                    if (IsDecodedFromData(value, root, depth + 1))
                    {
                        return true;
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>Every value written to <paramref name="local"/>: initializer, assignments, and the call whose <c>out</c> argument it is.</summary>
    private static IEnumerable<IOperation> ValuesOf(ILocalSymbol local, IOperation root)
    {
        foreach (var operation in root.DescendantsAndSelf())
        {
            switch (operation)
            {
                case IVariableDeclaratorOperation declarator when SymbolEqualityComparer.Default.Equals(declarator.Symbol, local)
                                                                  && declarator.GetVariableInitializer() is { Value: { } initial }:
                    yield return initial;
                    break;
                case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Value: var value }
                    when SymbolEqualityComparer.Default.Equals(target.Local, local):
                    yield return value;
                    break;
                case IArgumentOperation { Parameter.RefKind: RefKind.Out, Value: var outValue, Parent: IInvocationOperation call }
                    when ContainsLocal(outValue.DescendantsAndSelf(), local):
                    yield return call;
                    break;
            }
        }
    }

    private static bool ContainsLocal(IEnumerable<IOperation> operations, ILocalSymbol local)
    {
        foreach (var operation in operations)
        {
            if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Calls that turn received bytes into a number: BitConverter, BinaryPrimitives, BinaryReader's integer reads, MemoryMarshal.Read.</summary>
    private static bool IsDecoder(IMethodSymbol method)
    {
        var name = method.Name;
        return TypeIs(method.ContainingType, "BitConverter", "System") && name.StartsWith("To", StringComparison.Ordinal)
               || TypeIs(method.ContainingType, "BinaryPrimitives", "System.Buffers.Binary") && (name.StartsWith("Read", StringComparison.Ordinal) || name.StartsWith("TryRead", StringComparison.Ordinal))
               || TypeIs(method.ContainingType, "MemoryMarshal", "System.Runtime.InteropServices") && name is "Read" or "TryRead"
               || IsBinaryReaderType(method.ContainingType) && name is "ReadByte" or "ReadSByte" or "ReadInt16" or "ReadUInt16" or "ReadInt32" or "ReadUInt32"
                   or "ReadInt64" or "ReadUInt64" or "Read7BitEncodedInt" or "Read7BitEncodedInt64";
    }

    /// <summary>Calls whose result is decoded when their argument is: byte-order swaps and <c>checked</c>-style helpers.</summary>
    private static bool IsPassThrough(IMethodSymbol method)
        => TypeIs(method.ContainingType, "IPAddress", "System.Net") && method.Name is "NetworkToHostOrder" or "HostToNetworkOrder"
           || TypeIs(method.ContainingType, "BinaryPrimitives", "System.Buffers.Binary") && method.Name == "ReverseEndianness"
           || TypeIs(method.ContainingType, "Convert", "System") && method.Name is "ToInt32" or "ToInt64";

    private static bool IsBinaryReaderType(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (TypeIs(current, "BinaryReader", "System.IO"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool TypeIs(INamedTypeSymbol? type, string name, string ns)
        => type is not null && type.Name == name && NamespaceNames.Is(type.ContainingNamespace, ns);

    /// <summary>The array (local, parameter or field) the read fills, seen through <c>AsSpan</c>/<c>AsMemory</c>/<c>new Memory&lt;byte&gt;(a, ...)</c>.</summary>
    public static ISymbol? BufferSymbol(IInvocationOperation read)
    {
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter is { Ordinal: 0 })
            {
                return ArraySymbol(argument.Value);
            }
        }

        return null;
    }

    private static ISymbol? ArraySymbol(IOperation value)
        => value.WithoutConversionsAndParentheses() switch
        {
            ILocalReferenceOperation { Local: { Type: IArrayTypeSymbol } local } => local,
            IParameterReferenceOperation { Parameter: { Type: IArrayTypeSymbol } parameter } => parameter,
            IFieldReferenceOperation { Field: { Type: IArrayTypeSymbol } field } => field,
            IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory", IsExtensionMethod: true } } view when ExplicitArguments(view) is { Count: > 0 } args => ArraySymbol(args[0]),
            IObjectCreationOperation { Type.Name: "Span" or "Memory" or "ArraySegment", Arguments: { Length: > 0 } args } => ArraySymbol(args[0].Value),
            _ => null,
        };

    /// <summary>
    /// After the read (<paramref name="after"/>), the largest byte extent the code decodes from <paramref name="buffer"/> at a fixed
    /// position needing more than one byte (<c>BitConverter.ToInt32(b, 0)</c> → 4, <c>b[5]</c> → 6); 0 when it decodes at a
    /// position it computes; null when it decodes nothing beyond the first byte.
    /// </summary>
    private static int? DecodedExtent(ISymbol buffer, int after, IOperation root)
    {
        int? extent = null;
        foreach (var operation in root.DescendantsAndSelf())
        {
            if (operation.Syntax.SpanStart < after)
            {
                continue;
            }

            int? found = operation switch
            {
                IArrayElementReferenceOperation element when IsArray(element.ArrayReference, buffer) && !IsWrite(element)
                    => element.Indices.Length == 1 && element.Indices[0].ConstantValue is { HasValue: true, Value: int index } && index >= 1 ? index + 1 : null,
                IInvocationOperation invocation => DecodeExtent(invocation, buffer),
                _ => null,
            };
            if (found is { } value)
            {
                extent = extent is { } known && (known == 0 || value == 0) ? 0 : Math.Max(extent ?? 0, value);
            }
        }

        return extent;
    }

    private static bool IsWrite(IOperation element)
        => element.Parent is IAssignmentOperation assignment && assignment.Target == element
           || element.Parent is IIncrementOrDecrementOperation;

    /// <summary>BitConverter.ToXxx(buffer, start) / BinaryPrimitives.ReadXxx(buffer[.AsSpan(start)]): start + width, 0 when start is not constant.</summary>
    private static int? DecodeExtent(IInvocationOperation invocation, ISymbol buffer)
    {
        var method = invocation.TargetMethod;
        var width = Width(method.Name);
        if (width < 2)
        {
            return null;
        }

        var arguments = ExplicitArguments(invocation);
        if (arguments.Count == 0)
        {
            return null;
        }

        if (TypeIs(method.ContainingType, "BitConverter", "System") && method.Name.StartsWith("To", StringComparison.Ordinal))
        {
            if (IsArray(arguments[0], buffer))
            {
                return arguments.Count > 1 ? StartPlus(arguments[1], width) : width;
            }

            return SpanStart(arguments[0], buffer) is { } start ? (start < 0 ? 0 : start + width) : null;
        }

        if (TypeIs(method.ContainingType, "BinaryPrimitives", "System.Buffers.Binary") && method.Name.StartsWith("Read", StringComparison.Ordinal))
        {
            return SpanStart(arguments[0], buffer) is { } start ? (start < 0 ? 0 : start + width) : null;
        }

        return null;
    }

    private static int StartPlus(IOperation start, int width)
        => start.ConstantValue is { HasValue: true, Value: int value } ? value + width : 0;

    /// <summary>The constant start of a span over <paramref name="buffer"/> (0 for the array itself), -1 when not constant, null when it is another buffer.</summary>
    private static int? SpanStart(IOperation argument, ISymbol buffer)
    {
        var value = argument.WithoutConversionsAndParentheses();
        if (IsArray(value, buffer))
        {
            return 0;
        }

        if (value is IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory", IsExtensionMethod: true } } view
            && ExplicitArguments(view) is { Count: > 0 } args && IsArray(args[0], buffer))
        {
            return args.Count == 1 ? 0 : args[1].ConstantValue is { HasValue: true, Value: int start } ? start : -1;
        }

        if (value is IObjectCreationOperation { Type.Name: "Span" or "ReadOnlySpan", Arguments: { Length: > 0 } creationArgs } && IsArray(creationArgs[0].Value, buffer))
        {
            return creationArgs.Length == 1 ? 0 : creationArgs[1].Value.ConstantValue is { HasValue: true, Value: int start } ? start : -1;
        }

        return null;
    }

    private static int Width(string name)
    {
        if (name.Contains("Int128"))
        {
            return 16;
        }

        if (name.Contains("Int64") || name.Contains("Double"))
        {
            return 8;
        }

        if (name.Contains("Int32") || name.Contains("Single"))
        {
            return 4;
        }

        return name.Contains("Int16") || name.Contains("Char") || name.Contains("Half") ? 2 : 0;
    }

    private static bool IsArray(IOperation value, ISymbol buffer)
        => ArrayReferenceSymbol(value.WithoutConversionsAndParentheses()) is { } symbol && SymbolEqualityComparer.Default.Equals(symbol, buffer);

    private static ISymbol? ArrayReferenceSymbol(IOperation value)
        => value switch
        {
            ILocalReferenceOperation reference => reference.Local,
            IParameterReferenceOperation reference => reference.Parameter,
            IFieldReferenceOperation reference => reference.Field,
            _ => null,
        };

    /// <summary>
    /// True for reads that cannot come up short while data remains: a <c>MemoryStream</c> or <c>UnmanagedMemoryStream</c>, a
    /// <c>FileStream</c> on a file, or a reader or local built over one here.
    /// </summary>
    public static bool IsMemoryOrFileBacked(IOperation? instance, StreamTypes types, int depth = 0)
    {
        if (instance is null || depth > MaxDepth)
        {
            return false;
        }

        var value = instance.WithoutConversionsAndParentheses();
        if (value.Type is INamedTypeSymbol type && types.IsMemoryOrFileStream(type))
        {
            return true;
        }

        return value switch
        {
            ILocalReferenceOperation reference when Locals.SingleValue(reference.Local, value.Root()) is { } initial => IsMemoryOrFileBacked(initial, types, depth + 1),
            IInvocationOperation { TargetMethod.Name: "GetManifestResourceStream" } => true,
            IInvocationOperation { TargetMethod: { Name: "Open" or "OpenRead", ContainingType.Name: "File" } } => true,
            IObjectCreationOperation { Arguments: { Length: > 0 } arguments } creation when IsBinaryReaderType(creation.Type as INamedTypeSymbol)
                => IsMemoryOrFileBacked(arguments[0].Value, types, depth + 1),
            _ => false,
        };
    }
}
