using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// The removal engine of the fixes that delete a setting (CH0004, CH0013): removes what a flagged expression does — its
/// statement, its object or collection initializer entry, or the expression body of a lambda or <c>void</c> method —
/// and tidies what that leaves empty. An initializer left empty goes with its entry (<c>Headers = { }</c>) or its braces
/// (<c>new TcpClient()</c>); an <c>if</c> left with nothing to do goes when it has no <c>else</c>, its condition has no
/// side effects and declares no variable used later (otherwise it keeps <c>{ }</c>); an <c>else</c> left with nothing to
/// do goes; any other embedded statement (a loop body) becomes <c>{ }</c>. All removals of one document are planned
/// together, so several entries of one initializer go in one edit (Fix All).
/// </summary>
internal sealed class RemovalPlan
{
    private readonly HashSet<SyntaxNode> _removed = new();
    private readonly HashSet<BaseObjectCreationExpressionSyntax> _withoutInitializer = new();
    private readonly HashSet<StatementSyntax> _emptied = new();

    /// <summary>Expression-bodied lambdas and void methods whose only work is the removed expression: they get <c>{ }</c>.</summary>
    private readonly List<SyntaxNode> _emptyBodies = new();

    /// <summary>The expression a diagnostic is reported on, exactly (null when its span is not one expression).</summary>
    public static ExpressionSyntax? Flagged(SyntaxNode root, Diagnostic diagnostic)
        => root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is ExpressionSyntax flagged
           && flagged.Span == diagnostic.Location.SourceSpan
            ? flagged
            : null;

    /// <summary>
    /// What removing <paramref name="flagged"/> takes: its expression statement, the initializer entry it is (an
    /// assignment or a collection element), or the lambda or void method whose expression body it is. Null when the
    /// value of the expression is used, also as the result of a lambda converted to a delegate that returns something.
    /// </summary>
    private static SyntaxNode? SiteOf(ExpressionSyntax flagged, SemanticModel model, CancellationToken cancellationToken)
        => flagged.Parent switch
        {
            ExpressionStatementSyntax statement => statement,
            InitializerExpressionSyntax { RawKind: (int)SyntaxKind.ObjectInitializerExpression or (int)SyntaxKind.CollectionInitializerExpression } => flagged,
            LambdaExpressionSyntax lambda when lambda.ExpressionBody == flagged
                && model.GetSymbolInfo(lambda, cancellationToken).Symbol is IMethodSymbol { ReturnsVoid: true } => lambda,
            ArrowExpressionClauseSyntax { Parent: MethodDeclarationSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } arrow => arrow,
            ArrowExpressionClauseSyntax { Parent: LocalFunctionStatementSyntax { ReturnType: PredefinedTypeSyntax { Keyword.RawKind: (int)SyntaxKind.VoidKeyword } } } arrow => arrow,
            _ => null,
        };

    /// <summary>What removing the expression a diagnostic is reported on takes (<see cref="SiteOf(ExpressionSyntax, SemanticModel, CancellationToken)"/>); null when there is no such removal.</summary>
    public static SyntaxNode? SiteOf(SyntaxNode root, Diagnostic diagnostic, SemanticModel model, CancellationToken cancellationToken)
        => Flagged(root, diagnostic) is { } flagged ? SiteOf(flagged, model, cancellationToken) : null;

    /// <summary>
    /// Removes what each diagnostic's expression does (<see cref="SiteOf"/>) from <paramref name="document"/> in one
    /// edit; diagnostics with no site are left. With <paramref name="isHarmlessValue"/> (what a rule knows about its own
    /// values, such as <c>new LingerOption(true, 0)</c>), a local that only the removed code read goes too when that
    /// says dropping its initializer loses nothing.
    /// </summary>
    public static async Task<Document> RemoveAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken, Func<IOperation, bool>? isHarmlessValue = null)
        => await EditAsync(document, diagnostics, cancellationToken, isHarmlessValue).ConfigureAwait(false) is { } editor
            ? editor.GetChangedDocument()
            : document;

    /// <summary>
    /// <see cref="RemoveAsync"/>'s removals, applied to an editor of <paramref name="document"/> that the caller may add
    /// its own edits of other nodes to (the CH0004 fix replaces zero lifetimes in the same pass); null without a model.
    /// </summary>
    public static async Task<DocumentEditor?> EditAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken, Func<IOperation, bool>? isHarmlessValue = null)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return null;
        }

        var plan = new RemovalPlan();
        var sites = new List<SyntaxNode>();
        foreach (var diagnostic in diagnostics)
        {
            if (SiteOf(root, diagnostic, model, cancellationToken) is { } site)
            {
                plan.Add(site);
                sites.Add(site);
            }
        }

        // After every site is planned: a local may be read by several of them.
        if (isHarmlessValue is not null)
        {
            foreach (var site in sites)
            {
                plan.RemoveUnreadLocals(site, model, isHarmlessValue, cancellationToken);
            }
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        plan.Apply(editor);
        return editor;
    }

    /// <summary>Plans the removal of a site found by <see cref="SiteOf"/>.</summary>
    private void Add(SyntaxNode site)
    {
        switch (site)
        {
            case StatementSyntax statement:
                RemoveStatement(statement);
                break;
            case LambdaExpressionSyntax or ArrowExpressionClauseSyntax:
                _emptyBodies.Add(site);
                break;
            case ExpressionSyntax entry:
                RemoveEntry(entry);
                break;
        }
    }

    /// <summary>
    /// Removals first, then the creations that lose their initializer, innermost first, each rewritten from its
    /// current version so that changes inside it (a nested creation, a removed entry) are kept.
    /// </summary>
    private void Apply(SyntaxEditor editor)
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

        foreach (var body in _emptyBodies)
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

    /// <summary>
    /// Removes the declarations of the locals <paramref name="site"/> reads (<c>var linger = new LingerOption(true, 0);</c>)
    /// whose every reference goes with the planned removals, when <paramref name="isHarmlessValue"/> accepts their initializer.
    /// </summary>
    private void RemoveUnreadLocals(SyntaxNode site, SemanticModel model, Func<IOperation, bool> isHarmlessValue, CancellationToken cancellationToken)
    {
        var seen = new HashSet<ILocalSymbol>(SymbolEqualityComparer.Default);
        foreach (var name in site.DescendantNodes().OfType<IdentifierNameSyntax>())
        {
            if (model.GetSymbolInfo(name, cancellationToken).Symbol is not ILocalSymbol { DeclaringSyntaxReferences.Length: 1 } local
                || !seen.Add(local)
                || local.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax
                {
                    Initializer.Value: { } value,
                    Parent: VariableDeclarationSyntax { Variables.Count: 1, Parent: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0, Parent: { } scope } declaration },
                }
                || IsGoing(declaration)
                || model.GetOperation(value, cancellationToken) is not { } operation
                || !isHarmlessValue(operation))
            {
                continue;
            }

            // A local of a switch section is in scope in every section; one of top-level code in the whole file.
            var references = SyntaxSites.References(scope is GlobalStatementSyntax or SwitchSectionSyntax ? scope.Parent ?? scope : scope, local, model, cancellationToken);
            if (references.All(IsGoing))
            {
                RemoveStatement(declaration);
            }
        }
    }

    /// <summary>True when <paramref name="node"/> goes with a planned removal: removed, in a body that is emptied, or in an initializer that goes.</summary>
    private bool IsGoing(SyntaxNode node)
        => IsInsideRemoved(node)
           || IsInsideReplacedInitializer(node)
           || node.AncestorsAndSelf().Any(n => n is StatementSyntax statement && _emptied.Contains(statement))
           || _emptyBodies.Any(body => body.Span.Contains(node.Span));

    private void RemoveStatement(StatementSyntax statement)
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
            case ElseClauseSyntax elseClause:
                // 'else s.LingerState = ...;' (or an 'else if' that went): the else has nothing left to do.
                _removed.Add(elseClause);
                break;
            default:
                // An embedded statement ('if (x) headers.ConnectionClose = true;', a loop body) becomes '{ }'.
                _emptied.Add(statement);
                break;
        }
    }

    private void RemoveEntry(ExpressionSyntax entry)
    {
        _removed.Add(entry);
        Widen(entry.Parent);
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
            case BlockSyntax { Parent: ElseClauseSyntax elseClause } block when block.Statements.All(_removed.Contains):
                _removed.Add(elseClause);
                break;
        }
    }

    private bool RemoveIfPointless(IfStatementSyntax owner)
    {
        if (owner.Else is not null || !SideEffects.IsFree(owner.Condition) || DeclaresVariablesUsedAfter(owner))
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
