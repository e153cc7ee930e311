using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// Syntax-only evidence that a long-lived socket can notice a dead peer (CH0012): keep-alive options set, a
/// <c>FramedConnection</c> (heartbeats) wrapped around it, or it is a listener. Cheap enough to scan a whole type.
/// </summary>
internal static class DeadPeerEvidence
{
    public const string FramedConnectionMetadataName = "ConnHygiene.Runtime.Framing.FramedConnection";

    /// <summary>
    /// A <c>SetSocketOption</c> or <c>IOControl</c> call in <paramref name="scope"/> naming a keep-alive option
    /// (<c>SocketOptionName.KeepAlive</c>, <c>TcpKeepAliveTime</c>/<c>Interval</c>/<c>RetryCount</c>, <c>IOControlCode.KeepAliveValues</c>).
    /// </summary>
    public static bool SetsKeepAlive(SyntaxNode scope)
    {
        foreach (var invocation in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            var name = MethodName(invocation.Expression);
            if (name is not ("SetSocketOption" or "IOControl" or "SetRawSocketOption"))
            {
                continue;
            }

            foreach (var identifier in invocation.ArgumentList.DescendantNodes().OfType<IdentifierNameSyntax>())
            {
                if (identifier.Identifier.ValueText.Contains("KeepAlive"))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>A <c>new FramedConnection(...)</c> in <paramref name="scope"/> whose arguments mention one of <paramref name="names"/>.</summary>
    public static bool WrappedInFramedConnection(SyntaxNode scope, IReadOnlyCollection<string> names)
    {
        foreach (var creation in scope.DescendantNodes().OfType<ObjectCreationExpressionSyntax>())
        {
            if (SyntaxNames.RightmostName(creation.Type) != "FramedConnection" || creation.ArgumentList is not { } arguments)
            {
                continue;
            }

            if (arguments.DescendantNodes().OfType<IdentifierNameSyntax>().Any(i => names.Contains(i.Identifier.ValueText)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// <c>name.Listen(...)</c>, or <c>name.Bind(...)</c> with no <c>Connect</c> (also through <c>owner.name</c>), in
    /// <paramref name="scope"/>: a listening or locally bound socket, which has no peer to lose.
    /// </summary>
    public static bool Listens(SyntaxNode scope, string name)
    {
        var bound = false;
        var connected = false;
        foreach (var invocation in scope.DescendantNodes().OfType<InvocationExpressionSyntax>())
        {
            if (invocation.Expression is not MemberAccessExpressionSyntax access || SyntaxNames.RightmostName(access.Expression) != name)
            {
                continue;
            }

            switch (access.Name.Identifier.ValueText)
            {
                case "Listen":
                    return true;
                case "Bind":
                    bound = true;
                    break;
                case "Connect" or "ConnectAsync" or "BeginConnect":
                    connected = true;
                    break;
            }
        }

        // A client may Bind a local address before it connects; bound and never connected, it has no peer.
        return bound && !connected;
    }

    private static string? MethodName(ExpressionSyntax expression) => expression switch
    {
        MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
        SimpleNameSyntax simple => simple.Identifier.ValueText,
        _ => null,
    };
}
