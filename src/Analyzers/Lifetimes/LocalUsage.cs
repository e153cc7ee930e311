using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>What a member does with a local that holds a created object: disposes it, lets it escape, uses it in a loop.</summary>
internal readonly struct LocalUsage
{
    private LocalUsage(bool disposedByUsing, bool disposed, bool escapes, bool returned, bool usedInLoop, bool captured, bool consumed)
    {
        DisposedByUsing = disposedByUsing;
        Disposed = disposed;
        Escapes = escapes || returned;
        EscapesOnlyByReturn = returned && !escapes;
        UsedInLoop = usedInLoop;
        Captured = captured;
        Consumed = consumed;
    }

    /// <summary>Disposed by <c>using</c>, <c>using (local)</c>, or a <c>Dispose()</c>/<c>Close()</c> call (also <c>?.Dispose()</c>).</summary>
    public bool Disposed { get; }

    /// <summary>Declared with <c>using</c>: disposed when the member's scope ends, whoever else it was handed to meanwhile.</summary>
    public bool DisposedByUsing { get; }

    /// <summary>Returned, stored, passed as an argument or captured by reference: someone else may keep it.</summary>
    public bool Escapes { get; }

    /// <summary>Returned from the member, and handed on nowhere else: the member is a factory for it.</summary>
    public bool EscapesOnlyByReturn { get; }

    /// <summary>Used inside a loop that does not also create it: the object lives across iterations.</summary>
    public bool UsedInLoop { get; }

    /// <summary>Used inside a lambda or local function that does not also create it: the closure may outlive the member.</summary>
    public bool Captured { get; }

    /// <summary>Some reference was classified <see cref="ReferenceUse.Consume"/> by the caller (e.g. a response whose content is read to the end).</summary>
    public bool Consumed { get; }

    public static LocalUsage Analyze(ILocalSymbol local, IOperation creation, CancellationToken cancellationToken)
        => Analyze(local, creation, classify: null, cancellationToken);

    /// <summary>
    /// Like <see cref="Analyze(ILocalSymbol, IOperation, CancellationToken)"/>; <paramref name="creation"/> is the value
    /// stored in the local (a creation, a call, an await). <paramref name="classify"/> classifies references first:
    /// <see cref="ReferenceUse.Consume"/> sets <see cref="Consumed"/>, <see cref="ReferenceUse.Dispose"/> sets
    /// <see cref="Disposed"/>, <see cref="ReferenceUse.Escape"/> sets
    /// <see cref="Escapes"/>, <see cref="ReferenceUse.Default"/> leaves the reference to the usual classification.
    /// </summary>
    public static LocalUsage Analyze(ILocalSymbol local, IOperation creation, Func<ILocalReferenceOperation, ReferenceUse>? classify, CancellationToken cancellationToken)
    {
        var root = creation.Root();
        var disposedByUsing = IsUsingDeclared(creation);
        var disposed = disposedByUsing;
        var escapes = false;
        var returned = false;
        var usedInLoop = false;
        var captured = false;
        var consumed = false;
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not ILocalReferenceOperation reference
                || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            usedInLoop |= IsInLoopNotContaining(reference, creation);
            captured |= IsInFunctionNotContaining(reference, creation);
            switch (classify?.Invoke(reference) ?? ReferenceUse.Default)
            {
                case ReferenceUse.Consume:
                    consumed = true;
                    continue;
                case ReferenceUse.Dispose:
                    disposed = true;
                    continue;
                case ReferenceUse.Escape:
                    escapes = true;
                    continue;
                case ReferenceUse.Use:
                    continue;
            }

            switch (Classify(reference))
            {
                case ReferenceKind.Dispose:
                    disposed = true;
                    break;
                case ReferenceKind.Escape:
                    escapes = true;
                    break;
                case ReferenceKind.Return:
                    returned = true;
                    break;
            }
        }

        return new LocalUsage(disposedByUsing, disposed, escapes, returned, usedInLoop, captured, consumed);
    }

    /// <summary>What a caller's test says about one reference to the local.</summary>
    public enum ReferenceUse
    {
        /// <summary>Not special: classified as usual (use, dispose, escape).</summary>
        Default,

        /// <summary>Counts as <see cref="Consumed"/>.</summary>
        Consume,

        /// <summary>Releases the object (or what it owns): counts as <see cref="Disposed"/>.</summary>
        Dispose,

        /// <summary>Hands the object (or what it owns) on: counts as <see cref="Escapes"/>.</summary>
        Escape,

        /// <summary>An ordinary use that neither releases nor hands it on (e.g. given to a reader that is then abandoned).</summary>
        Use,
    }

    private enum ReferenceKind
    {
        Use,
        Dispose,
        Escape,
        Return,
    }

    private static ReferenceKind Classify(ILocalReferenceOperation reference)
    {
        if (IsOnlyFormatted(reference))
        {
            return ReferenceKind.Use;
        }

        var value = reference.WithConversions();
        switch (value.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == value:
                return invocation.TargetMethod.Name is "Dispose" or "DisposeAsync" or "Close"
                    ? ReferenceKind.Dispose
                    : ReferenceKind.Use;
            case IMemberReferenceOperation member when member.Instance == value:
                return ReferenceKind.Use;
            case IUsingOperation:
                return ReferenceKind.Dispose;
            case IAssignmentOperation assignment when assignment.Target == value:
                return ReferenceKind.Use;
            case IBinaryOperation or IIsPatternOperation or IIsTypeOperation:
                return ReferenceKind.Use;
            case IConditionalAccessOperation access when access.Operation == value:
                return access.WhenNotNull is IInvocationOperation { Instance: IConditionalAccessInstanceOperation, TargetMethod.Name: "Dispose" or "DisposeAsync" or "Close" }
                    ? ReferenceKind.Dispose
                    : ReferenceKind.Use;
            case IAwaitOperation:
                return ReferenceKind.Use;
            case IReturnOperation ret when !ret.IsInsideFunction():
                return ReferenceKind.Return;
            case IArgumentOperation { Parameter: { Ordinal: 0, ContainingSymbol: IMethodSymbol { IsExtensionMethod: true } } }:
                return ReferenceKind.Use;
            default:
                return ReferenceKind.Escape;
        }
    }

    /// <summary>
    /// The local is only turned into text: an interpolation hole (<c>$"{client}"</c>), or an argument of type
    /// <c>object</c>/<c>string</c> (also in a <c>params</c> array) to a logging or formatting method
    /// (<c>_logger.LogInformation("{Client}", client)</c>, <c>Console.WriteLine(client)</c>). Nobody keeps it.
    /// </summary>
    private static bool IsOnlyFormatted(IOperation reference)
    {
        var value = reference.WithConversions();
        if (value.Parent is IInterpolationOperation)
        {
            return true;
        }

        if (value.Parent is IArrayInitializerOperation { Parent: IArrayCreationOperation array })
        {
            value = array.WithConversions();
        }

        return value.Parent is IArgumentOperation { Parameter: { } parameter, Parent: IInvocationOperation invocation }
               && IsTextParameter(parameter.Type)
               && IsFormattingMethod(invocation.TargetMethod);
    }

    private static bool IsTextParameter(ITypeSymbol type)
        => type.SpecialType is SpecialType.System_Object or SpecialType.System_String
           || type is IArrayTypeSymbol { ElementType.SpecialType: SpecialType.System_Object or SpecialType.System_String };

    private static bool IsFormattingMethod(IMethodSymbol method)
    {
        foreach (var prefix in s_formattingPrefixes)
        {
            if (method.Name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static readonly string[] s_formattingPrefixes =
    {
        "Log", "Write", "Trace", "Debug", "Info", "Warn", "Error", "Fatal", "Critical", "Verbose", "Print", "Format", "Append", "Concat", "Assert",
    };

    private static bool IsUsingDeclared(IOperation creation)
    {
        for (var node = creation.Parent; node is not null; node = node.Parent)
        {
            switch (node)
            {
                case IVariableDeclarationGroupOperation group:
                    return group.Parent is IUsingDeclarationOperation or IUsingOperation;
                case IBlockOperation:
                    return false;
            }
        }

        return false;
    }

    private static bool IsInFunctionNotContaining(IOperation reference, IOperation creation)
    {
        for (var node = reference.Parent; node is not null; node = node.Parent)
        {
            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return !node.Syntax.Span.Contains(creation.Syntax.Span);
            }
        }

        return false;
    }

    private static bool IsInLoopNotContaining(IOperation reference, IOperation creation)
    {
        for (var node = reference.Parent; node is not null; node = node.Parent)
        {
            if (node is ILoopOperation loop && !Loops.IsSingleExchange(loop))
            {
                // A fill or drain loop is part of the same exchange; only a loop that runs on makes the object outlive one call.
                return !creation.Syntax.Span.IntersectsWith(loop.Syntax.Span);
            }

            if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }
}
