using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0013: remove the zero linger option — the statement that sets it, or its entry in an object initializer.
/// Not offered where the assignment's value is used or the statement is an embedded statement (<c>if (x) s.LingerState = ...;</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbortiveCloseFixer))]
[Shared]
public sealed class AbortiveCloseFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AbortiveClose);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is ExpressionSyntax expression && Removal(expression) is { } removed)
        {
            site.Register(CodeAction.Create("Remove the zero linger option", ct => RemoveAsync(site.Document, removed, ct), EquivalenceKeys.RemoveAbortiveLinger));
        }
    }

    /// <summary>The node to remove: the whole statement, or the initializer entry.</summary>
    private static SyntaxNode? Removal(ExpressionSyntax site)
    {
        switch (site.Parent)
        {
            case ExpressionStatementSyntax { Parent: GlobalStatementSyntax global }:
                return global;
            case ExpressionStatementSyntax { Parent: BlockSyntax or SwitchSectionSyntax } statement:
                return statement;
            case InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression } initializer when site is AssignmentExpressionSyntax:
                return initializer.Expressions.Count == 1 ? initializer : site;
            default:
                return null;
        }
    }

    private static async Task<Document> RemoveAsync(Document document, SyntaxNode removed, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        if (removed is InitializerExpressionSyntax { Parent: BaseObjectCreationExpressionSyntax creation })
        {
            // The only entry: drop the initializer, keeping (or adding) the argument list.
            var withoutInitializer = creation is ObjectCreationExpressionSyntax { ArgumentList: null } noArguments
                ? noArguments.WithType(noArguments.Type.WithoutTrailingTrivia()).WithInitializer(null).WithArgumentList(SyntaxFactory.ArgumentList())
                : creation.WithInitializer(null);
            var last = withoutInitializer.GetLastToken();
            editor.ReplaceNode(
                creation,
                withoutInitializer.ReplaceToken(last, last.WithTrailingTrivia(creation.GetTrailingTrivia())).WithAdditionalAnnotations(Formatter.Annotation));
        }
        else
        {
            editor.RemoveNode(removed, SyntaxRemoveOptions.KeepUnbalancedDirectives);
        }

        return editor.GetChangedDocument();
    }
}
