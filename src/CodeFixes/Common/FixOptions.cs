using ConnHygiene.Analyzers;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.CodeFixes.Common;

internal static class FixOptions
{
    /// <summary>The ConnHygiene options that apply to <paramref name="tree"/> in <paramref name="document"/>'s project.</summary>
    public static ConnHygieneOptions Read(Document document, SyntaxTree tree)
        => ConnHygieneOptions.Read(document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));
}
