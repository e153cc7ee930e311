using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Http;

/// <summary>Shapes of HttpClient and handler creations shared by CH0001–CH0003 and their fixes.</summary>
internal static class HttpShapes
{
    /// <summary>The argument given for the client's <c>HttpMessageHandler</c> parameter, or null for the default handler.</summary>
    public static IArgumentOperation? HandlerArgument(IObjectCreationOperation clientCreation, KnownTypes types)
    {
        foreach (var argument in clientCreation.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && KnownTypes.IsOrDerivesFrom(argument.Parameter?.Type, types.HttpMessageHandler))
            {
                return argument;
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="clientCreation"/> creates a subclass of HttpClient whose constructor chooses the
    /// handler itself (<c>: base(handler)</c>), or whose constructor cannot be seen: its handler is not the default.
    /// </summary>
    public static bool SubclassChoosesHandler(IObjectCreationOperation clientCreation, KnownTypes types)
    {
        if (clientCreation.Constructor is not { } constructor
            || SymbolEqualityComparer.Default.Equals(constructor.ContainingType, types.HttpClient))
        {
            return false;
        }

        if (constructor.IsImplicitlyDeclared)
        {
            return false;
        }

        foreach (var reference in constructor.DeclaringSyntaxReferences)
        {
            if (reference.GetSyntax() is ConstructorDeclarationSyntax { Initializer: null }
                || reference.GetSyntax() is ConstructorDeclarationSyntax { Initializer: { ArgumentList.Arguments.Count: 0 } initializer } && initializer.ThisOrBaseKeyword.ValueText == "base")
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// The creation that produced a handler value: the expression itself, the initializer of a local assigned once in
    /// the same body, or the initializer of a readonly field declared in the same file. Null when it cannot be seen.
    /// </summary>
    public static IObjectCreationOperation? ResolveCreation(IOperation value, CancellationToken cancellationToken)
    {
        value = value.WithoutConversions();

        switch (value)
        {
            case IObjectCreationOperation creation:
                return creation;
            case ILocalReferenceOperation local:
                return Locals.SingleValue(local.Local, local.Root()) is { } declared ? ResolveCreation(declared, cancellationToken) : null;
            case IFieldReferenceOperation { Field: { IsReadOnly: true } field } when value.SemanticModel is { } model:
                foreach (var reference in field.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree == model.SyntaxTree
                        && reference.GetSyntax(cancellationToken) is VariableDeclaratorSyntax { Initializer.Value: { } initializer }
                        && model.GetOperation(initializer, cancellationToken) is { } operation)
                    {
                        return ResolveCreation(operation, cancellationToken);
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The HttpClient (or HttpMessageInvoker) creation that takes ownership of a handler creation: the handler is its
    /// constructor argument, directly or through a local. Null when the handler goes anywhere else.
    /// </summary>
    public static IObjectCreationOperation? OwningClient(IObjectCreationOperation handlerCreation, KnownTypes types, CancellationToken cancellationToken)
    {
        var value = handlerCreation.WithConversions();

        if (value.Parent is IArgumentOperation { Parent: IObjectCreationOperation direct } && IsClient(direct, types))
        {
            return direct;
        }

        if (value.Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            foreach (var operation in handlerCreation.Root().Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is ILocalReferenceOperation reference
                    && SymbolEqualityComparer.Default.Equals(reference.Local, declarator.Symbol)
                    && reference.WithConversions().Parent is IArgumentOperation { Parent: IObjectCreationOperation client }
                    && IsClient(client, types))
                {
                    return client;
                }
            }
        }

        return null;
    }

    /// <summary>True when a handler creation sets <c>PooledConnectionLifetime</c> in its initializer or, for a local, later in the same body.</summary>
    public static bool SetsPooledConnectionLifetime(IObjectCreationOperation handlerCreation, CancellationToken cancellationToken)
    {
        if (handlerCreation.Initializer is { } initializer)
        {
            foreach (var member in initializer.Initializers)
            {
                if (member is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime" } })
                {
                    return true;
                }
            }
        }

        if (handlerCreation.WithConversions().Parent is IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator })
        {
            foreach (var operation in handlerCreation.Root().Descendants())
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: "PooledConnectionLifetime", Instance: ILocalReferenceOperation target } }
                    && SymbolEqualityComparer.Default.Equals(target.Local, declarator.Symbol))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsClient(IObjectCreationOperation creation, KnownTypes types)
        => KnownTypes.IsOrDerivesFrom(creation.Type, types.HttpMessageInvoker);
}
