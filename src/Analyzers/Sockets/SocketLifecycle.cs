using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// What the member that creates a <c>Socket</c> or <c>TcpClient</c> does with it: where it connects, where it is closed
/// (directly, by <c>using</c>, or by disposing a stream that owns it), whether it is a listener, stored in a field,
/// returned, or used across a loop. Local to the member's operation tree, like the lifetime judge. Shared by CH0010,
/// CH0011, CH0012 and their fixes.
/// </summary>
/// <remarks>
/// Computed once per creation: the member body is walked once (every local reference by local, every field and
/// property reference), the later questions (loops using the connection, handing it to a method that loops) read that
/// index and are remembered, and the analyzers of a compilation (CH0010/CH0011 and CH0012) share the result through a
/// table keyed by the creation operation, which the driver hands to each of them. Its answers only read the tree, so
/// two threads asking at once at worst compute the same answer twice.
/// </remarks>
internal sealed class SocketLifecycle
{
    private static readonly ConditionalWeakTable<IObjectCreationOperation, SocketLifecycle> s_computed = new();

    private readonly List<IOperation> _closes = new();
    private readonly List<ILocalSymbol> _derived = new();
    private readonly Dictionary<ILocalSymbol, List<ILocalReferenceOperation>> _localReferences = new(SymbolEqualityComparer.Default);
    private readonly List<IOperation> _memberReferences = new();
    private readonly StreamOwnership _ownership;
    private LoopAnswer? _loopUsingConnection;
    private LoopAnswer? _longRunningLoopUsingConnection;
    private int _handedToLongRunningMethod;

    private SocketLifecycle(IObjectCreationOperation creation, KnownTypes types)
    {
        Creation = creation;
        _ownership = new StreamOwnership(types, _closes, _derived, _localReferences);
    }

    public IObjectCreationOperation Creation { get; }

    /// <summary>The local the socket is held in, when it is.</summary>
    public ILocalSymbol? Local { get; private set; }

    /// <summary>The <c>Connect</c>/<c>ConnectAsync</c>/<c>BeginConnect</c> call, or the creation itself for <c>new TcpClient(host, port)</c>.</summary>
    public IOperation? Connect { get; private set; }

    /// <summary>Where the socket is closed: a <c>using</c>, a <c>Dispose</c>/<c>Close</c> call, or the disposal of a stream that owns it.</summary>
    public ImmutableArray<IOperation> Closes => _closes.ToImmutableArray();

    /// <summary>References to <see cref="Local"/> in the member.</summary>
    public ImmutableArray<ILocalReferenceOperation> References
        => Local is not null && _localReferences.TryGetValue(Local, out var references) ? references.ToImmutableArray() : ImmutableArray<ILocalReferenceOperation>.Empty;

    /// <summary>Locals holding a stream or reader made from the socket (<c>var stream = client.GetStream();</c>).</summary>
    public ImmutableArray<ILocalSymbol> DerivedLocals => _derived.ToImmutableArray();

    /// <summary>
    /// <c>Listen</c> or <c>Accept</c> was called on it, or <c>Bind</c> without a connect: a listener (or a bound socket
    /// with no peer), not a client connection. A client may <c>Bind</c> a local address before it connects.
    /// </summary>
    public bool IsListener => _listens || (_bound && Connect is null);

    private bool _listens;
    private bool _bound;

    /// <summary>The assignment (or initializer) that stores it in a field or property, when one does.</summary>
    public IOperation? StoredIn { get; private set; }

    /// <summary>The field or property it is stored in, when it is.</summary>
    public ISymbol? StoredMember { get; private set; }

    /// <summary>Returned to the caller: the caller owns it.</summary>
    public bool Returned { get; private set; }

    /// <summary>Passed to a method or constructor other than a stream that wraps it.</summary>
    public bool PassedOn { get; private set; }

    /// <summary>A stream constructed over the socket itself (<c>new NetworkStream(socket, ownsSocket: true)</c>).</summary>
    public IObjectCreationOperation? WrappingStream { get; private set; }

    public bool IsClosed => _closes.Count > 0;

    /// <summary>
    /// Something is sent or received over it: a stream or reader made from it, <c>Send</c>/<c>Receive</c>, its
    /// <c>Client</c> used for more than <c>Connected</c>, or it is handed on. False for a connect-and-close probe (a port
    /// scanner, a reachability check), which no pool can serve.
    /// </summary>
    public bool ExchangesData => _exchangesData || _derived.Count > 0 || WrappingStream is not null || PassedOn;

    private bool _exchangesData;

    /// <summary>Stored in a field or property, yet closed on the normal path of the same call that stored it: not long-lived.</summary>
    public bool ClosedInCall => StoredIn is IAssignmentOperation && (IsClosed || _closedInCallback);

    private bool _closedInCallback;

    /// <summary>True for the creation of a <c>Socket</c> or <c>TcpClient</c> (or a subclass).</summary>
    public static bool IsSocketCreation(IObjectCreationOperation creation, KnownTypes types)
        => KnownTypes.IsOrDerivesFromAny(creation.Type, types.SocketTypes);

    /// <summary>
    /// False for sockets that cannot leave TIME_WAIT behind or need no keep-alive: datagram and raw sockets, non-TCP
    /// protocols and Unix domain sockets, when the constructor says so with constants.
    /// </summary>
    public static bool IsTcp(IObjectCreationOperation creation)
    {
        foreach (var argument in creation.Arguments)
        {
            if (argument.Value.ConstantValue is not { HasValue: true, Value: int value })
            {
                continue;
            }

            switch (argument.Parameter?.Type.Name)
            {
                case "SocketType" when value != 1: // Stream
                case "ProtocolType" when value is not (6 or 0 or -1): // Tcp, IP, Unknown
                case "AddressFamily" when value == 1: // Unix
                    return false;
            }
        }

        return true;
    }

    /// <summary>What the member that holds <paramref name="creation"/> does with the socket; computed once per creation.</summary>
    public static SocketLifecycle Analyze(IObjectCreationOperation creation, KnownTypes types, CancellationToken cancellationToken)
        => s_computed.GetValue(creation, c => Compute(c, types, cancellationToken));

    private static SocketLifecycle Compute(IObjectCreationOperation creation, KnownTypes types, CancellationToken cancellationToken)
    {
        var result = new SocketLifecycle(creation, types);
        if (IsConnectingConstructor(creation))
        {
            result.Connect = creation;
        }

        var value = creation.WithConversions();
        switch (value.Parent)
        {
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }:
                result.Local = declarator.Symbol;
                if (StreamOwnership.UsingAround(declarator) is { } usingOperation)
                {
                    result._closes.Add(usingOperation);
                }

                break;
            case IAssignmentOperation assignment when assignment.Value == value:
                result.Assigned(assignment);
                break;
            case IFieldInitializerOperation fieldInitializer when !fieldInitializer.InitializedFields.IsEmpty:
                result.StoredIn = fieldInitializer;
                result.StoredMember = fieldInitializer.InitializedFields[0];
                break;
            case IPropertyInitializerOperation propertyInitializer when !propertyInitializer.InitializedProperties.IsEmpty:
                result.StoredIn = propertyInitializer;
                result.StoredMember = propertyInitializer.InitializedProperties[0];
                break;
            case IReturnOperation:
                result.Returned = true;
                break;
        }

        result.IndexReferences(cancellationToken);
        if (result.StoredIn is IAssignmentOperation store
            && FieldStores.Member(store.Target) is { } stored
            && !FieldStores.IsLazyInitialization(store, cancellationToken))
        {
            // _client = new TcpClient(); _client.Connect(...); ... _client.Close(); — opened and closed in one call.
            var end = store.Syntax.Span.End;
            foreach (var operation in result._memberReferences)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation.Syntax.SpanStart >= end
                    && SymbolEqualityComparer.Default.Equals(FieldStores.Member(operation), stored)
                    && !operation.IsInCatch())
                {
                    result.Classify(operation, types, isField: true, cancellationToken);
                }
            }
        }

        if (result.Local is { } local && result._localReferences.TryGetValue(local, out var references))
        {
            foreach (var reference in references)
            {
                cancellationToken.ThrowIfCancellationRequested();
                result.Classify(reference, types, isField: false, cancellationToken);
            }
        }

        return result;
    }

    /// <summary>The one walk of the member body: every local reference (by local) and every field or property reference.</summary>
    private void IndexReferences(CancellationToken cancellationToken)
    {
        foreach (var operation in Creation.Root().Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            switch (operation)
            {
                case ILocalReferenceOperation reference:
                    if (!_localReferences.TryGetValue(reference.Local, out var list))
                    {
                        _localReferences[reference.Local] = list = new List<ILocalReferenceOperation>();
                    }

                    list.Add(reference);
                    break;
                case IFieldReferenceOperation or IPropertyReferenceOperation:
                    _memberReferences.Add(operation);
                    break;
            }
        }
    }

    /// <summary>
    /// The innermost loop that creates the socket once per iteration (<see cref="Loops.IterationLoop"/>): a lambda in a
    /// loop runs when its caller decides, which is CH0010's finding, not CH0011's.
    /// </summary>
    public ILoopOperation? IterationLoop() => Loops.IterationLoop(Creation);

    /// <summary>
    /// True when the socket is closed inside <paramref name="loop"/>'s body on the normal path: in the same iteration
    /// that created it. A close in a <c>catch</c> (drop a broken connection) does not count, and neither does a
    /// creation guarded by a test of the same local (<c>if (client is null) ...</c>: reconnect when needed).
    /// </summary>
    public bool IsClosedIn(ILoopOperation loop)
    {
        if (IsReconnectGuarded(loop))
        {
            return false;
        }

        var body = loop.Body.Syntax.Span;
        foreach (var close in _closes)
        {
            if (body.Contains(close.Syntax.Span) && !close.IsInCatch(stopAt: loop))
            {
                return true;
            }
        }

        return false;
    }

    private bool IsReconnectGuarded(ILoopOperation loop)
    {
        if (Local is null)
        {
            return false;
        }

        for (var node = Creation.Parent; node is not null && node != loop; node = node.Parent)
        {
            if (node is IConditionalOperation { Condition: { } condition })
            {
                foreach (var operation in condition.DescendantsAndSelf())
                {
                    if (operation is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, Local))
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    /// <summary>
    /// A loop that does not contain the creation but uses the socket (its local, or the field a call stores it in) or a
    /// stream made from it: the connection lives across the loop's iterations. With <paramref name="longRunningOnly"/>,
    /// only loops that run until told to stop. Counter and drain loops (<c>while (read &lt; length)</c>,
    /// <c>while (socket.Available &gt; 0)</c>) are part of one exchange and do not count.
    /// </summary>
    public ILoopOperation? LoopUsingConnection(bool longRunningOnly, CancellationToken cancellationToken)
    {
        var answer = longRunningOnly ? _longRunningLoopUsingConnection : _loopUsingConnection;
        if (answer is null)
        {
            answer = new LoopAnswer(FindLoopUsingConnection(longRunningOnly, cancellationToken));
            if (longRunningOnly)
            {
                _longRunningLoopUsingConnection = answer;
            }
            else
            {
                _loopUsingConnection = answer;
            }
        }

        return answer.Loop;
    }

    private ILoopOperation? FindLoopUsingConnection(bool longRunningOnly, CancellationToken cancellationToken)
    {
        var field = StoredIn is IAssignmentOperation ? StoredMember : null;
        if (Local is null && field is null)
        {
            return null;
        }

        var creationSpan = Creation.Syntax.Span;
        foreach (var reference in ConnectionReferences(field))
        {
            cancellationToken.ThrowIfCancellationRequested();
            for (var node = reference.Parent; node is not null; node = node.Parent)
            {
                if (node is IAnonymousFunctionOperation or ILocalFunctionOperation)
                {
                    break;
                }

                if (node is ILoopOperation loop && !Loops.EndsOnItsOwn(loop))
                {
                    if (!loop.Syntax.Span.Contains(creationSpan) && (!longRunningOnly || Loops.IsLongRunning(loop)))
                    {
                        return loop;
                    }

                    break;
                }
            }
        }

        return null;
    }

    /// <summary>References to the socket's local, the locals made from it and <paramref name="field"/>, in source order.</summary>
    private List<IOperation> ConnectionReferences(ISymbol? field)
    {
        var references = new List<IOperation>();
        foreach (var local in LocalsOfTheConnection())
        {
            if (_localReferences.TryGetValue(local, out var list))
            {
                references.AddRange(list);
            }
        }

        if (field is not null)
        {
            foreach (var reference in _memberReferences)
            {
                if (SymbolEqualityComparer.Default.Equals(FieldStores.Member(reference), field))
                {
                    references.Add(reference);
                }
            }
        }

        references.Sort((a, b) => a.Syntax.SpanStart.CompareTo(b.Syntax.SpanStart));
        return references;
    }

    private IEnumerable<ILocalSymbol> LocalsOfTheConnection()
    {
        if (Local is not null)
        {
            yield return Local;
        }

        foreach (var derived in _derived)
        {
            if (!SymbolEqualityComparer.Default.Equals(derived, Local))
            {
                yield return derived;
            }
        }
    }

    /// <summary>
    /// The connection (the socket local, or a stream, reader or writer made from it) is handed to a method of this
    /// compilation that runs a loop until told to stop (<c>await SendLoopAsync(writer)</c>, <c>Task.Run(() =>
    /// ReceiveLoop(reader))</c>): the connection lives for that session, not for one operation.
    /// </summary>
    public bool HandedToLongRunningMethod(CancellationToken cancellationToken)
    {
        // 0: not asked yet, 1: no, 2: yes (an int, so a reader on another thread never sees half a write).
        if (_handedToLongRunningMethod == 0)
        {
            _handedToLongRunningMethod = FindHandedToLongRunningMethod(cancellationToken) ? 2 : 1;
        }

        return _handedToLongRunningMethod == 2;
    }

    private bool FindHandedToLongRunningMethod(CancellationToken cancellationToken)
    {
        foreach (var local in LocalsOfTheConnection())
        {
            if (!_localReferences.TryGetValue(local, out var references))
            {
                continue;
            }

            foreach (var reference in references)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (reference.WithConversions().Parent is IArgumentOperation { Parent: IInvocationOperation { TargetMethod: { } target } }
                    && Loops.MethodRunsUntilStopped(target, reference.SemanticModel, cancellationToken))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>The arguments that name the endpoint: of the connect call, or of <c>new TcpClient(host, port)</c>.</summary>
    public ImmutableArray<IArgumentOperation> EndpointArguments()
    {
        var arguments = Connect switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            IObjectCreationOperation creation => creation.Arguments,
            _ => ImmutableArray<IArgumentOperation>.Empty,
        };
        var builder = ImmutableArray.CreateBuilder<IArgumentOperation>();
        foreach (var argument in arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.Type.Name != "CancellationToken")
            {
                builder.Add(argument);
            }
        }

        return builder.ToImmutable();
    }

    private static bool IsConnectingConstructor(IObjectCreationOperation creation)
        => creation.Constructor is { } constructor
           && constructor.Parameters.Length == 2
           && constructor.Parameters[0].Type.SpecialType == SpecialType.System_String
           && constructor.Parameters[1].Type.SpecialType == SpecialType.System_Int32
           && constructor.ContainingType?.Name == "TcpClient";

    /// <summary>The method given as the <c>AsyncCallback</c> of <paramref name="beginConnect"/> calls <c>name.Close()</c> or <c>name.Dispose()</c>.</summary>
    private static bool CallbackCloses(IInvocationOperation beginConnect, string name, CancellationToken cancellationToken)
    {
        foreach (var argument in beginConnect.Arguments)
        {
            if (argument.Value.WithoutConversions() is not IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: { } callback } })
            {
                continue;
            }

            foreach (var reference in callback.DeclaringSyntaxReferences)
            {
                foreach (var call in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<InvocationExpressionSyntax>())
                {
                    if (call.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" } access
                        && SyntaxNames.RightmostName(access.Expression) == name)
                    {
                        return true;
                    }
                }
            }
        }

        return false;
    }

    private void Assigned(IAssignmentOperation assignment)
    {
        switch (assignment.Target)
        {
            case ILocalReferenceOperation target:
                Local = target.Local;
                break;
            case IFieldReferenceOperation field:
                StoredIn = assignment;
                StoredMember = field.Field;
                break;
            case IPropertyReferenceOperation property:
                StoredIn = assignment;
                StoredMember = property.Property;
                break;
        }
    }

    private void Classify(IOperation reference, KnownTypes types, bool isField, CancellationToken cancellationToken)
    {
        var value = reference.WithConversions();
        switch (value.Parent)
        {
            case IInvocationOperation invocation when invocation.Instance == value:
                ClassifyCall(invocation, types, cancellationToken);
                break;
            case IConditionalAccessOperation { WhenNotNull: IInvocationOperation call } access when access.Operation == value && StreamOwnership.IsDisposeName(call.TargetMethod.Name):
                _closes.Add(access);
                break;
            case IUsingOperation usingOperation:
                _closes.Add(usingOperation);
                break;
            case IReturnOperation:
                Returned = true;
                break;
            case IAssignmentOperation assignment when assignment.Value == value:
                if (!isField && assignment.Target is not ILocalReferenceOperation)
                {
                    Assigned(assignment);
                }

                break;
            case IArgumentOperation { Parent: IObjectCreationOperation wrapper } when StreamOwnership.IsStreamLike(wrapper.Type, types):
                WrappingStream ??= wrapper;
                if (!StreamOwnership.LeavesOpen(wrapper))
                {
                    _ownership.Follow(wrapper, cancellationToken);
                }

                break;
            case IArgumentOperation:
                PassedOn = true;
                break;
            case IPropertyReferenceOperation property when property.Instance == value:
                // client.Client.Send(...), socket.Available: data; client.Connected, a timeout being set: not.
                _exchangesData |= property.Property.Name is not ("Connected" or "ReceiveTimeout" or "SendTimeout" or "NoDelay" or "LingerState" or "ExclusiveAddressUse")
                                  && !(property.Parent is ISimpleAssignmentOperation set && set.Target == property);
                break;
        }
    }

    private void ClassifyCall(IInvocationOperation invocation, KnownTypes types, CancellationToken cancellationToken)
    {
        _exchangesData |= invocation.TargetMethod.Name is not ("Connect" or "ConnectAsync" or "BeginConnect" or "EndConnect" or "Dispose" or "DisposeAsync"
            or "Close" or "Shutdown" or "Bind" or "SetSocketOption" or "GetType" or "ToString");
        switch (invocation.TargetMethod.Name)
        {
            case "Connect" or "ConnectAsync":
                Connect ??= invocation;
                break;
            case "BeginConnect":
                Connect ??= invocation;
                if (StoredMember is { } stored && CallbackCloses(invocation, stored.Name, cancellationToken))
                {
                    // _data = new TcpClient(); _data.BeginConnect(ep, OnConnected, null); ... OnConnected closes _data: one transfer
                    // (not long-lived; whether it is per operation is not this member's to say, so it is no close for CH0010).
                    _closedInCallback = true;
                }

                break;
            case "Dispose" or "DisposeAsync" or "Close":
                _closes.Add(invocation);
                break;
            case "Bind":
                _bound = true;
                break;
            case "Listen" or "Accept" or "AcceptAsync" or "BeginAccept":
                _listens = true;
                break;
            case "GetStream":
                _ownership.Follow(invocation, cancellationToken);
                break;
        }
    }

    /// <summary>A remembered answer that may be "no loop" (a null <see cref="Loop"/>).</summary>
    private sealed class LoopAnswer
    {
        public LoopAnswer(ILoopOperation? loop) => Loop = loop;

        public ILoopOperation? Loop { get; }
    }
}
