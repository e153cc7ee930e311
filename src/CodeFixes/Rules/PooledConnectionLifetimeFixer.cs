using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Http;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>CH0003: run the long-lived client on a SocketsHttpHandler with PooledConnectionLifetime.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PooledConnectionLifetimeFixer))]
[Shared]
public sealed class PooledConnectionLifetimeFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.PooledConnectionLifetime);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override void RegisterFixes(FixSite site)
    {
        var types = CompilationFacts.GetKnownTypes(site.Model.Compilation);
        if (types.SocketsHttpHandler is null
            || site.Node is not BaseObjectCreationExpressionSyntax client
            || site.Model.GetOperation(client, site.CancellationToken) is not IObjectCreationOperation operation)
        {
            return;
        }

        var lifetime = FixOptions.Read(site.Document, site.Root.SyntaxTree).PooledConnectionLifetime;
        if (Plan(operation, types, lifetime, site.CancellationToken) is { } plan)
        {
            site.Register(CodeAction.Create(
                "Use a SocketsHttpHandler with PooledConnectionLifetime",
                ct => ApplyAsync(site.Document, plan, ct),
                EquivalenceKeys.PooledConnectionLifetime));
        }
    }

    private static (SyntaxNode Node, SyntaxNode Replacement)? Plan(IObjectCreationOperation client, KnownTypes types, System.TimeSpan lifetime, CancellationToken cancellationToken)
    {
        if (client.Syntax is not BaseObjectCreationExpressionSyntax clientSyntax)
        {
            return null;
        }

        if (HttpShapes.HandlerArgument(client, types) is not { } argument)
        {
            var handlerArgument = SyntaxFactory.Argument(GeneratedSyntax.NewSocketsHttpHandler(lifetime));
            var arguments = clientSyntax.ArgumentList ?? SyntaxFactory.ArgumentList();
            var updated = clientSyntax.WithArgumentList(arguments.WithArguments(arguments.Arguments.Insert(0, handlerArgument)));
            if (updated is ObjectCreationExpressionSyntax { Initializer: not null } explicitCreation && clientSyntax.ArgumentList is null)
            {
                updated = explicitCreation.WithType(explicitCreation.Type.WithoutTrailingTrivia());
            }

            return (clientSyntax, updated);
        }

        if (HttpShapes.ResolveCreation(argument.Value, cancellationToken) is { Type: { } handlerType, Syntax: BaseObjectCreationExpressionSyntax handlerSyntax }
            && HandlerRewrite.WithPooledConnectionLifetime(handlerSyntax, handlerType, types, lifetime, allowTypeChange: handlerSyntax == argument.Value.Syntax) is { } replacement)
        {
            return (handlerSyntax, replacement);
        }

        return null;
    }

    private static async Task<Document> ApplyAsync(Document document, (SyntaxNode Node, SyntaxNode Replacement) plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        editor.ReplaceNode(plan.Node, plan.Replacement);
        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }
}
