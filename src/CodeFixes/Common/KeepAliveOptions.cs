using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// The TCP keep-alive statements CH0012's fix adds (and CH0011's hoist, when the hoisted connection now lives across a
/// long-running loop): <c>SO_KEEPALIVE</c> plus, where the framework has them, <c>TcpKeepAliveTime</c> 30 s,
/// <c>TcpKeepAliveInterval</c> 5 s and <c>TcpKeepAliveRetryCount</c> 3 — the runtime pool's defaults, so a dead peer is
/// noticed after about 45 s of silence.
/// </summary>
internal static class KeepAliveOptions
{
    private const int KeepAliveTimeSeconds = 30;
    private const int KeepAliveIntervalSeconds = 5;
    private const int KeepAliveRetryCount = 3;

    /// <summary>The statements for the socket read through <paramref name="receiver"/> (its <c>.Client</c> for a TcpClient).</summary>
    public static IEnumerable<StatementSyntax> Statements(ExpressionSyntax receiver, bool isTcpClient, Compilation compilation)
    {
        var socket = isTcpClient
            ? SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver.WithoutTrivia(), SyntaxFactory.IdentifierName("Client"))
            : receiver.WithoutTrivia();
        var optionNames = compilation.GetTypeByMetadataName("System.Net.Sockets.SocketOptionName");
        yield return SetSocketOption(socket, "Socket", "KeepAlive", SyntaxFactory.LiteralExpression(SyntaxKind.TrueLiteralExpression));
        foreach (var (name, value) in new[] { ("TcpKeepAliveTime", KeepAliveTimeSeconds), ("TcpKeepAliveInterval", KeepAliveIntervalSeconds), ("TcpKeepAliveRetryCount", KeepAliveRetryCount) })
        {
            if (optionNames is not null && !optionNames.GetMembers(name).IsEmpty)
            {
                yield return SetSocketOption(socket, "Tcp", name, SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value)));
            }
        }
    }

    private static StatementSyntax SetSocketOption(ExpressionSyntax socket, string level, string option, ExpressionSyntax value)
        => SyntaxFactory.ExpressionStatement(
                SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, socket, SyntaxFactory.IdentifierName("SetSocketOption")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                    {
                        SyntaxFactory.Argument(GeneratedSyntax.Annotate(SyntaxFactory.ParseExpression("global::System.Net.Sockets.SocketOptionLevel." + level))),
                        SyntaxFactory.Argument(GeneratedSyntax.Annotate(SyntaxFactory.ParseExpression("global::System.Net.Sockets.SocketOptionName." + option))),
                        SyntaxFactory.Argument(value),
                    }))))
            .WithAdditionalAnnotations(Formatter.Annotation);
}
