using System.Collections.Generic;
using System.Collections.Immutable;
using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Sockets;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0012: a long-lived TCP socket — a <c>Socket</c>/<c>TcpClient</c> kept in a field or property, or used across a
/// long-running loop of the member that creates it — with no TCP keep-alive option set and no <c>FramedConnection</c>
/// (heartbeats) around it. A field makes it long-lived unless the lifetime judge says the field's holder is a
/// per-request type (a controller, a hub, a scoped service): then it goes with the request. Accepted sockets stored in
/// a field are long-lived too (a server never hears of a client that vanished) unless the holder is a per-request
/// type; accepted sockets handed to a per-connection handler are not judged. A socket returned to the caller is the
/// caller's.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class DeadPeerDetectionAnalyzer : ConnHygieneAnalyzer
{
    /// <summary>The calls that accept a connection (whatever they return: the socket's type is checked on the value).</summary>
    private static readonly string[] AcceptMethods =
    {
        "Accept", "AcceptAsync", "AcceptSocket", "AcceptSocketAsync", "AcceptTcpClient", "AcceptTcpClientAsync", "EndAccept", "EndAcceptSocket", "EndAcceptTcpClient",
    };

    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0012DeadPeerDetection);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (types.Socket is null && types.TcpClient is null)
        {
            return;
        }

        var evidence = new Evidence(DeadPeerEvidence.Create(types));
        operations.OnCreation(c => AnalyzeCreation(c, judge, evidence), types.SocketTypes);
        operations.OnInvocation(c => AnalyzeAccept(c, judge, evidence), AcceptMethods);
    }

    private static void AnalyzeCreation(OperationAnalysisContext context, LifetimeJudge judge, Evidence evidence)
    {
        var types = judge.Types;
        if (context.Operation is not IObjectCreationOperation { Type: INamedTypeSymbol socketType } creation
            || !SocketLifecycle.IsSocketCreation(creation, types)
            || !SocketLifecycle.IsTcp(creation))
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, creation.Syntax.SyntaxTree);
        if (TestCode.IsExcluded(context.ContainingSymbol, options))
        {
            return;
        }

        var lifecycle = SocketLifecycle.Analyze(creation, types, context.CancellationToken);
        if (lifecycle.IsListener || lifecycle.Returned || Loopback.IsLoopback(lifecycle.EndpointArguments()))
        {
            // A loopback peer cannot vanish silently: its process's death closes the connection.
            return;
        }

        if (lifecycle.ClosedInCall && lifecycle.LoopUsingConnection(longRunningOnly: true, context.CancellationToken) is null)
        {
            // Opened and closed within one call, whatever it is kept in: not long-lived (unless the call itself runs on).
            return;
        }

        if (lifecycle.StoredMember is { } member)
        {
            if (IsUndetected(context, evidence, creation, member) && !IsHeldPerRequest(lifecycle, member, judge, options, context.CancellationToken))
            {
                Report(context, creation, socketType, member);
            }

            return;
        }

        if (lifecycle.Local is not { } local || lifecycle.PassedOn
            || lifecycle.LoopUsingConnection(longRunningOnly: true, context.CancellationToken) is not { } loop)
        {
            return;
        }

        var scope = creation.Root().Syntax;
        var names = new List<string> { local.Name };
        foreach (var derived in lifecycle.DerivedLocals)
        {
            names.Add(derived.Name);
        }

        if (evidence.Symbols.ShowsEvidence(scope, names, listener: null, context.CancellationToken))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0012DeadPeerDetection,
            creation.Syntax.GetLocation(),
            Display.Member(context.ContainingSymbol),
            socketType.Name,
            Loops.AcrossPhrase(loop)));
    }

    /// <summary><c>_peer = await listener.AcceptTcpClientAsync();</c>: an accepted socket kept in a field.</summary>
    private static void AnalyzeAccept(OperationAnalysisContext context, LifetimeJudge judge, Evidence evidence)
    {
        var types = judge.Types;
        if (context.Operation is not IInvocationOperation invocation)
        {
            return;
        }

        IOperation value = invocation.WithConversions();
        if (value.Parent is IAwaitOperation awaited)
        {
            value = awaited.WithConversions();
        }

        if (value.Type is not INamedTypeSymbol socketType
            || !KnownTypes.IsOrDerivesFromAny(socketType, types.SocketTypes))
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, invocation.Syntax.SyntaxTree);
        if (TestCode.IsExcluded(context.ContainingSymbol, options)
            || ListensOnLoopback(invocation, context.CancellationToken))
        {
            return;
        }

        switch (value.Parent)
        {
            case IAssignmentOperation assignment when assignment.Value == value && FieldStores.Member(assignment.Target) is { } member
                                                      && !FieldStores.ClosedLaterInCall(assignment, context.CancellationToken)
                                                      && IsUndetected(context, evidence, invocation, member)
                                                      && !HolderIsPerRequest(member, judge, options, context.CancellationToken):
                Report(context, invocation, socketType, member);
                break;
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                when CollectionHolding(declarator.Symbol, invocation, context.CancellationToken) is { } collection
                     && IsUndetected(context, evidence, invocation, collection)
                     && !HolderIsPerRequest(collection, judge, options, context.CancellationToken):
                Report(context, invocation, socketType, collection, "in collection '" + collection.Name + "'");
                break;
        }
    }

    /// <summary>
    /// The judge says the field's holder is made per request (a controller, a hub, a scoped or transient service): the
    /// socket goes with the request however it is held — unless the same call keeps using it across a loop that runs
    /// until told to stop. A field replaced on every call of an ordinary type but not closed in it still outlives the
    /// call, so that verdict of the judge ("on every call") does not make it short-lived here.
    /// </summary>
    private static bool IsHeldPerRequest(SocketLifecycle lifecycle, ISymbol member, LifetimeJudge judge, ConnHygieneOptions options, CancellationToken cancellationToken)
        => HolderIsPerRequest(member, judge, options, cancellationToken)
           && lifecycle.LoopUsingConnection(longRunningOnly: true, cancellationToken) is null;

    /// <summary>An instance field or property of a type the judge says is made per request: dropped with the request.</summary>
    private static bool HolderIsPerRequest(ISymbol member, LifetimeJudge judge, ConnHygieneOptions options, CancellationToken cancellationToken)
        => !member.IsStatic && judge.IsPerRequestType(member.ContainingType, options, cancellationToken);

    /// <summary>
    /// An accept on a listener made here (a local, or a readonly field initialized in the same file) for a loopback
    /// address (<c>new TcpListener(IPAddress.Loopback, port)</c>): its peers are on this machine and cannot vanish silently.
    /// </summary>
    private static bool ListensOnLoopback(IInvocationOperation accept, CancellationToken cancellationToken)
    {
        if (accept.Instance is not { } listener)
        {
            return false;
        }

        if (Http.HttpShapes.ResolveCreation(listener, cancellationToken) is { Arguments: { Length: > 0 } arguments })
        {
            return Loopback.IsLoopback(arguments);
        }

        // _listener = new TcpListener(IPAddress.Loopback, port) in a constructor: every creation stored in that field is on loopback.
        return FieldStores.Member(listener.WithoutConversions()) is IFieldSymbol field && Loopback.FieldAlwaysLoopback(field, cancellationToken);
    }

    /// <summary>
    /// <c>_clients.Add(client)</c>, <c>_clients[id] = client</c>, <c>TryAdd</c>, <c>Enqueue</c> — also through a wrapper made
    /// here (<c>_clients.Add(new ClientSession(client))</c>, or a local holding it): the field or property holding a
    /// collection the accepted socket (in <paramref name="local"/>) is kept in, across calls.
    /// </summary>
    private static ISymbol? CollectionHolding(ILocalSymbol local, IOperation accept, CancellationToken cancellationToken)
        => CollectionHolding(local, accept.Root(), depth: 0, cancellationToken);

    private static ISymbol? CollectionHolding(ILocalSymbol local, IOperation root, int depth, CancellationToken cancellationToken)
    {
        foreach (var operation in root.Descendants())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (operation is not ILocalReferenceOperation reference || !SymbolEqualityComparer.Default.Equals(reference.Local, local))
            {
                continue;
            }

            if (HeldBy(reference) is { } collection)
            {
                return collection;
            }

            if (depth == 0
                && reference.WithConversions().Parent is IArgumentOperation { Parent: IObjectCreationOperation wrapper })
            {
                if (HeldBy(wrapper) is { } direct)
                {
                    return direct;
                }

                if (wrapper.WithConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator }
                    && CollectionHolding(declarator.Symbol, root, depth + 1, cancellationToken) is { } throughLocal)
                {
                    return throughLocal;
                }
            }
        }

        return null;
    }

    /// <summary>The field or property collection <paramref name="operation"/>'s value is added to, if it is.</summary>
    private static ISymbol? HeldBy(IOperation operation)
    {
        var value = operation.WithConversions();
        return value.Parent switch
        {
            IArgumentOperation { Parent: IInvocationOperation { TargetMethod.Name: "Add" or "TryAdd" or "Enqueue" or "Push" or "Insert" or "AddOrUpdate" or "GetOrAdd", Instance: { } instance } }
                => FieldStores.Member(instance.WithoutConversions()),
            ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.IsIndexer: true, Instance: { } instance } } assignment when assignment.Value == value
                => FieldStores.Member(instance.WithoutConversions()),
            _ => null,
        };
    }

    /// <summary>No dead-peer evidence for the socket in <paramref name="member"/>: in its type, the site's member or the compilation's index.</summary>
    private static bool IsUndetected(OperationAnalysisContext context, Evidence evidence, IOperation site, ISymbol member)
    {
        var names = new[] { member.Name };
        foreach (var reference in member.ContainingType?.DeclaringSyntaxReferences ?? ImmutableArray<SyntaxReference>.Empty)
        {
            var declaration = reference.GetSyntax(context.CancellationToken);
            if (evidence.Symbols.ShowsEvidence(declaration, names, member.Name, context.CancellationToken))
            {
                return false;
            }
        }

        return !DeadPeerEvidence.Listens(site.Root().Syntax, member.Name)
               && !evidence.Get(context.Compilation, context.CancellationToken).Watches(member.ContainingType, context.CancellationToken);
    }

    private static void Report(OperationAnalysisContext context, IOperation site, INamedTypeSymbol socketType, ISymbol member, string? where = null)
        => context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0012DeadPeerDetection,
            site.Syntax.GetLocation(),
            Display.Member(context.ContainingSymbol),
            socketType.Name,
            where ?? ((member is IPropertySymbol ? "in property '" : "in field '") + member.Name + "'")));

    /// <summary>
    /// The compilation's keep-alive and heartbeat symbols, and its <see cref="DeadPeerEvidenceIndex"/>, built on the
    /// first candidate (most compilations have none).
    /// </summary>
    private sealed class Evidence
    {
        private DeadPeerEvidenceIndex? _index;

        public Evidence(DeadPeerEvidence symbols) => Symbols = symbols;

        public DeadPeerEvidence Symbols { get; }

        public DeadPeerEvidenceIndex Get(Compilation compilation, CancellationToken cancellationToken)
            => _index ?? Interlocked.CompareExchange(ref _index, DeadPeerEvidenceIndex.Build(compilation, Symbols, cancellationToken), null) ?? _index;
    }
}
