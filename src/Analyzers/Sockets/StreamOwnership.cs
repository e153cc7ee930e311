using System.Collections.Generic;
using System.Linq;
using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// Who closes a socket through what is made from it: its stream (<c>client.GetStream()</c>), and readers, writers and
/// streams wrapped around that, dispose what they wrap unless told to leave it open. Follows such an owner to where it
/// is disposed, recording the closes and the locals that hold it.
/// </summary>
internal sealed class StreamOwnership
{
    private const int MaxWrapperDepth = 3;

    private readonly KnownTypes _types;
    private readonly List<IOperation> _closes;
    private readonly List<ILocalSymbol> _derived;
    private readonly IReadOnlyDictionary<ILocalSymbol, List<ILocalReferenceOperation>> _localReferences;

    /// <param name="types">The compilation's known types.</param>
    /// <param name="closes">Where closes found are added.</param>
    /// <param name="derived">Where the locals holding an owner are added.</param>
    /// <param name="localReferences">Every local reference of the member, by local.</param>
    public StreamOwnership(KnownTypes types, List<IOperation> closes, List<ILocalSymbol> derived, IReadOnlyDictionary<ILocalSymbol, List<ILocalReferenceOperation>> localReferences)
    {
        _types = types;
        _closes = closes;
        _derived = derived;
        _localReferences = localReferences;
    }

    /// <summary>Follows <paramref name="owner"/>, a value that owns the socket, to where it is disposed.</summary>
    public void Follow(IOperation owner, CancellationToken cancellationToken) => Follow(owner, depth: 0, cancellationToken);

    /// <summary>Streams, readers and writers: disposing them disposes what they wrap unless told to leave it open.</summary>
    public static bool IsStreamLike(ITypeSymbol? type, KnownTypes types)
    {
        if (KnownTypes.IsOrDerivesFrom(type, types.Stream))
        {
            return true;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name is "TextReader" or "TextWriter" or "BinaryReader" or "BinaryWriter"
                && NamespaceNames.Is(current.ContainingNamespace, "System.IO"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>leaveOpen: true</c> / <c>leaveInnerStreamOpen: true</c>, or a <c>NetworkStream</c> without <c>ownsSocket: true</c>:
    /// disposing the wrapper does not close what it wraps.
    /// </summary>
    public static bool LeavesOpen(IObjectCreationOperation wrapper)
    {
        var ownsSocketParameter = false;
        foreach (var argument in wrapper.Arguments)
        {
            var name = argument.Parameter?.Name;
            if (name is "ownsSocket")
            {
                ownsSocketParameter = true;
                if (argument.Value.ConstantValue is not { HasValue: true, Value: true })
                {
                    return true;
                }
            }
            else if (name is not null && name.StartsWith("leave", System.StringComparison.Ordinal)
                     && argument.Value.ConstantValue is { HasValue: true, Value: true })
            {
                return true;
            }
        }

        // new NetworkStream(socket) does not own the socket.
        return !ownsSocketParameter && wrapper.Type?.Name == "NetworkStream" && wrapper.Arguments.Length > 0
               && wrapper.Arguments[0].Parameter?.Type.Name == "Socket";
    }

    /// <summary>The <c>using</c> declaration or statement that declares <paramref name="declarator"/>, if any.</summary>
    public static IOperation? UsingAround(IVariableDeclaratorOperation declarator)
        => declarator.Parent is IVariableDeclarationOperation { Parent: IVariableDeclarationGroupOperation { Parent: IUsingDeclarationOperation or IUsingOperation } group }
            ? group.Parent
            : null;

    public static bool IsDisposeName(string name) => name is "Dispose" or "DisposeAsync" or "Close";

    private void Follow(IOperation owner, int depth, CancellationToken cancellationToken)
    {
        if (depth > MaxWrapperDepth)
        {
            return;
        }

        var value = owner.WithConversions();
        switch (value.Parent)
        {
            case IInvocationOperation call when call.Instance == value && IsDisposeName(call.TargetMethod.Name):
                _closes.Add(call);
                return;
            case IUsingOperation usingOperation:
                _closes.Add(usingOperation);
                return;
            case IArgumentOperation { Parent: IObjectCreationOperation wrapper } when IsStreamLike(wrapper.Type, _types) && !LeavesOpen(wrapper):
                Follow(wrapper, depth + 1, cancellationToken);
                return;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                if (UsingAround(declarator) is { } usingDeclaration)
                {
                    _closes.Add(usingDeclaration);
                }

                FollowLocal(declarator.Symbol, depth, cancellationToken);
                return;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value:
                // StreamReader? reader = null; ... reader = new StreamReader(client.GetStream());
                FollowLocal(target.Local, depth, cancellationToken);
                return;
        }
    }

    private void FollowLocal(ILocalSymbol local, int depth, CancellationToken cancellationToken)
    {
        if (_derived.Contains(local, SymbolEqualityComparer.Default))
        {
            return;
        }

        _derived.Add(local);
        if (!_localReferences.TryGetValue(local, out var references))
        {
            return;
        }

        foreach (var reference in references)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (!(reference.Parent is ISimpleAssignmentOperation written && written.Target == reference))
            {
                Follow(reference, depth + 1, cancellationToken);
            }
        }
    }
}
