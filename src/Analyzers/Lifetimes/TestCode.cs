using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>Recognizes xunit, NUnit and MSTest test code by attribute (on the member or any member of its type).</summary>
internal static class TestCode
{
    /// <summary>
    /// True when the member holding an operation (<c>ContainingSymbol</c>, looking out of lambdas and local functions)
    /// is test code and <c>connhygiene.analyze_test_code</c> is off: rules that do not ask the lifetime judge use this.
    /// </summary>
    public static bool IsExcluded(ISymbol containingSymbol, ConnHygieneOptions options)
    {
        if (options.AnalyzeTestCode)
        {
            return false;
        }

        return IsTestMember(containingSymbol.OutsideFunctions());
    }

    public static bool IsTestMember(ISymbol member)
    {
        if (member is IMethodSymbol method && HasTestAttribute(method))
        {
            return true;
        }

        if (IsTestAssembly(member.ContainingAssembly))
        {
            return true;
        }

        // Members of the test class itself, or of a helper type nested in it.
        for (var type = member.ContainingType; type is not null; type = type.ContainingType)
        {
            if (IsTestType(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>An assembly named like a test project: <c>Foo.Tests</c>, <c>Foo.UnitTests</c>, <c>Test.Shared</c>, <c>Foo.Test.Helpers</c>.</summary>
    private static bool IsTestAssembly(IAssemblySymbol? assembly)
        => assembly is not null && s_testAssemblies.GetValue(assembly, static a => new StrongBox<bool>(IsTestAssemblyName(a.Name))).Value;

    private static readonly ConditionalWeakTable<IAssemblySymbol, StrongBox<bool>> s_testAssemblies = new();

    private static bool IsTestAssemblyName(string? name)
    {
        if (name is null)
        {
            return false;
        }

        foreach (var part in name.Split('.'))
        {
            if (part is "Test" or "Tests" or "UnitTest" or "UnitTests" or "IntegrationTests" or "FunctionalTests" or "Specs" or "TestUtilities" or "TestHelpers"
                || part.EndsWith("Tests", System.StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Per type: a test class (by attribute) or a type with a test method. Asked for every judged operation.</summary>
    private static bool IsTestType(INamedTypeSymbol type)
        => s_testTypes.GetValue(type, static t => new StrongBox<bool>(ComputeIsTestType(t))).Value;

    private static readonly ConditionalWeakTable<INamedTypeSymbol, StrongBox<bool>> s_testTypes = new();

    private static bool ComputeIsTestType(INamedTypeSymbol type)
    {
        foreach (var attribute in type.GetAttributes())
        {
            if (attribute.AttributeClass is { } c && IsTestClassAttribute(c))
            {
                return true;
            }
        }

        foreach (var sibling in type.GetMembers())
        {
            if (sibling is IMethodSymbol m && HasTestAttribute(m))
            {
                return true;
            }
        }

        return false;
    }

    private static bool HasTestAttribute(IMethodSymbol method)
    {
        foreach (var attribute in method.GetAttributes())
        {
            for (var c = attribute.AttributeClass; c is not null; c = c.BaseType)
            {
                if (IsTestMethodAttribute(c))
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool IsTestMethodAttribute(INamedTypeSymbol attribute)
        => attribute.Name switch
        {
            "FactAttribute" or "TheoryAttribute" => NamespaceNames.Is(attribute.ContainingNamespace, "Xunit"),
            "TestAttribute" or "TestCaseAttribute" or "TestCaseSourceAttribute" or "SetUpAttribute" or "OneTimeSetUpAttribute"
                => NamespaceNames.Is(attribute.ContainingNamespace, "NUnit.Framework"),
            "TestMethodAttribute" or "DataTestMethodAttribute" or "TestInitializeAttribute" or "ClassInitializeAttribute"
                => NamespaceNames.Is(attribute.ContainingNamespace, "Microsoft.VisualStudio.TestTools.UnitTesting"),
            _ => false,
        };

    private static bool IsTestClassAttribute(INamedTypeSymbol attribute)
        => (attribute.Name == "TestFixtureAttribute" && NamespaceNames.Is(attribute.ContainingNamespace, "NUnit.Framework"))
           || (attribute.Name == "TestClassAttribute" && NamespaceNames.Is(attribute.ContainingNamespace, "Microsoft.VisualStudio.TestTools.UnitTesting"));
}
