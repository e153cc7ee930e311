using System;
using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// Types the framework creates per request: controllers, Razor PageModels, SignalR hubs, view components, gRPC
/// services, IMiddleware, types registered AddScoped/AddTransient in the compilation, and the option's list.
/// </summary>
internal sealed class PerRequestTypes
{
    private static readonly ImmutableHashSet<string> s_perRequestRegistrations = ImmutableHashSet.Create(
        StringComparer.Ordinal, "AddScoped", "AddTransient", "TryAddScoped", "TryAddTransient", "AddKeyedScoped", "AddKeyedTransient");

    private static readonly ImmutableHashSet<string> s_allRegistrations = s_perRequestRegistrations.Union(new[]
    {
        "AddSingleton", "TryAddSingleton", "AddKeyedSingleton", "AddHostedService", "AddHttpClient",
    });

    // Every name above contains one of these: a file whose text has none of them registers nothing, found with
    // two or five searches of its text instead of one per method name.
    private static readonly string[] s_perRequestNeedles = { "Scoped", "Transient" };

    private static readonly string[] s_allNeedles = { "Scoped", "Transient", "Singleton", "AddHostedService", "AddHttpClient" };

    private readonly KnownTypes _types;
    private readonly Lazy<ImmutableHashSet<string>> _registeredNames;
    private readonly Lazy<ImmutableHashSet<string>> _injectedNames;

    public PerRequestTypes(KnownTypes types)
    {
        _types = types;
        _registeredNames = new Lazy<ImmutableHashSet<string>>(() => ScanRegistrations(types.Compilation, s_perRequestRegistrations, s_perRequestNeedles), LazyThreadSafetyMode.ExecutionAndPublication);
        _injectedNames = new Lazy<ImmutableHashSet<string>>(() => ScanRegistrations(types.Compilation, s_allRegistrations, s_allNeedles), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public bool IsPerRequest(INamedTypeSymbol? type, ConnHygieneOptions options, CancellationToken cancellationToken)
    {
        if (type is null || type.IsStatic)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (IsFrameworkPerRequestBase(current) || IsNamedInOptions(current, options))
            {
                return true;
            }
        }

        foreach (var attribute in type.GetAttributes())
        {
            if (Is(attribute.AttributeClass, _types.ApiControllerAttribute) || Is(attribute.AttributeClass, _types.ControllerAttribute))
            {
                return true;
            }
        }

        foreach (var implemented in type.AllInterfaces)
        {
            if (Is(implemented, _types.IMiddleware))
            {
                return true;
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        return _registeredNames.Value.Contains(type.Name);
    }

    /// <summary>True when the container creates <paramref name="type"/> (per request, or registered with any lifetime), so it can take constructor parameters.</summary>
    public bool IsCreatedByContainer(INamedTypeSymbol? type, ConnHygieneOptions options, CancellationToken cancellationToken)
        => type is not null && (IsPerRequest(type, options, cancellationToken) || _injectedNames.Value.Contains(type.Name));

    private bool IsFrameworkPerRequestBase(INamedTypeSymbol type)
    {
        var definition = type.OriginalDefinition;
        if (Is(definition, _types.ControllerBase) || Is(definition, _types.PageModel) || Is(definition, _types.ViewComponent) || Is(definition, _types.Hub))
        {
            return true;
        }

        if (_types.BindServiceMethodAttribute is { } bind)
        {
            foreach (var attribute in definition.GetAttributes())
            {
                if (Is(attribute.AttributeClass, bind))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsNamedInOptions(INamedTypeSymbol type, ConnHygieneOptions options)
    {
        if (options.PerRequestTypes.IsEmpty)
        {
            return false;
        }

        var name = type.OriginalDefinition.ToDisplayString(SymbolDisplayFormat.CSharpErrorMessageFormat);
        foreach (var candidate in options.PerRequestTypes)
        {
            if (string.Equals(candidate, name, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Is(INamedTypeSymbol? type, INamedTypeSymbol? known)
        => type is not null && known is not null && SymbolEqualityComparer.Default.Equals(type.OriginalDefinition, known);

    /// <summary>
    /// The simple names of the implementation types in <c>AddScoped&lt;TService, TImpl&gt;()</c>,
    /// <c>AddTransient&lt;T&gt;()</c> and <c>AddScoped(typeof(TService), typeof(TImpl))</c> calls. Syntax only:
    /// run once per compilation, and only when a rule first needs it.
    /// </summary>
    private static ImmutableHashSet<string> ScanRegistrations(Compilation compilation, ImmutableHashSet<string> methods, string[] needles)
    {
        var names = ImmutableHashSet.CreateBuilder<string>(StringComparer.Ordinal);
        foreach (var tree in compilation.SyntaxTrees)
        {
            // Most files register nothing: a search of the text is far cheaper than walking their tokens.
            if (!MayMention(tree, needles))
            {
                continue;
            }

            foreach (var token in tree.GetRoot().DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.IdentifierToken) || !methods.Contains(token.ValueText))
                {
                    continue;
                }

                if (token.Parent is GenericNameSyntax generic && generic.TypeArgumentList.Arguments.Count > 0)
                {
                    AddName(names, generic.TypeArgumentList.Arguments[generic.TypeArgumentList.Arguments.Count - 1]);
                }
                else if (token.Parent?.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } invocation
                         && invocation.ArgumentList.Arguments.Count > 0
                         && invocation.ArgumentList.Arguments[invocation.ArgumentList.Arguments.Count - 1].Expression is TypeOfExpressionSyntax typeOf)
                {
                    AddName(names, typeOf.Type);
                }
            }
        }

        return names.ToImmutable();
    }

    private static bool MayMention(SyntaxTree tree, string[] needles)
    {
        var text = tree.GetText().ToString();
        foreach (var needle in needles)
        {
            if (text.IndexOf(needle, StringComparison.Ordinal) >= 0)
            {
                return true;
            }
        }

        return false;
    }

    private static void AddName(ImmutableHashSet<string>.Builder names, TypeSyntax type)
    {
        switch (type)
        {
            case QualifiedNameSyntax qualified:
                names.Add(qualified.Right.Identifier.ValueText);
                break;
            case SimpleNameSyntax simple:
                names.Add(simple.Identifier.ValueText);
                break;
        }
    }
}
