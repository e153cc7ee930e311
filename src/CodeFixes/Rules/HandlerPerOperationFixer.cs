using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0002: hoist the handler to one static instance (recycling its connections with PooledConnectionLifetime where it
/// can), and have the clients over it use <c>disposeHandler: false</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(HandlerPerOperationFixer))]
[Shared]
public sealed class HandlerPerOperationFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.HandlerPerOperation);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is BaseObjectCreationExpressionSyntax creation && CanHoist(creation, site.Model, site.CancellationToken))
        {
            Offer(site, "Share one static handler", EquivalenceKeys.HoistHandler);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
        => node is BaseObjectCreationExpressionSyntax creation ? (await HoistAsync(document, creation, cancellationToken).ConfigureAwait(false))?.Project.Solution : null;

    /// <summary>Only a handler whose arguments and settings can run in a static initializer can be shared.</summary>
    private static bool CanHoist(BaseObjectCreationExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
        => (creation.ArgumentList?.Arguments ?? default).All(a => SyntaxSites.IsStaticSafe(a.Expression, model, cancellationToken))
           && SyntaxSites.IsStaticSafe(creation.Initializer, model, cancellationToken)
           && model.GetTypeInfo(creation, cancellationToken).Type is not null;

    private static async Task<Document?> HoistAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || !CanHoist(creation, model, cancellationToken) || model.GetTypeInfo(creation, cancellationToken).Type is not { } handlerType)
        {
            return null;
        }

        var types = CompilationFacts.GetKnownTypes(model.Compilation);
        var lifetime = FixOptions.Read(document, creation.SyntaxTree).PooledConnectionLifetime;
        var explicitCreation = creation is ImplicitObjectCreationExpressionSyntax implicitCreation
            ? SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type(handlerType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)), implicitCreation.ArgumentList, implicitCreation.Initializer)
            : (BaseObjectCreationExpressionSyntax)creation.WithoutTrivia();
        var initializer = HandlerRewrite.WithPooledConnectionLifetime(explicitCreation, handlerType, types, lifetime, allowTypeChange: true) ?? explicitCreation;
        var fieldType = initializer is ObjectCreationExpressionSyntax { Type: { } newType } ? newType : GeneratedSyntax.Type(handlerType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var handler = TypeMembers.EnsureStaticField(editor, model, creation, "s_httpHandler", fieldType.ToString(), initializer.WithoutTrivia().WithAdditionalAnnotations(Formatter.Annotation), cancellationToken);

        var local = SyntaxSites.InitializedLocal(creation);
        var localSymbol = local is null ? null : model.GetDeclaredSymbol(local, cancellationToken);
        if (local is not null && localSymbol is not null && local.Parent?.Parent is LocalDeclarationStatementSyntax declaration && declaration.Parent is BlockSyntax block)
        {
            // var handler = new HttpClientHandler(); ... new HttpClient(handler) → new HttpClient(s_httpHandler, disposeHandler: false)
            foreach (var reference in SyntaxSites.References(block, localSymbol, model, cancellationToken))
            {
                if (reference.FirstAncestorOrSelf<StatementSyntax>() is { } statement && SyntaxSites.IsDisposeStatement(statement, localSymbol.Name))
                {
                    editor.RemoveNode(statement);
                }
                else
                {
                    ReplaceUse(editor, reference, handler, model, types, cancellationToken);
                }
            }

            editor.RemoveNode(declaration);
        }
        else
        {
            ReplaceUse(editor, creation, handler, model, types, cancellationToken);
        }

        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points a use of the handler at the shared one; a client built over it must no longer dispose it.</summary>
    private static void ReplaceUse(DocumentEditor editor, ExpressionSyntax use, ExpressionSyntax handler, SemanticModel model, KnownTypes types, CancellationToken cancellationToken)
    {
        editor.ReplaceNode(use, handler.WithTriviaFrom(use));
        if (use.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: BaseObjectCreationExpressionSyntax client } arguments } argument
            && arguments.Arguments.IndexOf(argument) == 0
            && KnownTypes.IsOrDerivesFrom(model.GetTypeInfo(client, cancellationToken).Type, types.HttpMessageInvoker))
        {
            var disposeHandler = SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression))
                .WithNameColon(SyntaxFactory.NameColon("disposeHandler"));
            if (arguments.Arguments.Count == 1)
            {
                editor.InsertAfter(argument, disposeHandler);
            }
            else
            {
                editor.ReplaceNode(arguments.Arguments[1], disposeHandler);
            }
        }
    }
}
