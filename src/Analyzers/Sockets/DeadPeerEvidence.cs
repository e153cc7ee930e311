using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// Evidence that a long-lived socket can notice a dead peer (CH0012), matched by symbol: a TCP keep-alive option set
/// (the <c>SocketOptionName</c>/<c>IOControlCode</c> enum fields in a <c>SetSocketOption</c>, <c>SetRawSocketOption</c>
/// or <c>IOControl</c> call, or a <c>KeepAlive</c> property of a socket type), or a <c>ConnHygiene.Runtime</c>
/// <c>FramedConnection</c> with heartbeats wrapped around it. Syntax picks the few candidate nodes of a scope; only
/// those are bound. Resolved once per compilation.
/// </summary>
internal sealed class DeadPeerEvidence
{
    public const string FramedConnectionMetadataName = "ConnHygiene.Runtime.Framing.FramedConnection";

    private const string FramingOptionsMetadataName = "ConnHygiene.Runtime.Framing.FramingOptions";

    private readonly Compilation _compilation;
    private readonly KnownTypes _types;
    private readonly ImmutableHashSet<IFieldSymbol> _keepAliveFields;
    private readonly ImmutableHashSet<string> _keepAliveFieldNames;
    private readonly Lazy<bool> _optionTypesUnambiguous;
    private readonly ImmutableHashSet<string> _socketKeepAliveProperties;
    private readonly INamedTypeSymbol? _framedConnection;
    private readonly ISymbol? _heartbeatInterval;

    private DeadPeerEvidence(KnownTypes types)
    {
        _types = types;
        _compilation = types.Compilation;
        var fields = ImmutableHashSet.CreateBuilder<IFieldSymbol>(SymbolEqualityComparer.Default);
        AddFields(fields, "System.Net.Sockets.SocketOptionName", "KeepAlive", "TcpKeepAliveTime", "TcpKeepAliveInterval", "TcpKeepAliveRetryCount");
        AddFields(fields, "System.Net.Sockets.IOControlCode", "KeepAliveValues");
        _keepAliveFields = fields.ToImmutable();
        _keepAliveFieldNames = _keepAliveFields.Select(f => f.Name).ToImmutableHashSet(System.StringComparer.Ordinal);
        // Asked only when a keep-alive option is named; the compilation's set of source type names, not a walk per name.
        _optionTypesUnambiguous = new Lazy<bool>(() => !_compilation.Assembly.TypeNames.Contains("SocketOptionName")
                                                       && !_compilation.Assembly.TypeNames.Contains("IOControlCode"));
        _socketKeepAliveProperties = KeepAlivePropertyNames(types.Socket).Union(KeepAlivePropertyNames(types.TcpClient)).ToImmutableHashSet(System.StringComparer.Ordinal);
        _framedConnection = _compilation.GetTypeByMetadataName(FramedConnectionMetadataName);
        _heartbeatInterval = _compilation.GetTypeByMetadataName(FramingOptionsMetadataName)?.GetMembers("HeartbeatInterval").OfType<IPropertySymbol>().FirstOrDefault();
    }

    public static DeadPeerEvidence Create(KnownTypes types) => new(types);

    /// <summary>
    /// A call in <paramref name="scope"/> that turns TCP keep-alive on: <c>SetSocketOption</c>, <c>SetRawSocketOption</c>
    /// or <c>IOControl</c> given <c>SocketOptionName.KeepAlive</c>, <c>TcpKeepAliveTime</c>, <c>TcpKeepAliveInterval</c>,
    /// <c>TcpKeepAliveRetryCount</c> or <c>IOControlCode.KeepAliveValues</c> (also cast to <c>int</c>), or a
    /// <c>KeepAlive…</c> property of a <c>Socket</c>/<c>TcpClient</c> type set to anything but <c>false</c>
    /// (<c>HttpWebRequest.KeepAlive</c> is an HTTP flag, not TCP keep-alive).
    /// </summary>
    public bool SetsKeepAlive(SyntaxNode scope, CancellationToken cancellationToken)
        => Scan(scope, framed: false, names: null, listener: null, cancellationToken);

    /// <summary>
    /// Any of three in one walk of <paramref name="scope"/>: keep-alive set (<see cref="SetsKeepAlive"/>); a
    /// <c>new FramedConnection(...)</c> (<c>ConnHygiene.Runtime.Framing</c>) with heartbeats on whose arguments mention one
    /// of <paramref name="names"/> (any, when null); or the socket
    /// held in <paramref name="listener"/> (when given) listening (<see cref="Listens"/>).
    /// </summary>
    public bool ShowsEvidence(SyntaxNode scope, IReadOnlyCollection<string>? names, string? listener, CancellationToken cancellationToken)
        => Scan(scope, framed: _framedConnection is not null, names, listener, cancellationToken);

    private bool Scan(SyntaxNode scope, bool framed, IReadOnlyCollection<string>? names, string? listener, CancellationToken cancellationToken)
    {
        SemanticModel? model = null;
        var listening = new ListenState(listener);
        foreach (var node in scope.DescendantNodes())
        {
            switch (node)
            {
                case InvocationExpressionSyntax invocation:
                    if (SyntaxNames.RightmostName(invocation.Expression) is "SetSocketOption" or "SetRawSocketOption" or "IOControl"
                        && NamesKeepAliveOption(invocation.ArgumentList, ref model, cancellationToken))
                    {
                        return true;
                    }

                    if (listening.Step(invocation))
                    {
                        return true;
                    }

                    break;
                case AssignmentExpressionSyntax { Left: MemberAccessExpressionSyntax access } assignment
                    when _socketKeepAliveProperties.Contains(access.Name.Identifier.ValueText):
                    if (Model(node, ref model) is { } assignmentModel
                        && assignmentModel.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol property
                        && IsSocketType(property.ContainingType)
                        && assignmentModel.GetConstantValue(assignment.Right, cancellationToken) is not { HasValue: true, Value: false })
                    {
                        return true;
                    }

                    break;
                case BaseObjectCreationExpressionSyntax { ArgumentList: { } arguments } creation when framed:
                    if ((names is null || Mentions(arguments, names))
                        && Model(node, ref model) is { } creationModel
                        && SymbolEqualityComparer.Default.Equals(creationModel.GetTypeInfo(creation, cancellationToken).Type, _framedConnection)
                        && SendsHeartbeats(arguments, creationModel, cancellationToken))
                    {
                        return true;
                    }

                    break;
            }
        }

        return listening.BoundWithoutConnect;
    }

    /// <summary>
    /// <c>name.Listen(...)</c>, or <c>name.Bind(...)</c> with no <c>Connect</c> (also through <c>owner.name</c>), in
    /// <paramref name="scope"/>: a listening or locally bound socket, which has no peer to lose.
    /// </summary>
    public static bool Listens(SyntaxNode scope, string name)
    {
        var listening = new ListenState(name);
        foreach (var node in scope.DescendantNodes())
        {
            if (node is InvocationExpressionSyntax invocation && listening.Step(invocation))
            {
                return true;
            }
        }

        return listening.BoundWithoutConnect;
    }

    /// <summary>What the calls on the socket named <c>name</c> seen so far say: listening, or bound and not connected.</summary>
    private struct ListenState
    {
        private readonly string? _name;
        private bool _bound;
        private bool _connected;

        public ListenState(string? name)
        {
            _name = name;
            _bound = false;
            _connected = false;
        }

        /// <summary>A client may Bind a local address before it connects; bound and never connected, it has no peer.</summary>
        public readonly bool BoundWithoutConnect => _bound && !_connected;

        /// <summary>True when <paramref name="invocation"/> is <c>name.Listen(...)</c>.</summary>
        public bool Step(InvocationExpressionSyntax invocation)
        {
            if (_name is null || invocation.Expression is not MemberAccessExpressionSyntax access || SyntaxNames.RightmostName(access.Expression) != _name)
            {
                return false;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "Listen":
                    return true;
                case "Bind":
                    _bound = true;
                    break;
                case "Connect" or "ConnectAsync" or "BeginConnect":
                    _connected = true;
                    break;
            }

            return false;
        }
    }

    /// <summary>
    /// An argument naming one of the keep-alive enum fields (<c>SocketOptionName.KeepAlive</c>, also inside a cast):
    /// only names that could be such a field are bound, one expression each, not the whole member.
    /// </summary>
    private bool NamesKeepAliveOption(ArgumentListSyntax arguments, ref SemanticModel? model, CancellationToken cancellationToken)
    {
        foreach (var node in arguments.DescendantNodes())
        {
            if (node is not SimpleNameSyntax name || !_keepAliveFieldNames.Contains(name.Identifier.ValueText))
            {
                continue;
            }

            // SocketOptionName.KeepAlive is bound as the member access; a bare KeepAlive (using static) as the name.
            SyntaxNode expression = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : name;
            if (expression is MemberAccessExpressionSyntax qualified
                && SyntaxNames.RightmostName(qualified.Expression) is "SocketOptionName" or "IOControlCode"
                && _optionTypesUnambiguous.Value)
            {
                // No type of that name is declared in this compilation, so the qualifier can only be the framework's
                // enum (the type resolved above): binding to prove it costs more than the rest of the rule.
                return true;
            }

            if (Model(node, ref model)?.GetSymbolInfo(expression, cancellationToken).Symbol is IFieldSymbol field && _keepAliveFields.Contains(field))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Heartbeats are on unless the options passed here say <c>HeartbeatInterval = Timeout.InfiniteTimeSpan</c>
    /// (options built elsewhere keep the default, which sends them).
    /// </summary>
    private bool SendsHeartbeats(ArgumentListSyntax arguments, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var argument in arguments.Arguments)
        {
            if (argument.Expression is not BaseObjectCreationExpressionSyntax { Initializer: { } initializer })
            {
                continue;
            }

            foreach (var set in initializer.Expressions)
            {
                if (set is AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.ValueText: "HeartbeatInterval" } target, Right: var value }
                    && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(target, cancellationToken).Symbol, _heartbeatInterval)
                    && model.GetSymbolInfo(value, cancellationToken).Symbol is IFieldSymbol { Name: "InfiniteTimeSpan", ContainingType: { Name: "Timeout" } timeout }
                    && NamespaceNames.Is(timeout.ContainingNamespace, "System.Threading"))
                {
                    return false;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// The names of <c>KeepAlive…</c> properties <paramref name="type"/> and its base types have (the framework's
    /// <c>Socket</c> and <c>TcpClient</c> have none today): only assignments to such a name are worth binding.
    /// </summary>
    private static IEnumerable<string> KeepAlivePropertyNames(INamedTypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            foreach (var name in current.MemberNames)
            {
                if (name.IndexOf("KeepAlive", System.StringComparison.Ordinal) >= 0)
                {
                    yield return name;
                }
            }
        }
    }

    private bool IsSocketType(INamedTypeSymbol? type)
        => KnownTypes.IsOrDerivesFromAny(type, _types.SocketTypes);

    private static bool Mentions(ArgumentListSyntax arguments, IReadOnlyCollection<string> names)
    {
        foreach (var node in arguments.DescendantNodes())
        {
            if (node is IdentifierNameSyntax identifier && names.Contains(identifier.Identifier.ValueText))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The model of <paramref name="node"/>'s tree, made on first need; null for a tree of another compilation.</summary>
    private SemanticModel? Model(SyntaxNode node, ref SemanticModel? model)
    {
        if (model is not null)
        {
            return model;
        }

        if (!_compilation.ContainsSyntaxTree(node.SyntaxTree))
        {
            return null;
        }

#pragma warning disable RS1030 // Evidence may sit in any file of the type or compilation; only the few candidate expressions are bound, and the driver caches models.
        model = _compilation.GetSemanticModel(node.SyntaxTree);
#pragma warning restore RS1030
        return model;
    }

    private void AddFields(ImmutableHashSet<IFieldSymbol>.Builder fields, string enumName, params string[] names)
    {
        if (_compilation.GetTypeByMetadataName(enumName) is not { } type)
        {
            return;
        }

        foreach (var name in names)
        {
            if (type.GetMembers(name).OfType<IFieldSymbol>().FirstOrDefault() is { } field)
            {
                fields.Add(field);
            }
        }
    }
}
