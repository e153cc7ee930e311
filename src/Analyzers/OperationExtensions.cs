using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers;

internal static class OperationExtensions
{
    /// <summary>The top of the operation tree: the member body or initializer that holds <paramref name="operation"/>.</summary>
    public static IOperation Root(this IOperation operation)
    {
        while (operation.Parent is { } parent)
        {
            operation = parent;
        }

        return operation;
    }

    /// <summary>The outermost conversion wrapping <paramref name="operation"/> (or itself): the node whose parent uses the value.</summary>
    public static IOperation WithConversions(this IOperation operation)
    {
        while (operation.Parent is IConversionOperation conversion)
        {
            operation = conversion;
        }

        return operation;
    }

    /// <summary>The value inside any conversions: <paramref name="operation"/> with implicit and explicit conversions taken off.</summary>
    public static IOperation WithoutConversions(this IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>True when a lambda or local function lies between <paramref name="operation"/> and the member body.</summary>
    public static bool IsInsideFunction(this IOperation operation)
    {
        for (var node = operation.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The value inside any conversions and parentheses.</summary>
    public static IOperation WithoutConversionsAndParentheses(this IOperation operation)
    {
        while (true)
        {
            switch (operation)
            {
                case IConversionOperation conversion:
                    operation = conversion.Operand;
                    break;
                case IParenthesizedOperation parenthesized:
                    operation = parenthesized.Operand;
                    break;
                default:
                    return operation;
            }
        }
    }

    /// <summary>True when <paramref name="operation"/> sits in a <c>catch</c> clause (below <paramref name="stopAt"/>, when given).</summary>
    public static bool IsInCatch(this IOperation operation, IOperation? stopAt = null)
    {
        for (var node = operation.Parent; node is not null && node != stopAt; node = node.Parent)
        {
            if (node is ICatchClauseOperation)
            {
                return true;
            }
        }

        return false;
    }
}
