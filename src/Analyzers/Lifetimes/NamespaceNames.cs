using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// Namespace tests that compare a symbol's namespace chain with a dotted name part by part, without building the
/// namespace's display string (<c>ToDisplayString()</c> allocates on every call, and these run per operation).
/// </summary>
internal static class NamespaceNames
{
    /// <summary>True when <paramref name="ns"/> is the namespace named <paramref name="dotted"/> (<c>"System.Net.Sockets"</c>).</summary>
    public static bool Is(INamespaceSymbol? ns, string dotted)
    {
        var end = dotted.Length;
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            var name = current.Name;
            var start = end - name.Length;
            if (start < 0 || string.CompareOrdinal(dotted, start, name, 0, name.Length) != 0)
            {
                return false;
            }

            if (start == 0)
            {
                return current.ContainingNamespace is null or { IsGlobalNamespace: true };
            }

            if (dotted[start - 1] != '.')
            {
                return false;
            }

            end = start - 1;
        }

        return false;
    }

    /// <summary>True when <paramref name="ns"/> is the namespace named <paramref name="dotted"/> or one nested in it.</summary>
    public static bool IsWithin(INamespaceSymbol? ns, string dotted)
    {
        for (var current = ns; current is { IsGlobalNamespace: false }; current = current.ContainingNamespace)
        {
            if (Is(current, dotted))
            {
                return true;
            }
        }

        return false;
    }
}
