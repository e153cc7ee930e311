using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Globalization;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0004: removes what turns keep-alive off through the shared <see cref="RemovalPlan"/> (the statement, the
/// initializer entry, or the body of an expression-bodied configure lambda, tidying what that leaves empty), under
/// <see cref="EquivalenceKeys.RemoveKeepAliveOff"/>. <c>PooledConnectionLifetime = TimeSpan.Zero</c> is not removed but
/// replaced with the configured lifetime (<c>connhygiene.pooled_connection_lifetime</c>), under its own key,
/// <see cref="EquivalenceKeys.SetPooledConnectionLifetime"/>. Fix All, under either key, gives every site in scope its own
/// fix (so one <c>dotnet format</c> run fixes both kinds); applied one at a time, each key fixes only its own kind.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepAliveOffFixer))]
[Shared]
public sealed class KeepAliveOffFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.KeepAliveOff);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create(async (context, document, diagnostics) =>
        {
            // Every site gets its own fix, whichever of the two keys started Fix All: `dotnet format` runs Fix All once
            // per diagnostic ID under one key, and a project with both kinds of site must come out fixed in one run.
            var root = await document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null)
            {
                return document;
            }

            var sites = diagnostics.Select(d => (Diagnostic: d, Lifetime: LifetimeValue(root, d))).ToList();
            var editor = await RemovalPlan.EditAsync(
                document, sites.Where(s => s.Lifetime is null).Select(s => s.Diagnostic), context.CancellationToken).ConfigureAwait(false);
            return editor is null
                ? document
                : await SetLifetimesAsync(editor, sites.Select(s => s.Lifetime).OfType<ExpressionSyntax>(), context.CancellationToken).ConfigureAwait(false);
        });

    private protected override void RegisterFixes(FixSite site)
    {
        var diagnostics = ImmutableArray.Create(site.Diagnostic);
        if (LifetimeValue(site.Root, site.Diagnostic) is { } value)
        {
            var lifetime = FixOptions.Read(site.Document, site.Root.SyntaxTree).PooledConnectionLifetime;
            site.Register(CodeAction.Create(
                $"Set PooledConnectionLifetime to {lifetime.ToString("c", CultureInfo.InvariantCulture)}",
                async ct => await SetLifetimesAsync(await DocumentEditor.CreateAsync(site.Document, ct).ConfigureAwait(false), new[] { value }, ct).ConfigureAwait(false),
                EquivalenceKeys.SetPooledConnectionLifetime));
        }
        else if (RemovalPlan.SiteOf(site.Root, site.Diagnostic, site.Model, site.CancellationToken) is not null)
        {
            site.Register(CodeAction.Create(
                "Remove the setting that turns keep-alive off",
                ct => RemovalPlan.RemoveAsync(site.Document, diagnostics, ct),
                EquivalenceKeys.RemoveKeepAliveOff));
        }
    }

    /// <summary>Keeps each flagged <c>PooledConnectionLifetime = TimeSpan.Zero</c>, with the lifetime that recycles connections.</summary>
    private static Task<Document> SetLifetimesAsync(DocumentEditor editor, IEnumerable<ExpressionSyntax> values, CancellationToken cancellationToken)
    {
        var lifetime = FixOptions.Read(editor.OriginalDocument, editor.OriginalRoot.SyntaxTree).PooledConnectionLifetime;
        foreach (var value in values)
        {
            editor.ReplaceNode(value, GeneratedSyntax.TimeSpanExpression(lifetime).WithTriviaFrom(value));
        }

        return Imports.AddAsync(editor, cancellationToken);
    }

    /// <summary>The value of a flagged <c>PooledConnectionLifetime = TimeSpan.Zero</c>, which the fix replaces instead of removing.</summary>
    private static ExpressionSyntax? LifetimeValue(SyntaxNode root, Diagnostic diagnostic)
        => RemovalPlan.Flagged(root, diagnostic) is AssignmentExpressionSyntax { Right: { } value } assignment
           && SyntaxNames.RightmostName(assignment.Left) == "PooledConnectionLifetime"
            ? value
            : null;
}
