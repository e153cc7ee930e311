using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0010: rent the connection from <c>ConnHygiene.Runtime</c>'s <c>TcpConnectionPool.Shared</c> instead of opening
/// and closing a socket (see <see cref="SocketPoolRental"/>). Offered only where the runtime resolves and the socket's
/// uses are ones the rewrite understands.
/// </summary>
[ExportCodeFixProvider(Microsoft.CodeAnalysis.LanguageNames.CSharp, Name = nameof(SocketPerOperationFixer))]
[Shared]
public sealed class SocketPerOperationFixer : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SocketPerOperation);

    public override FixAllProvider GetFixAllProvider() => new SequentialFixAllProvider(FixAsync);

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null || !SocketPoolRental.IsAvailable(model.Compilation))
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not BaseObjectCreationExpressionSyntax creation
                || SocketUses.Analyze(creation, model, context.CancellationToken) is not { } uses
                || !SocketPoolRental.CanApply(uses, model.Compilation))
            {
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create(
                    "Rent the connection from TcpConnectionPool",
                    async ct => await FixAsync(context.Document, creation, EquivalenceKeys.RentSocketFromPool, ct).ConfigureAwait(false) ?? context.Document.Project.Solution,
                    EquivalenceKeys.RentSocketFromPool),
                diagnostic);
        }
    }

    private static async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
        => node is BaseObjectCreationExpressionSyntax creation
            ? (await SocketPoolRental.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false))?.Project.Solution
            : null;
}
