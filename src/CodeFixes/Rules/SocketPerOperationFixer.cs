using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
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
public sealed class SocketPerOperationFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SocketPerOperation);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is BaseObjectCreationExpressionSyntax creation
            && SocketPoolRental.IsAvailable(site.Model.Compilation)
            && SocketUses.Analyze(creation, site.Model, site.CancellationToken) is { } uses
            && SocketPoolRental.CanApply(uses, site.Model.Compilation))
        {
            Offer(site, "Rent the connection from TcpConnectionPool", EquivalenceKeys.RentSocketFromPool);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
        => node is BaseObjectCreationExpressionSyntax creation
            ? (await SocketPoolRental.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false))?.Project.Solution
            : null;
}
