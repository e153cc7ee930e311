using System.Threading.Tasks;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// A fix provider that looks at each reported diagnostic's node: the document's root and semantic model are read once,
/// and <see cref="RegisterFixes"/> offers the fixes that apply at each site (or none).
/// </summary>
public abstract class SiteFixer : CodeFixProvider
{
    /// <summary>Offers, through <see cref="FixSite.Register"/>, the fixes that apply at <paramref name="site"/>.</summary>
    private protected abstract void RegisterFixes(FixSite site);

    public sealed override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            RegisterFixes(new FixSite(context, diagnostic, root, model));
        }
    }
}
