using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Analyzers.Sockets;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0011: when the endpoint (and the socket's constructor arguments) do not change inside the loop, hoist the
/// creation and the connect before the loop and the close after it (a <c>using</c> declaration closes it at the end of
/// the enclosing block); the stream's <c>using</c> and <c>Dispose</c> in the loop go, since they would close the
/// connection; when the loop runs until told to stop, keep-alive is turned on too (the connection is now long-lived,
/// CH0012). Otherwise — or as a second choice — rent from <c>TcpConnectionPool</c> in every iteration, where
/// <c>ConnHygiene.Runtime</c> resolves.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ConnectInLoopFixer))]
[Shared]
public sealed class ConnectInLoopFixer : SequentialSiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.ConnectInLoop);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is not BaseObjectCreationExpressionSyntax creation
            || SocketUses.Analyze(creation, site.Model, site.CancellationToken) is not { } uses)
        {
            return;
        }

        if (HoistPlan.Create(uses, site.Model, site.CancellationToken) is not null)
        {
            Offer(site, "Connect once before the loop", EquivalenceKeys.HoistConnection);
        }

        if (SocketPoolRental.CanApply(uses, site.Model.Compilation))
        {
            Offer(site, "Rent the connection from TcpConnectionPool", EquivalenceKeys.RentInLoopFromPool);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        if (node is not BaseObjectCreationExpressionSyntax creation)
        {
            return null;
        }

        if (equivalenceKey == EquivalenceKeys.RentInLoopFromPool)
        {
            return (await SocketPoolRental.ApplyAsync(document, creation, cancellationToken).ConfigureAwait(false))?.Project.Solution;
        }

        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null
            || SocketUses.Analyze(creation, model, cancellationToken) is not { } uses
            || HoistPlan.Create(uses, model, cancellationToken) is not { } plan)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan.Apply(editor, model.Compilation);
        return (await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    /// <summary>What moves where when the connection is hoisted out of the loop.</summary>
    private sealed class HoistPlan
    {
        private readonly SocketUses _uses;
        private readonly StatementSyntax _loop;
        private readonly BlockSyntax _body;

        private HoistPlan(SocketUses uses, StatementSyntax loop, BlockSyntax body)
        {
            _uses = uses;
            _loop = loop;
            _body = body;
        }

        public static HoistPlan? Create(SocketUses uses, SemanticModel model, CancellationToken cancellationToken)
        {
            if (uses.Lifecycle.IterationLoop() is not { Syntax: StatementSyntax loop, Body.Syntax: BlockSyntax body }
                || loop.Parent is not (BlockSyntax or GlobalStatementSyntax or SwitchSectionSyntax)
                || uses.Declaration.Parent != body)
            {
                return null;
            }

            // The connect comes right after the declaration (or first in its using block).
            if (uses.ConnectStatement is { } connect)
            {
                var following = uses.Declaration is UsingStatementSyntax { Statement: BlockSyntax block }
                    ? block.Statements.FirstOrDefault()
                    : body.Statements.ElementAtOrDefault(body.Statements.IndexOf(uses.Declaration) + 1);
                if (following != connect)
                {
                    return null;
                }
            }
            else if (uses.Declaration is UsingStatementSyntax { Statement: not BlockSyntax })
            {
                return null;
            }

            if (uses.CloseStatements.Any(s => !body.Span.Contains(s.Span)) || !IsLoopInvariant(uses, loop, model, cancellationToken))
            {
                return null;
            }

            // The hoisted local must not collide with a name declared beside the loop.
            if (uses.Declaration is not ExpressionStatementSyntax && uses.Lifecycle.Local is { } local && loop.Parent is { } scope
                && scope.DescendantTokens().Any(t => t.ValueText == local.Name && t.Parent is VariableDeclaratorSyntax or SingleVariableDesignationSyntax or ForEachStatementSyntax && !loop.Span.Contains(t.Span)))
            {
                return null;
            }

            return new HoistPlan(uses, loop, body);
        }

        public void Apply(DocumentEditor editor, Compilation compilation)
        {
            var hoisted = new List<StatementSyntax> { HoistedDeclaration() };
            if (_uses.Lifecycle.IterationLoop() is { } loop && Loops.IsLongRunning(loop) && _uses.Lifecycle.Local is { } local)
            {
                // The connection now lives as long as a loop that runs until told to stop: CH0012 asks for keep-alive.
                hoisted.AddRange(KeepAliveOptions.Statements(SyntaxFactory.IdentifierName(local.Name), _uses.IsTcpClient, compilation));
            }

            if (_uses.ConnectStatement is { } connect)
            {
                hoisted.Add(connect.WithoutLeadingTrivia());
            }

            var after = _uses.DeclarationIsUsing
                ? new List<StatementSyntax>()
                : _uses.SocketCloseStatements.Select(s => (StatementSyntax)s.WithoutLeadingTrivia()).ToList();

            foreach (var statement in _uses.RemovedStatements())
            {
                editor.RemoveNode(statement, SyntaxRemoveOptions.KeepNoTrivia);
            }

            foreach (var usingStream in _uses.UsingStreams)
            {
                editor.ReplaceNode(usingStream, (current, _) => current is LocalDeclarationStatementSyntax declaration ? SocketPoolRental.WithoutUsing(declaration) : current);
            }

            if (_uses.Declaration is UsingStatementSyntax usingStatement)
            {
                // using (var client = ...) { body }  ->  body, in the loop; the using declaration goes before the loop.
                editor.ReplaceNode(usingStatement, (current, _) => current is UsingStatementSyntax updated ? updated.Statement.WithAdditionalAnnotations(Formatter.Annotation) : current);
                if (_body.Statements.Count == 1)
                {
                    editor.ReplaceNode(_body, (current, _) => current is BlockSyntax { Statements: { Count: 1 } statements } block && statements[0] is BlockSyntax inner
                        ? block.WithStatements(inner.Statements).WithAdditionalAnnotations(Formatter.Annotation)
                        : current);
                }
            }
            else
            {
                editor.RemoveNode(_uses.Declaration, SyntaxRemoveOptions.KeepNoTrivia);
            }

            var anchor = BlockStatements.Anchor(_loop);

            // Blank lines before the loop now go before the hoisted statements.
            var leading = anchor.GetLeadingTrivia();
            var blank = 0;
            for (var i = 0; i < leading.Count && leading[i].IsKind(SyntaxKind.EndOfLineTrivia) || i < leading.Count && leading[i].IsKind(SyntaxKind.WhitespaceTrivia); i++)
            {
                if (leading[i].IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    blank = i + 1;
                }
            }

            if (blank > 0)
            {
                hoisted[0] = hoisted[0].WithLeadingTrivia(leading.Take(blank));
                editor.ReplaceNode(anchor, (current, _) => current.WithLeadingTrivia(current.GetLeadingTrivia().Skip(blank)));
            }

            editor.InsertBefore(anchor, hoisted.Select(s => BlockStatements.Beside(anchor, s)));
            if (after.Count > 0)
            {
                editor.InsertAfter(anchor, after.Select(s => BlockStatements.Beside(anchor, s)));
            }
        }

        private StatementSyntax HoistedDeclaration()
        {
            if (_uses.Declaration is UsingStatementSyntax { Declaration: { } declaration } usingStatement)
            {
                return SyntaxFactory.LocalDeclarationStatement(declaration.WithoutTrivia())
                    .WithUsingKeyword(SyntaxFactory.Token(SyntaxKind.UsingKeyword))
                    .WithAwaitKeyword(usingStatement.AwaitKeyword.RawKind == 0 ? default : SyntaxFactory.Token(SyntaxKind.AwaitKeyword))
                    .NormalizeWhitespace()
                    .WithTrailingTrivia(GeneratedSyntax.EndOfLine(usingStatement));
            }

            return _uses.Declaration.WithoutLeadingTrivia();
        }

        /// <summary>
        /// The socket's constructor arguments and the connect call's arguments read nothing the loop declares or writes,
        /// and call nothing (a call may answer differently each time).
        /// </summary>
        private static bool IsLoopInvariant(SocketUses uses, StatementSyntax loop, SemanticModel model, CancellationToken cancellationToken)
        {
            var flow = model.AnalyzeDataFlow(loop);
            if (flow is null || !flow.Succeeded)
            {
                return false;
            }

            var variant = new HashSet<ISymbol>(flow.WrittenInside.Concat(flow.VariablesDeclared), SymbolEqualityComparer.Default);
            var expressions = new List<SyntaxNode>();
            if (uses.Lifecycle.Creation.Syntax is BaseObjectCreationExpressionSyntax { ArgumentList: { } creationArguments })
            {
                expressions.Add(creationArguments);
            }

            if (uses.Lifecycle.Connect?.Syntax is InvocationExpressionSyntax { ArgumentList: { } connectArguments })
            {
                expressions.Add(connectArguments);
            }

            foreach (var node in expressions.SelectMany(e => e.DescendantNodes()))
            {
                switch (node)
                {
                    case InvocationExpressionSyntax or AwaitExpressionSyntax or AssignmentExpressionSyntax or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression } or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }:
                        return false;
                    case IdentifierNameSyntax name when model.GetSymbolInfo(name, cancellationToken).Symbol is { } symbol:
                        if (variant.Contains(symbol) || symbol is IRangeVariableSymbol)
                        {
                            return false;
                        }

                        break;
                }
            }

            return true;
        }
    }
}
