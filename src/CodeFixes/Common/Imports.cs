using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;

namespace ConnHygiene.CodeFixes.Common;

internal static class Imports
{
    /// <summary>
    /// Adds the usings that the fully qualified names a fix generated need (<see cref="GeneratedSyntax.Annotate"/>), so
    /// that the code action's cleanup can then simplify them to plain names.
    /// </summary>
    public static Task<Document> AddAsync(Document document, CancellationToken cancellationToken)
        => ImportAdder.AddImportsAsync(document, Simplifier.AddImportsAnnotation, cancellationToken: cancellationToken);

    public static Task<Document> AddAsync(DocumentEditor editor, CancellationToken cancellationToken)
        => AddAsync(editor.GetChangedDocument(), cancellationToken);
}
