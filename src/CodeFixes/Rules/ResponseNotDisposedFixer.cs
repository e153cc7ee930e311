using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0005: <c>var response = await client.GetAsync(...);</c> becomes <c>using var response = ...;</c>. Offered only for
/// a local declared alone in a block (or top-level statements), C# 8 or newer, never assigned again, not captured by a
/// lambda or local function (which may run after the block ends), and with no <c>goto</c> in the block.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ResponseNotDisposedFixer))]
[Shared]
public sealed class ResponseNotDisposedFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ResponseNotDisposed);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    private protected override void RegisterFixes(FixSite site)
    {
        // The fix works on the local's declaration: the diagnostic's additional location.
        if (site.Diagnostic.AdditionalLocations.Count > 0
            && site.Root.FindNode(site.Diagnostic.AdditionalLocations[0].SourceSpan, getInnermostNodeForTie: true) is LocalDeclarationStatementSyntax declaration
            && CanDeclareUsing(declaration, site.Model, site.CancellationToken))
        {
            site.Register(CodeAction.Create(
                "Dispose the response with 'using'",
                ct => Task.FromResult(site.Document.WithSyntaxRoot(site.Root.ReplaceNode(declaration, WithUsing(declaration)))),
                EquivalenceKeys.UsingResponse));
        }
    }

    private static LocalDeclarationStatementSyntax WithUsing(LocalDeclarationStatementSyntax declaration)
    {
        var leading = declaration.GetLeadingTrivia();
        return declaration.WithoutLeadingTrivia()
            .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(SyntaxFactory.Space))
            .WithLeadingTrivia(leading);
    }

    private static bool CanDeclareUsing(LocalDeclarationStatementSyntax declaration, SemanticModel model, CancellationToken cancellationToken)
    {
        if (declaration.UsingKeyword.RawKind != 0
            || declaration.Modifiers.Count > 0
            || declaration.Declaration.Variables.Count != 1
            || declaration.SyntaxTree.Options is not CSharpParseOptions { LanguageVersion: >= LanguageVersion.CSharp8 })
        {
            return false;
        }

        SyntaxNode? scope = declaration.Parent switch
        {
            BlockSyntax block => block,
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit,
            _ => null,
        };
        if (scope is null
            || model.GetDeclaredSymbol(declaration.Declaration.Variables[0], cancellationToken) is not ILocalSymbol local
            || scope.DescendantNodes().OfType<GotoStatementSyntax>().Any())
        {
            return false;
        }

        foreach (var reference in SyntaxSites.References(scope, local, model, cancellationToken))
        {
            if (IsWrittenOrCaptured(reference, scope))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Using variables are read-only, and a lambda may run after the using disposed the response.</summary>
    private static bool IsWrittenOrCaptured(IdentifierNameSyntax reference, SyntaxNode scope)
    {
        switch (reference.Parent)
        {
            case AssignmentExpressionSyntax assignment when assignment.Left == reference:
            case ArgumentSyntax argument when argument.RefKindKeyword.RawKind != 0:
            case PrefixUnaryExpressionSyntax or PostfixUnaryExpressionSyntax:
                return true;
        }

        for (var node = reference.Parent; node is not null && node != scope; node = node.Parent)
        {
            if (node is AnonymousFunctionExpressionSyntax or LocalFunctionStatementSyntax)
            {
                return true;
            }
        }

        return false;
    }
}
