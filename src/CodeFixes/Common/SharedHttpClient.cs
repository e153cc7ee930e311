using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// The shared-client rewrite (CH0001's second fix, reused by CH0006): one <c>private static readonly HttpClient</c> on a
/// SocketsHttpHandler with PooledConnectionLifetime when the client's settings are constant and never changed, or a
/// cheap per-call <c>new HttpClient(s_httpHandler, disposeHandler: false)</c> over one static handler when they are not.
/// </summary>
internal static class SharedHttpClient
{
    /// <summary>Replaces the <c>new HttpClient(...)</c> at <paramref name="creation"/>; null when the site is not one it can rewrite.</summary>
    public static async Task<Document?> ApplyAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || creation.ArgumentList is { Arguments.Count: > 0 })
        {
            return null;
        }

        var lifetime = FixOptions.Read(document, creation.SyntaxTree).PooledConnectionLifetime;
        var local = SyntaxSites.InitializedLocal(creation);
        var localSymbol = local is null ? null : model.GetDeclaredSymbol(local, cancellationToken);
        var scope = local?.FirstAncestorOrSelf<BlockSyntax>() ?? (SyntaxNode?)local?.FirstAncestorOrSelf<CompilationUnitSyntax>();
        var constant = SyntaxSites.IsStaticSafe(creation.Initializer, model, cancellationToken)
                       && (localSymbol is null || scope is null || !IsReconfigured(scope, localSymbol, model, cancellationToken));

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (!constant)
        {
            var handler = TypeMembers.EnsureStaticField(editor, model, creation, "s_httpHandler", "global::System.Net.Http.SocketsHttpHandler", GeneratedSyntax.NewSocketsHttpHandler(lifetime), cancellationToken);
            var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(handler),
                SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression))
                    .WithNameColon(SyntaxFactory.NameColon("disposeHandler")),
            }));
            editor.ReplaceNode(creation, WithArguments(creation, arguments));
            return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
        }

        var client = EnsureSharedClient(editor, model, creation, lifetime, creation.Initializer, cancellationToken);
        if (local is null || localSymbol is null || scope is null)
        {
            editor.ReplaceNode(creation, client.WithTriviaFrom(creation));
            return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
        }

        ReplaceLocal(editor, local, localSymbol, client, scope, model, cancellationToken);
        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The expression naming the shared client for the type (or top-level program) around <paramref name="site"/>:
    /// an existing equivalent static field, or a new one added through <paramref name="editor"/>.
    /// </summary>
    public static ExpressionSyntax EnsureSharedClient(DocumentEditor editor, SemanticModel model, SyntaxNode site, TimeSpan lifetime, InitializerExpressionSyntax? settings, CancellationToken cancellationToken)
    {
        var initializer = SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::System.Net.Http.HttpClient"))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(GeneratedSyntax.NewSocketsHttpHandler(lifetime)))))
            .WithInitializer(settings is null ? null : GeneratedSyntax.ObjectInitializer(settings.Expressions.Select(e => e.WithoutTrivia()).ToArray()))
            .WithAdditionalAnnotations(Formatter.Annotation);
        return TypeMembers.EnsureStaticField(editor, model, site, "s_httpClient", "global::System.Net.Http.HttpClient", initializer, cancellationToken);
    }

    /// <summary>Removes the local's declaration (or unwraps its <c>using</c> block), pointing every use at the shared client.</summary>
    private static void ReplaceLocal(DocumentEditor editor, VariableDeclaratorSyntax local, ISymbol localSymbol, ExpressionSyntax client, SyntaxNode scope, SemanticModel model, CancellationToken cancellationToken)
    {
        var references = SyntaxSites.References(scope, localSymbol, model, cancellationToken).ToList();
        if (local.Parent?.Parent is UsingStatementSyntax usingStatement)
        {
            var body = usingStatement.Statement.ReplaceNodes(
                references.Where(r => usingStatement.Statement.Span.Contains(r.Span)),
                (_, current) => client.WithTriviaFrom(current));
            var statements = body is BlockSyntax block ? block.Statements.ToArray() : new[] { body };
            statements = statements.Where(s => !SyntaxSites.IsDisposeStatement(s, client.ToString())).ToArray();
            if (usingStatement.Parent is BlockSyntax or GlobalStatementSyntax)
            {
                editor.InsertBefore(usingStatement, statements.Select(s => s.WithAdditionalAnnotations(Formatter.Annotation)));
                editor.RemoveNode(usingStatement);
            }
            else
            {
                editor.ReplaceNode(usingStatement, SyntaxFactory.Block(statements).WithAdditionalAnnotations(Formatter.Annotation));
            }

            return;
        }

        foreach (var reference in references)
        {
            if (reference.FirstAncestorOrSelf<StatementSyntax>() is { } statement && SyntaxSites.IsDisposeStatement(statement, localSymbol.Name))
            {
                editor.RemoveNode(statement);
                continue;
            }

            editor.ReplaceNode(reference, client.WithTriviaFrom(reference));
        }

        if (local.FirstAncestorOrSelf<LocalDeclarationStatementSyntax>() is { } declaration)
        {
            editor.RemoveNode(declaration.Parent is GlobalStatementSyntax global ? global : declaration);
        }
    }

    /// <summary>True when code changes the client's settings after creating it (the settings are then per call, not shared).</summary>
    private static bool IsReconfigured(SyntaxNode scope, ISymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var reference in SyntaxSites.References(scope, local, model, cancellationToken))
        {
            if (reference.Parent is not MemberAccessExpressionSyntax access || access.Expression != reference)
            {
                continue;
            }

            if (model.GetSymbolInfo(access, cancellationToken).Symbol is IPropertySymbol
                && (access.Parent is AssignmentExpressionSyntax assignment && assignment.Left == access || access.Parent is MemberAccessExpressionSyntax))
            {
                return true;
            }
        }

        return false;
    }

    private static ExpressionSyntax WithArguments(BaseObjectCreationExpressionSyntax creation, ArgumentListSyntax arguments)
        => creation switch
        {
            ObjectCreationExpressionSyntax explicitCreation => explicitCreation.WithType(explicitCreation.Type.WithoutTrailingTrivia()).WithArgumentList(arguments),
            ImplicitObjectCreationExpressionSyntax implicitCreation => implicitCreation.WithArgumentList(arguments),
            _ => creation,
        };
}
