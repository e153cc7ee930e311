using System;
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
    /// <summary>Marks the zero lifetimes a Fix All replaces, while the removals of the other sites run.</summary>
    private static readonly SyntaxAnnotation LifetimeSite = new("ConnHygiene.ZeroLifetime");

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

            var lifetimes = diagnostics.Where(d => LifetimeValue(root, d) is not null).ToImmutableArray();
            var values = lifetimes.Select(d => LifetimeValue(root, d)).OfType<ExpressionSyntax>().ToList();

            // Mark the lifetimes first: the removals then work on the same text, and the marks follow the nodes.
            var marked = document.WithSyntaxRoot(root.ReplaceNodes(values, (_, current) => current.WithAdditionalAnnotations(LifetimeSite)));
            var removed = await RemovalPlan.RemoveAsync(marked, diagnostics.Except(lifetimes), context.CancellationToken).ConfigureAwait(false);
            return await SetLifetimesAsync(
                removed, r => r.GetAnnotatedNodes(LifetimeSite).OfType<ExpressionSyntax>(), context.CancellationToken).ConfigureAwait(false);
        });

    private protected override void RegisterFixes(FixSite site)
    {
        var diagnostics = ImmutableArray.Create(site.Diagnostic);
        if (LifetimeValue(site.Root, site.Diagnostic) is not null)
        {
            var lifetime = FixOptions.Read(site.Document, site.Root.SyntaxTree).PooledConnectionLifetime;
            site.Register(CodeAction.Create(
                $"Set PooledConnectionLifetime to {lifetime.ToString("c", CultureInfo.InvariantCulture)}",
                ct => SetLifetimesAsync(site.Document, r => diagnostics.Select(d => LifetimeValue(r, d)).OfType<ExpressionSyntax>(), ct),
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
    private static async Task<Document> SetLifetimesAsync(
        Document document, Func<SyntaxNode, IEnumerable<ExpressionSyntax>> valuesIn, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        var lifetime = FixOptions.Read(document, root.SyntaxTree).PooledConnectionLifetime;
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        foreach (var value in valuesIn(root))
        {
            editor.ReplaceNode(value, GeneratedSyntax.TimeSpanExpression(lifetime).WithTriviaFrom(value));
        }

        return await Imports.AddAsync(editor, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The value of a flagged <c>PooledConnectionLifetime = TimeSpan.Zero</c>, which the fix replaces instead of removing.</summary>
    private static ExpressionSyntax? LifetimeValue(SyntaxNode root, Diagnostic diagnostic)
        => RemovalPlan.Flagged(root, diagnostic) is AssignmentExpressionSyntax { Right: { } value } assignment
           && assignment.Left switch
           {
               IdentifierNameSyntax name => name.Identifier.ValueText,
               MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
               _ => null,
           } == "PooledConnectionLifetime"
            ? value
            : null;
}
