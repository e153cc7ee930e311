using System.Collections.Generic;
using System.Linq;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;

namespace ConnHygiene.Tests.Lifetimes;

/// <summary>
/// <see cref="NamespaceNames"/> answers exactly what comparing <c>ToDisplayString()</c> with the dotted name (or testing
/// it for the name or a <c>name.</c> prefix) answered before: checked against that on namespaces that differ from the
/// names only by a part, a prefix, a suffix or nesting.
/// </summary>
public class NamespaceNamesTests
{
    private static readonly string[] Names =
    {
        "Xunit", "NUnit.Framework", "Microsoft.VisualStudio.TestTools.UnitTesting", "System.Windows", "Microsoft.AspNetCore.Builder", "Gtk",
    };

    public static IEnumerable<object[]> Namespaces()
    {
        var compilation = CSharpCompilation.Create(
            "Namespaces",
            new[]
            {
                CSharpSyntaxTree.ParseText("""
                    namespace Xunit { class C { } }
                    namespace XunitExtensions { class C { } }
                    namespace My.Xunit { class C { } }
                    namespace NUnit.Framework { class C { } }
                    namespace NUnit.FrameworkX { class C { } }
                    namespace NUnit.Framework.Internal { class C { } }
                    namespace ANUnit.Framework { class C { } }
                    namespace Microsoft.VisualStudio.TestTools.UnitTesting { class C { } }
                    namespace System.Windows { class C { } }
                    namespace System.Windows.Forms.Design { class C { } }
                    namespace System.WindowsX { class C { } }
                    namespace Gtk { class C { } }
                    namespace Gtk2 { class C { } }
                    namespace Microsoft.AspNetCore.Builder { class C { } }
                    namespace Microsoft.AspNetCore.Routing { class C { } }
                    class Global { }
                    """),
            },
            references: null);
        return compilation.GetSymbolsWithName(n => n is "C" or "Global", SymbolFilter.Type)
            .Select(t => new object[] { t.ContainingNamespace.ToDisplayString(), t.ContainingNamespace })
            .OrderBy(a => (string)a[0], System.StringComparer.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Namespaces))]
    public void Matches_the_display_string_comparison(string display, INamespaceSymbol ns)
    {
        foreach (var name in Names)
        {
            Assert.Equal(display == name, NamespaceNames.Is(ns, name));
            Assert.Equal(display == name || display.StartsWith(name + ".", System.StringComparison.Ordinal), NamespaceNames.IsWithin(ns, name));
        }
    }
}
