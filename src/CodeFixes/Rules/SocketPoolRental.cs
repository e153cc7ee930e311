using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// The CH0010/CH0011 pool rewrite: the socket's declaration becomes
/// <c>await using var lease = await TcpConnectionPool.Shared.RentAsync(host, port);</c> (in a synchronous member
/// <c>using var lease = TcpConnectionPool.Shared.RentAsync(host, port).AsTask().GetAwaiter().GetResult();</c>, which
/// blocks only while no idle connection is at hand), the connect and close statements go, <c>client.GetStream()</c>
/// becomes <c>lease.Value.Stream</c> and the socket <c>lease.Value.Socket</c>; a <c>using</c> on the stream is dropped,
/// since disposing it would close the pooled connection. Offered only where <c>ConnHygiene.Runtime</c> resolves.
/// </summary>
internal static class SocketPoolRental
{
    private const string PoolMetadataName = "ConnHygiene.Runtime.TcpConnectionPool";

    public static bool IsAvailable(Compilation compilation) => compilation.GetTypeByMetadataName(PoolMetadataName) is not null;

    /// <summary>True when <paramref name="uses"/> can be rewritten to a rented connection.</summary>
    public static bool CanApply(SocketUses uses, Compilation compilation)
        => IsAvailable(compilation) && RentArguments(uses) is not null && KeptUsesInScope(uses);

    public static async Task<Document?> ApplyAsync(Document document, ExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || SocketUses.Analyze(creation, model, cancellationToken) is not { } uses || !CanApply(uses, model.Compilation)
            || RentArguments(uses) is not { } arguments)
        {
            return null;
        }

        // No await inside a lock (or outside an async function): rent with the blocking form.
        var isAsync = SyntaxSites.CanAwait(uses.Declaration);
        var name = UniqueName(uses.Declaration, model, "lease", cancellationToken);
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var removed = uses.RemovedStatements().ToList();
        bool Kept(SyntaxNode node) => !removed.Any(s => s.Span.Contains(node.Span));

        foreach (var call in uses.GetStreamCalls.Where(Kept))
        {
            editor.ReplaceNode(call, Lease(name, "Stream").WithTriviaFrom(call));
        }

        foreach (var reference in uses.SocketReferences.Where(Kept))
        {
            editor.ReplaceNode(reference, Lease(name, "Socket").WithTriviaFrom(reference));
        }

        foreach (var member in uses.SharedMembers.Where(Kept))
        {
            editor.ReplaceNode(member, SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Lease(name, "Socket"), member.Name).WithTriviaFrom(member));
        }

        foreach (var statement in removed)
        {
            editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
        }

        foreach (var usingStream in uses.UsingStreams)
        {
            editor.ReplaceNode(usingStream, (current, _) => current is LocalDeclarationStatementSyntax declaration
                ? WithoutUsing(declaration)
                : current);
        }

        var rent = RentExpression(arguments, isAsync);
        switch (uses.Declaration)
        {
            case UsingStatementSyntax usingStatement:
                editor.ReplaceNode(usingStatement, (current, _) => current is UsingStatementSyntax updated
                    ? updated
                        .WithAwaitKeyword(isAsync ? SyntaxFactory.Token(SyntaxKind.AwaitKeyword).WithTrailingTrivia(SyntaxFactory.Space).WithLeadingTrivia(updated.GetLeadingTrivia()) : default)
                        .WithUsingKeyword(isAsync ? updated.UsingKeyword.WithoutTrivia() : updated.UsingKeyword)
                        .WithDeclaration(LeaseDeclaration(name, rent))
                        .WithAdditionalAnnotations(Formatter.Annotation)
                    : current);
                break;
            default:
                var statement = SyntaxFactory.LocalDeclarationStatement(LeaseDeclaration(name, rent))
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                    .WithAwaitKeyword(isAsync ? SyntaxFactory.Token(SyntaxKind.AwaitKeyword) : default)
                    .NormalizeWhitespace()
                    .WithTriviaFrom(uses.Declaration)
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(uses.Declaration, statement);
                if (uses.Declaration is ExpressionStatementSyntax && LonelyDeclaration(uses, cancellationToken) is { } unused)
                {
                    editor.RemoveNode(unused, SyntaxRemoveOptions.KeepNoTrivia);
                }

                break;
        }

        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary><c>var x = ...;</c> from <c>using var x = ...;</c>, keeping the line's indentation.</summary>
    public static LocalDeclarationStatementSyntax WithoutUsing(LocalDeclarationStatementSyntax declaration)
        => declaration
            .WithAwaitKeyword(default)
            .WithUsingKeyword(default)
            .WithLeadingTrivia(declaration.GetLeadingTrivia());

    /// <summary>A name free at <paramref name="site"/> and nowhere declared in its member.</summary>
    public static string UniqueName(SyntaxNode site, SemanticModel model, string preferred, CancellationToken cancellationToken)
    {
        var member = site.Ancestors().FirstOrDefault(a => a is MemberDeclarationSyntax and not GlobalStatementSyntax) ?? site.SyntaxTree.GetRoot(cancellationToken);
        var declared = new HashSet<string>(member.DescendantTokens()
            .Where(t => t.IsKind(SyntaxKind.IdentifierToken) && t.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax or ParameterSyntax or LocalFunctionStatementSyntax)
            .Select(t => t.ValueText));
        var name = preferred;
        for (var i = 2; declared.Contains(name) || !model.LookupSymbols(site.SpanStart, name: name).IsEmpty; i++)
        {
            name = preferred + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return name;
    }

    private static ExpressionSyntax Lease(string name, string member)
        => SyntaxFactory.ParseExpression(name + ".Value." + member);

    private static VariableDeclarationSyntax LeaseDeclaration(string name, ExpressionSyntax rent)
        => SyntaxFactory.VariableDeclaration(
            SyntaxFactory.IdentifierName("var"),
            SyntaxFactory.SingletonSeparatedList(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(rent))))
            .NormalizeWhitespace();

    private static ExpressionSyntax RentExpression(IReadOnlyList<ExpressionSyntax> arguments, bool isAsync)
    {
        var rent = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, GeneratedSyntax.Type("global::" + PoolMetadataName), SyntaxFactory.IdentifierName("Shared")),
                SyntaxFactory.IdentifierName("RentAsync")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.Select(a => SyntaxFactory.Argument(a.WithoutTrivia())))));
        if (isAsync)
        {
            return SyntaxFactory.AwaitExpression(rent);
        }

        ExpressionSyntax blocking = rent;
        foreach (var call in new[] { "AsTask", "GetAwaiter", "GetResult" })
        {
            blocking = SyntaxFactory.InvocationExpression(SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, blocking, SyntaxFactory.IdentifierName(call)));
        }

        return blocking;
    }

    /// <summary>
    /// The endpoint as <c>RentAsync</c> takes it: <c>(host, port)</c>, <c>(endPoint)</c>, or <c>(new IPEndPoint(address,
    /// port))</c>, plus the connect call's cancellation token. Null for other connect overloads (address lists, Begin/End).
    /// </summary>
    private static IReadOnlyList<ExpressionSyntax>? RentArguments(SocketUses uses)
    {
        if (uses.Lifecycle.Connect is IInvocationOperation { TargetMethod.Name: "BeginConnect" })
        {
            return null;
        }

        var endpoint = uses.Lifecycle.EndpointArguments();
        var result = new List<ExpressionSyntax>();
        if (endpoint.Length == 2 && endpoint[1].Parameter?.Type.SpecialType == SpecialType.System_Int32
            && endpoint[0].Value.Syntax is ExpressionSyntax first && endpoint[1].Value.Syntax is ExpressionSyntax port)
        {
            switch (endpoint[0].Parameter?.Type)
            {
                case { SpecialType: SpecialType.System_String }:
                    result.Add(first);
                    result.Add(port);
                    break;
                case { Name: "IPAddress" }:
                    result.Add(SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::System.Net.IPEndPoint"))
                        .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(first.WithoutTrivia()), SyntaxFactory.Argument(port.WithoutTrivia()) }))));
                    break;
                default:
                    return null;
            }
        }
        else if (endpoint.Length == 1 && IsEndPoint(endpoint[0].Parameter?.Type) && endpoint[0].Value.Syntax is ExpressionSyntax endPoint)
        {
            result.Add(endPoint);
        }
        else
        {
            return null;
        }

        var arguments = uses.Lifecycle.Connect switch
        {
            IInvocationOperation invocation => invocation.Arguments,
            _ => default,
        };
        if (!arguments.IsDefault)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Parameter?.Type.Name == "CancellationToken" && argument.Value.Syntax is ExpressionSyntax token)
                {
                    result.Add(token);
                }
            }
        }

        return result;
    }

    private static bool IsEndPoint(ITypeSymbol? type)
    {
        for (var current = type; current is not null; current = current.BaseType)
        {
            if (current.Name == "EndPoint" && current.ContainingNamespace?.ToDisplayString() == "System.Net")
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Every use that stays (the stream, the socket) lies after the declaration in the lease's scope.</summary>
    private static bool KeptUsesInScope(SocketUses uses)
    {
        var scope = uses.Declaration is UsingStatementSyntax ? uses.Declaration : uses.Declaration.Parent;
        if (scope is null || scope is not (BlockSyntax or SwitchSectionSyntax or UsingStatementSyntax or GlobalStatementSyntax))
        {
            return false;
        }

        if (scope is GlobalStatementSyntax)
        {
            scope = scope.Parent;
        }

        var kept = uses.GetStreamCalls.Cast<SyntaxNode>().Concat(uses.SocketReferences).Concat(uses.SharedMembers)
            .Where(n => !uses.RemovedStatements().Any(s => s.Span.Contains(n.Span)));
        return scope is not null && kept.All(n => scope.Span.Contains(n.Span) && n.SpanStart > uses.Declaration.SpanStart);
    }

    /// <summary><c>TcpClient? client = null;</c> whose only value was the creation now replaced by the lease.</summary>
    private static LocalDeclarationStatementSyntax? LonelyDeclaration(SocketUses uses, CancellationToken cancellationToken)
    {
        foreach (var reference in uses.Lifecycle.Local?.DeclaringSyntaxReferences ?? default)
        {
            if (reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } statement } } declarator
                && (declarator.Initializer is null || declarator.Initializer.Value.IsKind(SyntaxKind.NullLiteralExpression) || declarator.Initializer.Value.IsKind(SyntaxKind.DefaultLiteralExpression)))
            {
                return statement;
            }
        }

        return null;
    }
}
