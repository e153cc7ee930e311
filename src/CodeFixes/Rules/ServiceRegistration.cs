using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>CH0001 (factory fix): adds <c>AddHttpClient()</c> to the project's composition root when the project has one and lacks it.</summary>
internal static class ServiceRegistration
{
    private const string Namespace = "Microsoft.Extensions.DependencyInjection";

    public static async Task<Solution> EnsureAddHttpClientAsync(Solution solution, ProjectId projectId, CancellationToken cancellationToken)
    {
        var project = solution.GetProject(projectId);
        if (project is null)
        {
            return solution;
        }

        (Document Document, SyntaxNode Anchor, StatementSyntax Registration)? target = null;
        var importedGlobally = false;
        foreach (var document in project.Documents)
        {
            if (await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax root)
            {
                continue;
            }

            if (root.DescendantTokens().Any(t => t.IsKind(SyntaxKind.IdentifierToken) && t.ValueText == "AddHttpClient"))
            {
                return solution;
            }

            importedGlobally |= root.Usings.Any(u => u.GlobalKeyword.IsKind(SyntaxKind.GlobalKeyword) && u.Name?.ToString() == Namespace);
            target ??= FindCompositionRoot(document, root);
        }

        if (target is not { } found || await found.Document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false) is not CompilationUnitSyntax targetRoot)
        {
            return solution;
        }

        var newRoot = targetRoot.InsertNodesAfter(found.Anchor, new[] { Wrap(found.Anchor, found.Registration) });
        if (newRoot is CompilationUnitSyntax unit && !importedGlobally && !unit.Usings.Any(u => u.Name?.ToString() == Namespace))
        {
            newRoot = unit.AddUsings(SyntaxFactory.UsingDirective(SyntaxFactory.ParseName(Namespace)).WithAdditionalAnnotations(Formatter.Annotation));
        }

        return solution.WithDocumentSyntaxRoot(found.Document.Id, newRoot);
    }

    /// <summary>After the last <c>builder.Services...</c> statement (or the builder's declaration), or at the end of <c>ConfigureServices</c>.</summary>
    private static (Document, SyntaxNode, StatementSyntax)? FindCompositionRoot(Document document, CompilationUnitSyntax root)
    {
        foreach (var declaration in root.DescendantNodes().OfType<LocalDeclarationStatementSyntax>())
        {
            if (declaration.Declaration.Variables.Count == 1
                && declaration.Declaration.Variables[0] is { Initializer.Value: InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax { Name.Identifier.ValueText: var factory } } } builder
                && factory is "CreateBuilder" or "CreateSlimBuilder" or "CreateEmptyBuilder" or "CreateApplicationBuilder")
            {
                var services = builder.Identifier.ValueText + ".Services";
                var anchor = (StatementSyntax)declaration;
                if (declaration.Parent is BlockSyntax or GlobalStatementSyntax)
                {
                    foreach (var statement in Siblings(declaration))
                    {
                        if (statement is ExpressionStatementSyntax expression && expression.Expression.ToString().StartsWith(services + ".", System.StringComparison.Ordinal))
                        {
                            anchor = statement;
                        }
                    }
                }

                return (document, anchor.Parent is GlobalStatementSyntax global ? global : anchor, SyntaxFactory.ParseStatement(services + ".AddHttpClient();"));
            }
        }

        foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>())
        {
            if (method.Identifier.ValueText == "ConfigureServices"
                && method.ParameterList.Parameters.Count == 1
                && method.ParameterList.Parameters[0] is { Type: { } type } parameter
                && type.ToString().EndsWith("IServiceCollection", System.StringComparison.Ordinal)
                && method.Body is { Statements.Count: > 0 } body)
            {
                return (document, body.Statements.Last(), SyntaxFactory.ParseStatement(parameter.Identifier.ValueText + ".AddHttpClient();"));
            }
        }

        return null;
    }

    private static System.Collections.Generic.IEnumerable<StatementSyntax> Siblings(StatementSyntax statement)
        => statement.Parent switch
        {
            BlockSyntax block => block.Statements,
            GlobalStatementSyntax { Parent: CompilationUnitSyntax unit } => unit.Members.OfType<GlobalStatementSyntax>().Select(g => g.Statement),
            _ => Enumerable.Empty<StatementSyntax>(),
        };

    private static SyntaxNode Wrap(SyntaxNode anchor, StatementSyntax registration)
    {
        var node = anchor is GlobalStatementSyntax ? SyntaxFactory.GlobalStatement(registration) : (SyntaxNode)registration;
        return node.WithLeadingTrivia(anchor.GetLeadingTrivia().Where(t => t.IsKind(SyntaxKind.WhitespaceTrivia)))
            .WithTrailingTrivia(anchor.GetTrailingTrivia());
    }
}
