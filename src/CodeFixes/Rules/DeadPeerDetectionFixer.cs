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

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0012: turn TCP keep-alive on (<see cref="KeepAliveOptions"/>) right after the statement that creates (or accepts)
/// the long-lived socket. Not offered for a field initializer, which has no statement to follow.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DeadPeerDetectionFixer))]
[Shared]
public sealed class DeadPeerDetectionFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.DeadPeerDetection);

    private protected override void RegisterFixes(FixSite site)
    {
        if (Site.Find(site.Node, site.Model, site.CancellationToken) is not null)
        {
            Offer(site, "Enable TCP keep-alive", EquivalenceKeys.EnableKeepAlive);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || Site.Find(node, model, cancellationToken) is not { } site)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var anchor = BlockStatements.Anchor(site.Statement);
        editor.InsertAfter(anchor, KeepAliveOptions.Statements(site.Receiver, site.IsTcpClient, model.Compilation).Select(s => BlockStatements.Beside(anchor, s)).ToList());

        return (await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    /// <summary>The statement that stores the socket and the expression that reads it back afterwards.</summary>
    private sealed class Site
    {
        private Site(StatementSyntax statement, ExpressionSyntax receiver, bool isTcpClient)
        {
            Statement = statement;
            Receiver = receiver;
            IsTcpClient = isTcpClient;
        }

        public StatementSyntax Statement { get; }

        public ExpressionSyntax Receiver { get; }

        public bool IsTcpClient { get; }

        public static Site? Find(SyntaxNode node, SemanticModel model, CancellationToken cancellationToken)
        {
            if (node is not ExpressionSyntax expression || model.GetTypeInfo(expression, cancellationToken).Type is not INamedTypeSymbol type)
            {
                return null;
            }

            // The socket type: of the creation, or the awaited result of an accept call.
            var socketType = type.Name is "Task" or "ValueTask" && type.TypeArguments.Length == 1 ? type.TypeArguments[0] : type;
            var isTcpClient = socketType.Name == "TcpClient";

            var value = SyntaxSites.WalkUpParentheses(expression);
            if (value.Parent is AwaitExpressionSyntax awaited)
            {
                value = SyntaxSites.WalkUpParentheses(awaited);
            }

            switch (value.Parent)
            {
                case EqualsValueClauseSyntax { Parent: VariableDeclaratorSyntax declarator }
                    when declarator.Parent?.Parent is LocalDeclarationStatementSyntax declaration && IsInStatementList(declaration):
                    return new Site(declaration, SyntaxFactory.IdentifierName(declarator.Identifier.ValueText), isTcpClient);
                case AssignmentExpressionSyntax { Parent: ExpressionStatementSyntax statement } assignment
                    when assignment.Right == value && IsInStatementList(statement):
                    return new Site(statement, assignment.Left, isTcpClient);
                default:
                    return null;
            }
        }

        private static bool IsInStatementList(StatementSyntax statement)
            => statement.Parent is BlockSyntax or SwitchSectionSyntax or GlobalStatementSyntax;
    }
}
