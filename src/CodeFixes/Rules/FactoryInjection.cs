using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0001's first fix: take an <c>IHttpClientFactory</c> from dependency injection (a minimal-API handler parameter, a
/// primary-constructor parameter, or a constructor parameter stored in a field) and call <c>CreateClient()</c>, keeping
/// the client's settings; then register <c>AddHttpClient()</c> in the composition root when it is missing.
/// </summary>
internal static class FactoryInjection
{
    private const string FactoryType = "global::System.Net.Http.IHttpClientFactory";

    /// <summary>True when the fix applies at <paramref name="creation"/>.</summary>
    public static bool CanApply(BaseObjectCreationExpressionSyntax creation, SemanticModel model, Document document, CancellationToken cancellationToken)
        => Plan(creation, model, document, cancellationToken) is not null;

    public static async Task<Solution?> ApplyAsync(Document document, BaseObjectCreationExpressionSyntax creation, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || Plan(creation, model, document, cancellationToken) is not { } plan)
        {
            return null;
        }

        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var factory = plan.Inject(editor);
        var createClient = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, factory, SyntaxFactory.IdentifierName("CreateClient")));
        editor.ReplaceNode(creation, createClient.WithTriviaFrom(creation));
        if (creation.Initializer is { Expressions.Count: > 0 } settings
            && SyntaxSites.InitializedLocal(creation) is { } local
            && local.FirstAncestorOrSelf<StatementSyntax>() is { } statement)
        {
            editor.InsertAfter(statement, settings.Expressions.Select(setting => SettingStatement(local.Identifier.ValueText, setting)));
        }

        var solution = (await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false)).Project.Solution;
        return await ServiceRegistration.EnsureAddHttpClientAsync(solution, document.Project.Id, cancellationToken).ConfigureAwait(false);
    }

    private static StatementSyntax SettingStatement(string local, ExpressionSyntax setting)
    {
        var assignment = (AssignmentExpressionSyntax)setting.WithoutTrivia();
        var target = SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(local), (SimpleNameSyntax)assignment.Left);
        return SyntaxFactory.ExpressionStatement(assignment.WithLeft(target)).WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static InjectionPlan? Plan(BaseObjectCreationExpressionSyntax creation, SemanticModel model, Document document, CancellationToken cancellationToken)
    {
        var types = CompilationFacts.GetKnownTypes(model.Compilation);
        if (types.IHttpClientFactory is not { } factoryType
            || model.GetTypeInfo(creation, cancellationToken).Type is not { } createdType
            || !SymbolEqualityComparer.Default.Equals(createdType, types.HttpClient)
            || creation.ArgumentList is { Arguments.Count: > 0 }
            || !SettingsCanMove(creation))
        {
            return null;
        }

        if (RequestHandlerLambda(creation, model, cancellationToken) is { } lambda)
        {
            return LambdaPlan(lambda, model, factoryType, cancellationToken);
        }

        if (creation.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not ClassDeclarationSyntax declaration
            || model.GetDeclaredSymbol(declaration, cancellationToken) is not { IsStatic: false } type
            || model.GetEnclosingSymbol(creation.SpanStart, cancellationToken) is not { } member
            || IsStaticContext(member)
            || !CompilationFacts.GetJudge(model.Compilation).IsCreatedByContainer(type, FixOptions.Read(document, creation.SyntaxTree), cancellationToken))
        {
            return null;
        }

        var inFieldInitializer = creation.FirstAncestorOrSelf<FieldDeclarationSyntax>() is not null;
        if (ExistingFactoryMember(type, factoryType, inFieldInitializer) is { } existing)
        {
            return new InjectionPlan(_ => SyntaxFactory.IdentifierName(existing));
        }

        if (declaration.ParameterList is { } primary)
        {
            return new InjectionPlan(editor =>
            {
                editor.ReplaceNode(primary, (current, _) => ((ParameterListSyntax)current).AddParameters(FactoryParameter()));
                return SyntaxFactory.IdentifierName("httpClientFactory");
            });
        }

        var constructors = declaration.Members.OfType<ConstructorDeclarationSyntax>().Where(c => !c.Modifiers.Any(SyntaxKind.StaticKeyword)).ToList();
        if (inFieldInitializer || constructors.Count > 1 || constructors.FirstOrDefault() is { Body: null })
        {
            return null;
        }

        var fieldName = TypeMembers.UniqueName(type, "_httpClientFactory", model, creation.SpanStart);
        return new InjectionPlan(editor =>
        {
            var assignment = SyntaxFactory.ParseStatement(fieldName + " = httpClientFactory;")
                .WithTrailingTrivia(GeneratedSyntax.EndOfLine(declaration))
                .WithAdditionalAnnotations(Formatter.Annotation);
            var field = SyntaxFactory.FieldDeclaration(
                    SyntaxFactory.VariableDeclaration(GeneratedSyntax.Type(FactoryType)).AddVariables(SyntaxFactory.VariableDeclarator(fieldName)))
                .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PrivateKeyword), SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                .WithAdditionalAnnotations(Formatter.Annotation);
            TypeMembers.AddField(editor, declaration, field);
            if (constructors.FirstOrDefault() is { Body: { } body } constructor)
            {
                editor.ReplaceNode(constructor, (current, _) => current is ConstructorDeclarationSyntax c && c.Body is { } b
                    ? c.AddParameterListParameters(FactoryParameter()).WithBody(b.WithStatements(b.Statements.Add(assignment)))
                    : current);
            }
            else
            {
                var newConstructor = SyntaxFactory.ConstructorDeclaration(declaration.Identifier.WithoutTrivia())
                    .WithModifiers(SyntaxFactory.TokenList(SyntaxFactory.Token(SyntaxKind.PublicKeyword)))
                    .AddParameterListParameters(FactoryParameter())
                    .WithBody(SyntaxFactory.Block(assignment))
                    .WithAdditionalAnnotations(Formatter.Annotation);
                editor.ReplaceNode(declaration, (current, generator) => current is TypeDeclarationSyntax t
                    ? generator.InsertMembers(t, AfterLastField(t), newConstructor)
                    : current);
            }

            return SyntaxFactory.IdentifierName(fieldName);
        });
    }

    private static InjectionPlan? LambdaPlan(ParenthesizedLambdaExpressionSyntax lambda, SemanticModel model, INamedTypeSymbol factoryType, CancellationToken cancellationToken)
    {
        foreach (var parameter in lambda.ParameterList.Parameters)
        {
            if (parameter.Type is null)
            {
                return null;
            }

            if (SymbolEqualityComparer.Default.Equals(model.GetDeclaredSymbol(parameter, cancellationToken)?.Type, factoryType))
            {
                var name = parameter.Identifier.ValueText;
                return new InjectionPlan(_ => SyntaxFactory.IdentifierName(name));
            }
        }

        return new InjectionPlan(editor =>
        {
            editor.ReplaceNode(lambda.ParameterList, (current, _) => ((ParameterListSyntax)current).AddParameters(FactoryParameter()));
            return SyntaxFactory.IdentifierName("httpClientFactory");
        });
    }

    /// <summary>The enclosing lambda when it is a minimal-API endpoint or inline middleware handler.</summary>
    private static ParenthesizedLambdaExpressionSyntax? RequestHandlerLambda(SyntaxNode creation, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var lambda in creation.Ancestors().OfType<LambdaExpressionSyntax>())
        {
            if (lambda.Parent is ArgumentSyntax { Parent: ArgumentListSyntax { Parent: InvocationExpressionSyntax invocation } }
                && model.GetSymbolInfo(invocation, cancellationToken).Symbol is IMethodSymbol { Name: var name } method
                && name.StartsWith("Map", System.StringComparison.Ordinal)
                && method.ContainingNamespace?.ToDisplayString() is "Microsoft.AspNetCore.Builder" or "Microsoft.AspNetCore.Routing")
            {
                return lambda as ParenthesizedLambdaExpressionSyntax;
            }
        }

        return null;
    }

    private static string? ExistingFactoryMember(INamedTypeSymbol type, INamedTypeSymbol factoryType, bool inFieldInitializer)
    {
        foreach (var member in type.GetMembers())
        {
            var memberType = member switch
            {
                IFieldSymbol field when !inFieldInitializer && !field.IsImplicitlyDeclared => field.Type,
                IPropertySymbol property when !inFieldInitializer => property.Type,
                _ => null,
            };
            if (SymbolEqualityComparer.Default.Equals(memberType, factoryType))
            {
                return member.Name;
            }
        }

        foreach (var constructor in type.InstanceConstructors)
        {
            if (IsPrimaryConstructor(constructor))
            {
                foreach (var parameter in constructor.Parameters)
                {
                    if (SymbolEqualityComparer.Default.Equals(parameter.Type, factoryType))
                    {
                        return parameter.Name;
                    }
                }
            }
        }

        return null;
    }

    private static bool IsPrimaryConstructor(IMethodSymbol constructor)
        => constructor.DeclaringSyntaxReferences.Any(r => r.GetSyntax() is TypeDeclarationSyntax);

    private static bool IsStaticContext(ISymbol member)
    {
        for (var current = member; current is not null and not INamedTypeSymbol; current = current.ContainingSymbol)
        {
            if (current.IsStatic && current is not IMethodSymbol { MethodKind: MethodKind.AnonymousFunction or MethodKind.LocalFunction })
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Settings move to statements after a local's declaration; elsewhere only a client without settings is rewritten.</summary>
    private static bool SettingsCanMove(BaseObjectCreationExpressionSyntax creation)
    {
        if (creation.Initializer is not { Expressions.Count: > 0 } settings)
        {
            return true;
        }

        return SyntaxSites.InitializedLocal(creation)?.Parent?.Parent is LocalDeclarationStatementSyntax
               && settings.Expressions.All(e => e is AssignmentExpressionSyntax { Left: IdentifierNameSyntax, Right: not InitializerExpressionSyntax });
    }

    private static int AfterLastField(TypeDeclarationSyntax type)
        => type.Members.LastOrDefault(m => m is FieldDeclarationSyntax) is { } last ? type.Members.IndexOf(last) + 1 : 0;

    private static ParameterSyntax FactoryParameter()
        => SyntaxFactory.Parameter(SyntaxFactory.Identifier("httpClientFactory")).WithType(GeneratedSyntax.Type(FactoryType));

    private sealed class InjectionPlan
    {
        private readonly System.Func<DocumentEditor, ExpressionSyntax> _inject;

        public InjectionPlan(System.Func<DocumentEditor, ExpressionSyntax> inject) => _inject = inject;

        /// <summary>Adds what the injection needs and returns the expression that names the factory.</summary>
        public ExpressionSyntax Inject(DocumentEditor editor) => _inject(editor);
    }
}
