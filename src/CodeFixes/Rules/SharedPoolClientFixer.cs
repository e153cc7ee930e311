using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0020: hoist the client into <c>private static readonly Lazy&lt;T&gt; s_x = new(() =&gt; ...)</c> and use
/// <c>s_x.Value</c> at the site, dropping the per-operation disposal. Offered only when the creation reads nothing
/// but constants and static members, the factory is synchronous, and the site's value does not leave the member in a
/// way that could dispose or replace it (returned, aliased, disposed by its owning type). Otherwise the rule page
/// explains singleton registration.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedPoolClientFixer))]
[Shared]
public sealed class SharedPoolClientFixer : SequentialSiteFixer
{
    private static readonly string[] s_disposeNames = { "Dispose", "DisposeAsync", "Close", "CloseAsync" };

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.SharedPoolClient);

    private protected override void RegisterFixes(FixSite site)
    {
        if (site.Node is ExpressionSyntax creation && Plan(creation, site.Model, site.CancellationToken) is { } plan)
        {
            Offer(site, $"Share one {plan.Type.Name} in a static Lazy<{plan.Type.Name}>", EquivalenceKeys.HoistToLazy);
        }
    }

    private protected override async Task<Solution?> FixAsync(Document document, SyntaxNode node, string equivalenceKey, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (equivalenceKey != EquivalenceKeys.HoistToLazy || node is not ExpressionSyntax creation || model is null
            || Plan(creation, model, cancellationToken) is not { } plan)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var typeName = plan.Type.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat);
        var lazyType = "global::System.Lazy<" + typeName + ">";
        var factory = SyntaxFactory.ParenthesizedLambdaExpression(Explicit(creation, typeName).WithoutTrivia());
        var arguments = SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(factory)));
        ExpressionSyntax initializer = creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is null
            ? SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type(lazyType)).WithArgumentList(arguments)
            : SyntaxFactory.ImplicitObjectCreationExpression().WithArgumentList(arguments);
        var field = TypeMembers.EnsureStaticField(editor, model, creation, "s_" + FieldStem(plan.Type), lazyType, initializer, cancellationToken);
        var value = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, field, SyntaxFactory.IdentifierName("Value"));

        if (plan.Local?.Parent?.Parent is UsingStatementSyntax { Declaration: { } declared } usingStatement)
        {
            UnwrapUsing(editor, usingStatement, declared, creation, value, plan.Disposals);
            return (await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false)).Project.Solution;
        }

        foreach (var disposal in plan.Disposals)
        {
            editor.RemoveNode(disposal.Parent is GlobalStatementSyntax global ? global : disposal);
        }

        editor.ReplaceNode(creation, value.WithTriviaFrom(creation));
        if (plan.Local?.Parent?.Parent is LocalDeclarationStatementSyntax { UsingKeyword.RawKind: not 0 } declaration)
        {
            // A shared client must not be disposed per operation: the using declaration becomes a plain one.
            editor.ReplaceNode(declaration, (current, _) => current is LocalDeclarationStatementSyntax d
                ? d.WithAwaitKeyword(default).WithUsingKeyword(default).WithLeadingTrivia(d.GetLeadingTrivia())
                : current);
        }

        return (await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false)).Project.Solution;
    }

    /// <summary>What the fix needs to know about a site, or null when the fix would not be faithful there.</summary>
    private static FixPlan? Plan(ExpressionSyntax creation, SemanticModel model, CancellationToken cancellationToken)
    {
        var operation = model.GetOperation(creation, cancellationToken);
        var type = operation switch
        {
            IObjectCreationOperation { Type: { } created } => created,
            IInvocationOperation { Type: { } returned } when SymbolEqualityComparer.Default.Equals(PoolClients.ResultType(returned), returned) => returned,
            _ => null,
        };
        if (operation is null || type is null || !IsStaticSafe(creation, model, cancellationToken))
        {
            return null;
        }

        var value = operation.WithConversions();
        switch (value.Parent)
        {
            case IInvocationOperation call when call.Instance == value:
            case IPropertyReferenceOperation property when property.Instance == value:
            case IArgumentOperation { Parent: IObjectCreationOperation or IInvocationOperation }:
                return new FixPlan(type, null, ImmutableArray<StatementSyntax>.Empty);
            case IVariableInitializerOperation { Parent: IVariableDeclaratorOperation { Symbol: { } local } }
                when SyntaxSites.InitializedLocal(creation) is { } declarator:
                return LocalDisposals(declarator, local, model, cancellationToken) is { } disposals
                    ? new FixPlan(type, declarator, disposals)
                    : null;
            case IFieldInitializerOperation { InitializedFields.Length: 1 } fieldInitializer
                when fieldInitializer.InitializedFields[0] is { IsStatic: false } field && !IsDisposedByType(field, creation, model, cancellationToken):
                return new FixPlan(type, null, ImmutableArray<StatementSyntax>.Empty);
            case IPropertyInitializerOperation { InitializedProperties.Length: 1 } propertyInitializer
                when propertyInitializer.InitializedProperties[0] is { IsStatic: false } property && !IsDisposedByType(property, creation, model, cancellationToken):
                return new FixPlan(type, null, ImmutableArray<StatementSyntax>.Empty);
            case ISimpleAssignmentOperation { Target: IMemberReferenceOperation { Member: { IsStatic: false } member } } assignment
                when assignment.Value == value && !IsDisposedByType(member, creation, model, cancellationToken):
                return new FixPlan(type, null, ImmutableArray<StatementSyntax>.Empty);
            default:
                // Returned, discarded, awaited (async factories), aliased...: the caller may dispose or replace it.
                return null;
        }
    }

    /// <summary>
    /// The statements that dispose the local (to remove), or null when the local is used in any way other than as a
    /// receiver or an argument: returned, stored, aliased, given to <c>using (local)</c>, disposed in an embedded statement.
    /// </summary>
    private static ImmutableArray<StatementSyntax>? LocalDisposals(VariableDeclaratorSyntax declarator, ISymbol local, SemanticModel model, CancellationToken cancellationToken)
    {
        if (SharedLocals.Scope(declarator) is not { } scope)
        {
            return null;
        }

        var disposals = ImmutableArray.CreateBuilder<StatementSyntax>();
        foreach (var reference in SyntaxSites.References(scope, local, model, cancellationToken))
        {
            if (DisposalStatement(reference) is { } disposal)
            {
                if (disposal.Parent is not (BlockSyntax or GlobalStatementSyntax))
                {
                    return null;
                }

                disposals.Add(disposal);
                continue;
            }

            var isReceiver = reference.Parent is MemberAccessExpressionSyntax access && access.Expression == reference
                             || reference.Parent is ConditionalAccessExpressionSyntax conditional && conditional.Expression == reference;
            var isArgument = reference.Parent is ArgumentSyntax { RefKindKeyword.RawKind: 0 };
            if (!isReceiver && !isArgument)
            {
                return null;
            }
        }

        return disposals.ToImmutable();
    }

    /// <summary>The statement when <paramref name="reference"/> is disposed or closed by it (<c>x.Dispose();</c>, <c>x?.Close();</c>, <c>await x.DisposeAsync();</c>).</summary>
    private static StatementSyntax? DisposalStatement(IdentifierNameSyntax reference)
    {
        SyntaxNode? call = reference.Parent switch
        {
            MemberAccessExpressionSyntax access when access.Expression == reference && s_disposeNames.Contains(access.Name.Identifier.ValueText) => access.Parent,
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
                when conditional.Expression == reference && s_disposeNames.Contains(binding.Name.Identifier.ValueText) => conditional,
            _ => null,
        };
        if (call is not InvocationExpressionSyntax and not ConditionalAccessExpressionSyntax)
        {
            return null;
        }

        var expression = call.Parent switch
        {
            MemberAccessExpressionSyntax { Name.Identifier.ValueText: "ConfigureAwait", Parent: InvocationExpressionSyntax configured } => configured,
            _ => call,
        };
        if (expression.Parent is AwaitExpressionSyntax awaited)
        {
            expression = awaited;
        }

        return expression.Parent as ExpressionStatementSyntax;
    }

    /// <summary>True when the type that holds <paramref name="member"/> disposes or closes it (it would dispose the shared client).</summary>
    private static bool IsDisposedByType(ISymbol member, SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
    {
        if (site.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
        {
            return true;
        }

        foreach (var name in type.DescendantNodes().OfType<SimpleNameSyntax>())
        {
            if (name.Identifier.ValueText == member.Name
                && IsDisposeTarget(name)
                && SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, member))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsDisposeTarget(SimpleNameSyntax name)
    {
        ExpressionSyntax target = name.Parent is MemberAccessExpressionSyntax { Expression: ThisExpressionSyntax } qualified && qualified.Name == name ? qualified : name;
        while (target.Parent is ParenthesizedExpressionSyntax or CastExpressionSyntax or BinaryExpressionSyntax { RawKind: (int)SyntaxKind.AsExpression }
               && target.Parent is ExpressionSyntax wrapper)
        {
            target = wrapper;
        }

        return target.Parent switch
        {
            MemberAccessExpressionSyntax access => access.Expression == target && s_disposeNames.Contains(access.Name.Identifier.ValueText),
            ConditionalAccessExpressionSyntax { WhenNotNull: InvocationExpressionSyntax { Expression: MemberBindingExpressionSyntax binding } } conditional
                => conditional.Expression == target && s_disposeNames.Contains(binding.Name.Identifier.ValueText),
            UsingStatementSyntax => true,
            _ => false,
        };
    }

    /// <summary>
    /// True when the creation can move into a static initializer: its arguments and settings read only constants and
    /// static members (object initializer property names are fine), and it names no method type parameter.
    /// </summary>
    private static bool IsStaticSafe(ExpressionSyntax expression, SemanticModel model, CancellationToken cancellationToken)
    {
        if (expression.DescendantNodesAndSelf().OfType<IdentifierNameSyntax>()
            .Any(n => model.GetSymbolInfo(n, cancellationToken).Symbol is ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method }))
        {
            return false;
        }

        switch (expression)
        {
            case BaseObjectCreationExpressionSyntax created:
                return (created.ArgumentList?.Arguments ?? default).All(a => SyntaxSites.IsStaticSafe(a.Expression, model, cancellationToken))
                       && SyntaxSites.IsStaticSafe(created.Initializer, model, cancellationToken);
            case InvocationExpressionSyntax invocation:
                return invocation.ArgumentList.Arguments.All(a => SyntaxSites.IsStaticSafe(a.Expression, model, cancellationToken))
                       && (invocation.Expression is MemberAccessExpressionSyntax access
                           ? IsStaticSafe(access.Expression, model, cancellationToken)
                           : SyntaxSites.IsStaticSafe(invocation.Expression, model, cancellationToken));
            case ParenthesizedExpressionSyntax parenthesized:
                return IsStaticSafe(parenthesized.Expression, model, cancellationToken);
            default:
                return SyntaxSites.IsStaticSafe(expression, model, cancellationToken);
        }
    }

    /// <summary><c>using (var x = Create()) { body }</c> becomes <c>var x = s_x.Value; body</c>, without the disposals.</summary>
    private static void UnwrapUsing(DocumentEditor editor, UsingStatementSyntax usingStatement, VariableDeclarationSyntax declared, ExpressionSyntax creation, ExpressionSyntax value, ImmutableArray<StatementSyntax> disposals)
    {
        var declaration = SyntaxFactory.LocalDeclarationStatement(declared.ReplaceNode(creation, value.WithTriviaFrom(creation)));
        var body = usingStatement.Statement.RemoveNodes(disposals.Where(d => usingStatement.Statement.Contains(d)), SyntaxRemoveOptions.KeepNoTrivia) ?? usingStatement.Statement;
        SharedLocals.UnwrapUsing(editor, usingStatement, declaration, body);
    }

    /// <summary>A target-typed <c>new(...)</c> spelled out with its type, so it still binds inside the lambda.</summary>
    private static ExpressionSyntax Explicit(ExpressionSyntax creation, string typeName)
        => creation is ImplicitObjectCreationExpressionSyntax implicitCreation
            ? SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type(typeName), implicitCreation.ArgumentList, implicitCreation.Initializer)
            : creation;

    /// <summary><c>connectionMultiplexer</c> for ConnectionMultiplexer, <c>connection</c> for IConnection.</summary>
    private static string FieldStem(ITypeSymbol type)
    {
        var name = type.TypeKind == TypeKind.Interface && type.Name.Length > 1 && type.Name[0] == 'I' && char.IsUpper(type.Name[1])
            ? type.Name.Substring(1)
            : type.Name;
        return char.ToLowerInvariant(name[0]) + name.Substring(1);
    }

    private sealed class FixPlan
    {
        public FixPlan(ITypeSymbol type, VariableDeclaratorSyntax? local, ImmutableArray<StatementSyntax> disposals)
        {
            Type = type;
            Local = local;
            Disposals = disposals;
        }

        public ITypeSymbol Type { get; }

        public VariableDeclaratorSyntax? Local { get; }

        public ImmutableArray<StatementSyntax> Disposals { get; }
    }
}
