using System.Linq;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// The analyzer assembly's public surface is its analyzers (and their common base): everything else is internal, so
/// nothing users could bind to by accident has to stay compatible. Tests, code fixes and benchmarks see internals
/// through InternalsVisibleTo.
/// </summary>
public class PublicSurfaceTests
{
    [Fact]
    public void Only_analyzers_are_public_in_the_analyzer_assembly()
    {
        var others = RuleCatalog.AnalyzerAssembly.GetExportedTypes()
            .Where(t => !typeof(DiagnosticAnalyzer).IsAssignableFrom(t))
            .Select(t => t.FullName)
            .OrderBy(n => n)
            .ToList();
        Assert.True(others.Count == 0, "Make these internal (the package's public surface is the analyzers): " + string.Join(", ", others));
    }
}
