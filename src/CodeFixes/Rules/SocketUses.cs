using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Sockets;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// The statements and expressions of one member that make up a socket's short life, in the shapes the CH0010/CH0011
/// fixes can rewrite: the declaration, the connect statement, the close statements (<c>Close</c>, <c>Dispose</c>,
/// <c>Shutdown</c>, also on <c>client.Client</c> and on the stream from <c>GetStream()</c>), <c>using var stream =
/// client.GetStream();</c>, and every other use of the socket. Null for anything else (the socket passed on, wrapped in
/// a reader that closes it, assigned twice, ...): the fixes are then not offered.
/// </summary>
internal sealed class SocketUses
{
    /// <summary>TcpClient members that read the same on its Socket, so <c>client.X</c> can become <c>socket.X</c>.</summary>
    private static readonly ImmutableHashSet<string> SharedWithSocket = ImmutableHashSet.Create(
        "ReceiveTimeout", "SendTimeout", "NoDelay", "ReceiveBufferSize", "SendBufferSize", "LingerState", "Connected", "Available", "ExclusiveAddressUse");

    private SocketUses(SocketLifecycle lifecycle, StatementSyntax declaration, bool isTcpClient)
    {
        Lifecycle = lifecycle;
        Declaration = declaration;
        IsTcpClient = isTcpClient;
    }

    public SocketLifecycle Lifecycle { get; }

    /// <summary>A <c>LocalDeclarationStatement</c> (maybe <c>using</c>), a <c>using (...)</c> statement, or an assignment statement.</summary>
    public StatementSyntax Declaration { get; }

    /// <summary>True when leaving the declaration's scope closes the socket.</summary>
    public bool DeclarationIsUsing => Declaration is UsingStatementSyntax or LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 };

    public bool IsTcpClient { get; }

    /// <summary>The connect statement; null when the constructor connects (<c>new TcpClient(host, port)</c>).</summary>
    public StatementSyntax? ConnectStatement { get; private set; }

    /// <summary>Statements that close the socket or the stream that owns it, in source order.</summary>
    public List<StatementSyntax> CloseStatements { get; } = new();

    /// <summary>The close statements that act on the socket itself (not on its stream): what closes it after a hoisted loop.</summary>
    public List<StatementSyntax> SocketCloseStatements { get; } = new();

    /// <summary><c>using var stream = client.GetStream();</c>: disposing it would close the socket.</summary>
    public List<LocalDeclarationStatementSyntax> UsingStreams { get; } = new();

    /// <summary><c>client.GetStream()</c> calls.</summary>
    public List<InvocationExpressionSyntax> GetStreamCalls { get; } = new();

    /// <summary><c>client.Client</c>, and for a Socket every other use of it (<c>socket</c> in <c>socket.Send(...)</c>).</summary>
    public List<ExpressionSyntax> SocketReferences { get; } = new();

    /// <summary><c>client.ReceiveTimeout</c> and the like: the TcpClient member read on the socket instead.</summary>
    public List<MemberAccessExpressionSyntax> SharedMembers { get; } = new();

    public static SocketUses? Analyze(ExpressionSyntax creationSyntax, SemanticModel model, CancellationToken cancellationToken)
    {
        var types = CompilationFacts.GetKnownTypes(model.Compilation);
        if (model.GetOperation(creationSyntax, cancellationToken) is not IObjectCreationOperation creation
            || !SocketLifecycle.IsSocketCreation(creation, types))
        {
            return null;
        }

        var lifecycle = SocketLifecycle.Analyze(creation, types, cancellationToken);
        if (lifecycle.Local is null || lifecycle.Connect is null || lifecycle.IsListener || lifecycle.StoredIn is not null
            || lifecycle.Returned || lifecycle.PassedOn || lifecycle.WrappingStream is not null
            || DeclarationOf(creationSyntax) is not { } declaration)
        {
            return null;
        }

        var uses = new SocketUses(lifecycle, declaration, KnownTypes.IsOrDerivesFrom(creation.Type, types.TcpClient));
        if (lifecycle.Connect is IInvocationOperation connect)
        {
            uses.ConnectStatement = StatementOf(connect.Syntax);
            if (uses.ConnectStatement is null)
            {
                return null;
            }
        }

        foreach (var reference in lifecycle.References)
        {
            if (!uses.Classify(reference.Syntax))
            {
                return null;
            }
        }

        return uses.CoversCloses() ? uses : null;
    }

    /// <summary>The statement whose whole work is <paramref name="expression"/> (looking through <c>await</c>, parentheses and <c>ConfigureAwait</c>).</summary>
    private static ExpressionStatementSyntax? StatementOf(SyntaxNode expression)
    {
        var node = expression;
        while (true)
        {
            switch (node.Parent)
            {
                case ParenthesizedExpressionSyntax or AwaitExpressionSyntax:
                    node = node.Parent;
                    continue;
                case MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configure } access
                    when access.Expression == node:
                    node = configure;
                    continue;
                case ConditionalAccessExpressionSyntax conditional when conditional.Expression == node || conditional.WhenNotNull == node:
                    node = conditional;
                    continue;
                case ExpressionStatementSyntax statement:
                    return statement;
                default:
                    return null;
            }
        }
    }

    /// <summary>Every statement the rewrites remove: the connect statement and the close statements.</summary>
    public IEnumerable<StatementSyntax> RemovedStatements()
        => (ConnectStatement is null ? Enumerable.Empty<StatementSyntax>() : new[] { ConnectStatement }).Concat(CloseStatements).Distinct();

    private static StatementSyntax? DeclarationOf(ExpressionSyntax creation)
    {
        var value = SyntaxSites.WalkUpParentheses(creation);
        return value.Parent switch
        {
            EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax or UsingStatementSyntax } declaration } }
                => (StatementSyntax?)declaration.Parent,
            AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment when assignment.Right == value => statement,
            _ => null,
        };
    }

    private bool Classify(SyntaxNode reference)
    {
        if (ConnectStatement is not null && ConnectStatement.Span.Contains(reference.Span))
        {
            return true;
        }

        if (reference.Parent is AssignmentExpressionSyntax assignment && assignment.Left == reference)
        {
            // Only the declaring assignment may write the local.
            return assignment.Parent == Declaration;
        }

        switch (reference.Parent)
        {
            case MemberAccessExpressionSyntax access when access.Expression == reference:
                return ClassifyMember(access, access.Name.Identifier.ValueText);
            case ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
                when conditional.Expression == reference && binding.Name.Identifier.ValueText is "Dispose" or "Close":
                return AddClose(conditional, onSocket: true);
            case UsingStatementSyntax:
                return false;
            default:
                if (IsTcpClient || reference is not ExpressionSyntax expression)
                {
                    return false;
                }

                SocketReferences.Add(expression);
                return true;
        }
    }

    private bool ClassifyMember(MemberAccessExpressionSyntax access, string name)
    {
        switch (name)
        {
            case "Close" or "Dispose" or "DisposeAsync" or "Shutdown" when access.Parent is InvocationExpressionSyntax call:
                return AddClose(call, onSocket: true);
            case "GetStream" when IsTcpClient && access.Parent is InvocationExpressionSyntax getStream:
                GetStreamCalls.Add(getStream);
                return true;
            case "Client" when IsTcpClient:
                if (access.Parent is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "Close" or "Dispose" or "Shutdown", Parent: InvocationExpressionSyntax socketClose })
                {
                    return AddClose(socketClose, onSocket: true);
                }

                SocketReferences.Add(access);
                return true;
            case "Connect" or "ConnectAsync" or "BeginConnect":
                return false;
            default:
                if (IsTcpClient && !SharedWithSocket.Contains(name))
                {
                    return false;
                }

                if (IsTcpClient)
                {
                    SharedMembers.Add(access);
                }
                else
                {
                    SocketReferences.Add(access.Expression);
                }

                return true;
        }
    }

    private bool AddClose(SyntaxNode expression, bool onSocket)
    {
        if (StatementOf(expression) is not { } statement)
        {
            return false;
        }

        if (!CloseStatements.Contains(statement))
        {
            CloseStatements.Add(statement);
            if (onSocket)
            {
                SocketCloseStatements.Add(statement);
            }
        }

        return true;
    }

    /// <summary>Every close the lifecycle found is one this rewrite understands.</summary>
    private bool CoversCloses()
    {
        foreach (var close in Lifecycle.Closes)
        {
            var syntax = close.Syntax;
            if (syntax == Declaration)
            {
                continue;
            }

            if (syntax is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0, Declaration.Variables: { Count: 1 } variables } usingStream
                && variables[0].Initializer?.Value is InvocationExpressionSyntax initializer
                && GetStreamCalls.Contains(initializer))
            {
                UsingStreams.Add(usingStream);
                continue;
            }

            if (close is IInvocationOperation or IConditionalAccessOperation && StatementOf(syntax) is { } statement && CloseStatements.Contains(statement))
            {
                continue;
            }

            var receiver = close switch
            {
                IInvocationOperation { Instance: ILocalReferenceOperation local } => local.Local,
                IConditionalAccessOperation { Operation: ILocalReferenceOperation local } => local.Local,
                _ => null,
            };
            if (receiver is not null
                && IsDirectStream(receiver)
                && AddClose(syntax, onSocket: false))
            {
                continue;
            }

            return false;
        }

        CloseStatements.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
        SocketCloseStatements.Sort((a, b) => a.SpanStart.CompareTo(b.SpanStart));
        return true;
    }

    /// <summary>A local initialized with <c>client.GetStream()</c> itself (not a reader over it).</summary>
    private bool IsDirectStream(ILocalSymbol local)
    {
        foreach (var reference in local.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is VariableDeclaratorSyntax { Initializer.Value: InvocationExpressionSyntax initializer } && GetStreamCalls.Contains(initializer))
            {
                return true;
            }
        }

        return false;
    }
}
