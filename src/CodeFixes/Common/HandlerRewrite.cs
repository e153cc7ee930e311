using System;
using System.Collections.Immutable;
using System.Linq;
using ConnHygiene.Analyzers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>Rewrites a handler creation so that its pooled connections are recycled (<c>PooledConnectionLifetime</c>).</summary>
internal static class HandlerRewrite
{
    /// <summary>HttpClientHandler properties that SocketsHttpHandler has with the same name and meaning.</summary>
    private static readonly ImmutableHashSet<string> s_sameOnSocketsHandler = ImmutableHashSet.Create(
        StringComparer.Ordinal,
        "AllowAutoRedirect", "AutomaticDecompression", "CookieContainer", "Credentials", "DefaultProxyCredentials",
        "MaxAutomaticRedirections", "MaxConnectionsPerServer", "MaxResponseHeadersLength", "PreAuthenticate",
        "Proxy", "UseCookies", "UseProxy");

    /// <summary>
    /// The handler creation with <c>PooledConnectionLifetime</c>: a SocketsHttpHandler gets the property added; an
    /// HttpClientHandler created where any handler will do becomes a SocketsHttpHandler when all its settings carry
    /// over (<paramref name="allowTypeChange"/>: the creation is typed only as HttpMessageHandler where it stands).
    /// Null when that cannot be done faithfully.
    /// </summary>
    public static ExpressionSyntax? WithPooledConnectionLifetime(BaseObjectCreationExpressionSyntax creation, ITypeSymbol handlerType, KnownTypes types, TimeSpan lifetime, bool allowTypeChange)
    {
        if (KnownTypes.IsOrDerivesFrom(handlerType, types.SocketsHttpHandler))
        {
            return AddToInitializer(creation, GeneratedSyntax.PooledConnectionLifetime(lifetime));
        }

        if (!allowTypeChange
            || types.SocketsHttpHandler is null
            || !SymbolEqualityComparer.Default.Equals(handlerType, types.HttpClientHandler)
            || creation is not ObjectCreationExpressionSyntax explicitCreation
            || explicitCreation.ArgumentList is { Arguments.Count: > 0 })
        {
            return null;
        }

        var settings = explicitCreation.Initializer?.Expressions ?? default;
        foreach (var setting in settings)
        {
            if (setting is not AssignmentExpressionSyntax { Left: IdentifierNameSyntax name } || !s_sameOnSocketsHandler.Contains(name.Identifier.ValueText))
            {
                return null;
            }
        }

        var expressions = settings.Select(e => e.WithoutTrivia()).Append(GeneratedSyntax.PooledConnectionLifetime(lifetime)).ToArray();
        return SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::System.Net.Http.SocketsHttpHandler"))
            .WithInitializer(GeneratedSyntax.ObjectInitializer(expressions))
            .WithTriviaFrom(creation)
            .WithAdditionalAnnotations(Formatter.Annotation);
    }

    private static BaseObjectCreationExpressionSyntax AddToInitializer(BaseObjectCreationExpressionSyntax creation, ExpressionSyntax setting)
    {
        var initializer = creation.Initializer is { } existing
            ? existing.AddExpressions(setting)
            : GeneratedSyntax.ObjectInitializer(setting);
        return creation.WithInitializer(initializer.WithAdditionalAnnotations(Formatter.Annotation)).WithAdditionalAnnotations(Formatter.Annotation);
    }
}
