using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// A created object stored in a field or property: created once (lazy initialization guarded by a test of the same
/// member, <c>??=</c>) or created afresh on every call of a member that then uses it (<c>_client = new HttpClient();
/// ... _client.GetAsync(...)</c>).
/// </summary>
internal static class FieldStores
{
    /// <summary>The field or property <paramref name="target"/> names, when it is one of this instance's or a static one.</summary>
    public static ISymbol? Member(IOperation target) => target switch
    {
        IFieldReferenceOperation { Instance: null or IInstanceReferenceOperation } field => field.Field,
        IPropertyReferenceOperation { Instance: null or IInstanceReferenceOperation, Arguments.IsEmpty: true } property => property.Property,
        _ => null,
    };

    /// <summary>
    /// True when the store runs only while the member holds nothing usable: <c>??=</c>, <c>x ?? (x = ...)</c>, inside
    /// <c>if</c> that tests the member (<c>if (_client == null)</c>, <c>if (!_socket.Connected)</c>), or after an early
    /// return or throw guarded by such a test.
    /// </summary>
    public static bool IsLazyInitialization(IAssignmentOperation store, CancellationToken cancellationToken)
    {
        if (store is ICoalesceAssignmentOperation)
        {
            return true;
        }

        if (Member(store.Target) is not { } member)
        {
            return false;
        }

        IOperation child = store;
        for (var node = store.Parent; node is not null; child = node, node = node.Parent)
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (node)
            {
                case IConditionalOperation conditional when child != conditional.Condition && Mentions(conditional.Condition, member):
                case ICoalesceOperation coalesce when child == coalesce.WhenNull && Mentions(coalesce.Value, member):
                    return true;
                case IBlockOperation block when GuardedByEarlierExit(block, child, member):
                    return true;
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return false;
            }
        }

        return false;
    }

    /// <summary>
    /// True when, after the store, the same member body calls a method on the stored member or hands it to a call or
    /// constructor (<c>_handler = new HttpClientHandler(); using var client = new HttpClient(_handler);</c>): it was
    /// created for this call.
    /// </summary>
    public static bool UsedAfter(IAssignmentOperation store, CancellationToken cancellationToken)
    {
        if (Member(store.Target) is not { } member)
        {
            return false;
        }

        var end = store.Syntax.Span.End;
        foreach (var operation in store.Root().Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation.Syntax.SpanStart < end)
            {
                continue;
            }

            var used = operation switch
            {
                IInvocationOperation { Instance: { } instance } => instance,
                IArgumentOperation { Value: { } value } => value,
                _ => null,
            };
            if (used is not null && SymbolEqualityComparer.Default.Equals(Member(used.WithoutConversions()), member))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// True when the same member body closes the stored member after the store, on its normal path (<c>_peer.Close()</c>,
    /// <c>Dispose</c>, <c>?.Dispose()</c>; not in a <c>catch</c>): it lives for this call only.
    /// </summary>
    public static bool ClosedLaterInCall(IAssignmentOperation store, CancellationToken cancellationToken)
    {
        if (Member(store.Target) is not { } member)
        {
            return false;
        }

        var end = store.Syntax.Span.End;
        foreach (var operation in store.Root().Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation.Syntax.SpanStart >= end
                && operation is IInvocationOperation { TargetMethod.Name: "Close" or "Dispose" or "DisposeAsync" } close
                && close.Instance is { } instance
                && (SymbolEqualityComparer.Default.Equals(Member(instance.WithoutConversions()), member) || instance is IConditionalAccessInstanceOperation && close.Parent is IConditionalAccessOperation access && SymbolEqualityComparer.Default.Equals(Member(access.Operation.WithoutConversions()), member))
                && !close.IsInCatch())
            {
                return true;
            }
        }

        return false;
    }

    private static bool GuardedByEarlierExit(IBlockOperation block, IOperation statement, ISymbol member)
    {
        foreach (var earlier in block.Operations)
        {
            if (earlier == statement)
            {
                return false;
            }

            if (earlier is IConditionalOperation { WhenTrue: { } whenTrue } conditional
                && Mentions(conditional.Condition, member)
                && Exits(whenTrue))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Exits(IOperation branch) => branch switch
    {
        IReturnOperation or IThrowOperation => true,
        IExpressionStatementOperation { Operation: IThrowOperation } => true,
        IBlockOperation { Operations: { Length: > 0 } operations } => Exits(operations[operations.Length - 1]),
        _ => false,
    };

    private static bool Mentions(IOperation condition, ISymbol member)
    {
        foreach (var operation in condition.DescendantsAndSelf())
        {
            if (SymbolEqualityComparer.Default.Equals(Member(operation), member))
            {
                return true;
            }
        }

        return false;
    }
}
