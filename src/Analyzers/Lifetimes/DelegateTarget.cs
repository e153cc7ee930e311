using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>What a method does with a delegate it is handed: run it once (caches, singletons), per element, or per request.</summary>
internal static class DelegateTarget
{
    public static LifetimeVerdict Classify(IMethodSymbol method, KnownTypes types)
    {
        var container = method.ContainingType?.OriginalDefinition;
        if (container is null)
        {
            return LifetimeVerdict.Unknown;
        }

        if (Is(container, types.ConcurrentDictionary2) && method.Name is "GetOrAdd" or "AddOrUpdate")
        {
            return LifetimeVerdict.PerProcess("cached in a ConcurrentDictionary");
        }

        if (IsSingletonRegistration(method, types))
        {
            return LifetimeVerdict.PerProcess("registered as a singleton");
        }

        if (IsDependencyInjection(container, types) && method.Name.Contains("Scoped"))
        {
            return LifetimeVerdict.PerOperation("in a scoped service factory, once per request");
        }

        if (IsDependencyInjection(container, types) && method.Name.Contains("Transient"))
        {
            return LifetimeVerdict.PerOperation("in a transient service factory, every time it is resolved");
        }

        if (Is(container, types.HttpClientBuilderExtensions) || Is(container, types.HttpClientFactoryServiceCollectionExtensions))
        {
            return LifetimeVerdict.FactoryManaged;
        }

        if (Is(container, types.Enumerable))
        {
            return LifetimeVerdict.PerIteration($"in a '{method.Name}' lambda, once per element");
        }

        if (Is(container, types.Parallel))
        {
            return LifetimeVerdict.PerIteration($"in a Parallel.{method.Name} body, once per iteration");
        }

        if (IsRequestPipeline(container, method))
        {
            return LifetimeVerdict.PerOperation("in a request handler, once per request");
        }

        return LifetimeVerdict.Unknown;
    }

    public static bool IsSingletonRegistration(IMethodSymbol method, KnownTypes types)
    {
        var container = method.ContainingType?.OriginalDefinition;
        return container is not null
               && IsDependencyInjection(container, types)
               && method.Name is "AddSingleton" or "TryAddSingleton" or "AddKeyedSingleton" or "TryAddKeyedSingleton";
    }

    private static bool IsDependencyInjection(INamedTypeSymbol container, KnownTypes types)
        => Is(container, types.ServiceCollectionServiceExtensions)
           || Is(container, types.ServiceCollectionDescriptorExtensions)
           || container.Name == "ServiceCollectionServiceExtensions" && NamespaceNames.Is(container.ContainingNamespace, "Microsoft.Extensions.DependencyInjection");

    /// <summary>Minimal API endpoints (<c>MapGet</c>, <c>MapPost</c>, ...) and inline middleware (<c>Run</c>, <c>Use</c>).</summary>
    private static bool IsRequestPipeline(INamedTypeSymbol container, IMethodSymbol method)
    {
        var ns = container.ContainingNamespace;
        if (!NamespaceNames.Is(ns, "Microsoft.AspNetCore.Builder") && !NamespaceNames.Is(ns, "Microsoft.AspNetCore.Routing"))
        {
            return false;
        }

        return method.Name.StartsWith("Map", System.StringComparison.Ordinal)
               || method.Name is "Run" or "Use" or "UseWhen" or "MapWhen";
    }

    private static bool Is(INamedTypeSymbol container, INamedTypeSymbol? known)
        => known is not null && SymbolEqualityComparer.Default.Equals(container, known);
}
