using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
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
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0004: removes what turns keep-alive off — the statement, the object/collection initializer entry, or the body of
/// an expression-bodied configure lambda — and nothing else; <c>PooledConnectionLifetime = TimeSpan.Zero</c> is kept
/// with the configured lifetime instead (<c>connhygiene.pooled_connection_lifetime</c>). An <c>if</c> left with nothing to do and a side-effect-free
/// condition goes too; an initializer left empty goes with its entry (<c>Headers = { }</c>) or its braces.
/// Fix All edits each document once, so several entries of one initializer are removed together.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepAliveOffFixer))]
[Shared]
public sealed class KeepAliveOffFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.KeepAliveOff);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create((context, document, diagnostics) => RemoveAsync(document, diagnostics, context.CancellationToken));

    private protected override void RegisterFixes(FixSite site)
    {
        string title;
        if (LifetimeValue(site.Root, site.Diagnostic) is not null)
        {
            var lifetime = FixOptions.Read(site.Document, site.Root.SyntaxTree).PooledConnectionLifetime;
            title = $"Set PooledConnectionLifetime to {lifetime.ToString("c", CultureInfo.InvariantCulture)}";
        }
        else if (Site(site.Root, site.Diagnostic) is not null)
        {
            title = "Remove the setting that turns keep-alive off";
        }
        else
        {
            return;
        }

        site.Register(CodeAction.Create(title, ct => RemoveAsync(site.Document, ImmutableArray.Create(site.Diagnostic), ct)!, EquivalenceKeys.RemoveKeepAliveOff));
    }

    private static async Task<Document?> RemoveAsync(Document document, ImmutableArray<Diagnostic> diagnostics, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var plan = new RemovalPlan();
        var lifetimes = new List<ExpressionSyntax>();
        foreach (var diagnostic in diagnostics)
        {
            if (LifetimeValue(root, diagnostic) is { } lifetimeValue)
            {
                lifetimes.Add(lifetimeValue);
                continue;
            }

            var site = Site(root, diagnostic);
            switch (site)
            {
                case ExpressionStatementSyntax statement:
                    plan.RemoveStatement(statement);
                    break;
                case LambdaExpressionSyntax or ArrowExpressionClauseSyntax:
                    plan.EmptyBodies.Add(site);
                    break;
                case ExpressionSyntax entry:
                    plan.RemoveEntry(entry);
                    break;
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan.Apply(editor);
        if (lifetimes.Count == 0)
        {
            return editor.GetChangedDocument();
        }

        // PooledConnectionLifetime = TimeSpan.Zero: keep the setting, with the lifetime that recycles connections.
        var lifetime = FixOptions.Read(document, root.SyntaxTree).PooledConnectionLifetime;
        foreach (var value in lifetimes)
        {
            editor.ReplaceNode(value, GeneratedSyntax.TimeSpanExpression(lifetime).WithTriviaFrom(value));
        }

        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The value of a flagged <c>PooledConnectionLifetime = TimeSpan.Zero</c>, which the fix replaces instead of removing.</summary>
    private static ExpressionSyntax? LifetimeValue(SyntaxNode root, Diagnostic diagnostic)
        => Flagged(root, diagnostic) is AssignmentExpressionSyntax { Right: { } value } assignment
           && assignment.Left switch
           {
               IdentifierNameSyntax name => name.Identifier.ValueText,
               MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
               _ => null,
           } == "PooledConnectionLifetime"
            ? value
            : null;

    private static ExpressionSyntax? Flagged(SyntaxNode root, Diagnostic diagnostic)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax flagged
           && flagged.Span == diagnostic.Location.SourceSpan
            ? flagged
            : null;

    /// <summary>
    /// What to remove for a diagnostic: the expression statement, the initializer entry (an assignment or a collection
    /// element), or the lambda or void method whose expression body it is. Null when the flagged expression's value is used.
    /// </summary>
    private static SyntaxNode? Site(SyntaxNode root, Diagnostic diagnostic)
    {
        if (Flagged(root, diagnostic) is not { } flagged)
        {
            return null;
        }

        return flagged.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            InitializerExpressionSyntax => flagged,
            LambdaExpressionSyntax lambda when lambda.ExpressionBody == flagged && flagged is AssignmentExpressionSyntax => lambda,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } arrow => arrow,
            ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } arrow => arrow,
            _ => null,
        };
    }

    /// <summary>The removals of one document, widened where a removal would leave an empty shell behind.</summary>
    private sealed class RemovalPlan
    {
        private readonly HashSet<SyntaxNode> _removed = new();
        private readonly HashSet<BaseObjectCreationExpressionSyntax> _withoutInitializer = new();
        private readonly HashSet<StatementSyntax> _emptied = new();

        /// <summary>Expression-bodied lambdas and void methods whose only work is the removed expression: they get <c>{ }</c>.</summary>
        public List<SyntaxNode> EmptyBodies { get; } = new();

        public void RemoveStatement(StatementSyntax statement)
        {
            switch (statement.Parent)
            {
                case GlobalStatementSyntax global:
                    _removed.Add(global);
                    break;
                case BlockSyntax or SwitchSectionSyntax:
                    _removed.Add(statement);
                    Widen(statement.Parent);
                    break;
                case IfStatementSyntax owner when owner.Statement == statement && RemoveIfPointless(owner):
                    break;
                default:
                    // An embedded statement ('if (x) headers.ConnectionClose = true;') becomes '{ }'.
                    _emptied.Add(statement);
                    break;
            }
        }

        public void RemoveEntry(ExpressionSyntax entry)
        {
            _removed.Add(entry);
            Widen(entry.Parent);
        }

        /// <summary>
        /// Removals first, then the creations that lose their initializer, innermost first, each rewritten from its
        /// current version so that changes inside it (a nested creation, a removed entry) are kept.
        /// </summary>
        public void Apply(SyntaxEditor editor)
        {
            foreach (var node in _removed)
            {
                if (!IsInsideRemoved(node.Parent) && !IsInsideReplacedInitializer(node))
                {
                    editor.RemoveNode(node, SyntaxRemoveOptions.KeepUnbalancedDirectives);
                }
            }

            foreach (var creation in _withoutInitializer.OrderByDescending(c => c.SpanStart))
            {
                if (!IsInsideRemoved(creation) && !IsInsideReplacedInitializer(creation))
                {
                    editor.ReplaceNode(creation, (node, _) => node is BaseObjectCreationExpressionSyntax current ? WithoutInitializer(current) : node);
                }
            }

            foreach (var body in EmptyBodies)
            {
                if (!IsInsideRemoved(body) && !IsInsideReplacedInitializer(body))
                {
                    // 'c => c.DefaultRequestHeaders.ConnectionClose = true' configures nothing else: 'c => { }'.
                    editor.ReplaceNode(body is ArrowExpressionClauseSyntax { Parent: { } member } ? member : body, (node, _) => EmptyBody(node));
                }
            }

            foreach (var statement in _emptied)
            {
                if (!IsInsideRemoved(statement) && !IsInsideReplacedInitializer(statement))
                {
                    var empty = SyntaxFactory.Block(
                        SyntaxFactory.Token(SyntaxFactory.TriviaList(), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(SyntaxFactory.Space)),
                        default,
                        SyntaxFactory.Token(SyntaxKind.CloseBraceToken).WithoutTrivia());
                    editor.ReplaceNode(statement, empty.WithTriviaFrom(statement));
                }
            }
        }

        /// <summary>After a removal inside <paramref name="container"/>: remove or empty what is left with nothing in it.</summary>
        private void Widen(SyntaxNode? container)
        {
            switch (container)
            {
                case InitializerExpressionSyntax initializer when initializer.Expressions.All(_removed.Contains):
                    switch (initializer.Parent)
                    {
                        case AssignmentExpressionSyntax { Parent: InitializerExpressionSyntax } nested:
                            RemoveEntry(nested);
                            break;
                        case BaseObjectCreationExpressionSyntax creation:
                            _withoutInitializer.Add(creation);
                            break;
                    }

                    break;
                case BlockSyntax { Parent: IfStatementSyntax owner } block when block.Statements.All(_removed.Contains):
                    RemoveIfPointless(owner);
                    break;
            }
        }

        private bool RemoveIfPointless(IfStatementSyntax owner)
        {
            if (owner.Else is not null || !IsSideEffectFree(owner.Condition) || DeclaresVariablesUsedAfter(owner))
            {
                return false;
            }

            RemoveStatement(owner);
            return true;
        }

        private bool IsInsideRemoved(SyntaxNode? node)
        {
            for (; node is not null; node = node.Parent)
            {
                if (_removed.Contains(node))
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>True inside an initializer that goes as a whole (its creation loses the braces).</summary>
        private bool IsInsideReplacedInitializer(SyntaxNode node)
            => node.Ancestors().OfType<InitializerExpressionSyntax>().Any(i => i.Parent is BaseObjectCreationExpressionSyntax c && _withoutInitializer.Contains(c));

        private static SyntaxNode EmptyBody(SyntaxNode node)
        {
            var block = SyntaxFactory.Block().WithAdditionalAnnotations(Formatter.Annotation);
            switch (node)
            {
                case LambdaExpressionSyntax lambda:
                    return lambda.WithExpressionBody(null).WithBody(block);
                case MethodDeclarationSyntax method:
                    return method.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(block.WithTrailingTrivia(method.SemicolonToken.TrailingTrivia))
                        .WithParameterList(method.ParameterList.WithoutTrailingTrivia());
                case LocalFunctionStatementSyntax function:
                    return function.WithExpressionBody(null).WithSemicolonToken(default)
                        .WithBody(block.WithTrailingTrivia(function.SemicolonToken.TrailingTrivia))
                        .WithParameterList(function.ParameterList.WithoutTrailingTrivia());
                default:
                    return node;
            }
        }

        private static BaseObjectCreationExpressionSyntax WithoutInitializer(BaseObjectCreationExpressionSyntax creation)
        {
            var trailing = creation.GetTrailingTrivia();
            return creation switch
            {
                ObjectCreationExpressionSyntax { ArgumentList: null } explicitType => explicitType
                    .WithType(explicitType.Type.WithoutTrailingTrivia())
                    .WithArgumentList(SyntaxFactory.ArgumentList())
                    .WithInitializer(null)
                    .WithTrailingTrivia(trailing),
                _ => creation.WithArgumentList(creation.ArgumentList?.WithoutTrailingTrivia()).WithInitializer(null).WithTrailingTrivia(trailing),
            };
        }

        private static bool IsSideEffectFree(ExpressionSyntax condition)
            => !condition.DescendantNodesAndSelf().Any(n => n is InvocationExpressionSyntax or AssignmentExpressionSyntax or AwaitExpressionSyntax
                or BaseObjectCreationExpressionSyntax or ThrowExpressionSyntax
                or PrefixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PreIncrementExpression or (int)SyntaxKind.PreDecrementExpression }
                or PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.PostIncrementExpression or (int)SyntaxKind.PostDecrementExpression });

        /// <summary>True when the condition declares a pattern or out variable that code after the <c>if</c> reads.</summary>
        private static bool DeclaresVariablesUsedAfter(IfStatementSyntax owner)
        {
            var names = owner.Condition.DescendantNodes().OfType<SingleVariableDesignationSyntax>().Select(d => d.Identifier.ValueText).ToImmutableHashSet();
            if (names.IsEmpty || owner.Parent is null)
            {
                return false;
            }

            return owner.Parent.DescendantNodes()
                .OfType<IdentifierNameSyntax>()
                .Any(n => names.Contains(n.Identifier.ValueText) && !owner.Span.Contains(n.Span));
        }
    }
}
