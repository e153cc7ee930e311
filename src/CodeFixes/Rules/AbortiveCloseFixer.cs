using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0013: removes the zero linger option through the shared <see cref="RemovalPlan"/> — the statement that sets it,
/// its object-initializer entry, or the body of a <c>void</c> lambda or method that only sets it — and tidies what that
/// leaves empty (an <c>if</c> or <c>else</c> with nothing left to do, an empty initializer, a local that only held the
/// option). Not offered where the
/// value of the assignment is used. Fix All edits each document once.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(AbortiveCloseFixer))]
[Shared]
public sealed class AbortiveCloseFixer : SiteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.AbortiveClose);

    public override FixAllProvider GetFixAllProvider()
        => FixAllProvider.Create((context, document, diagnostics) => RemovalPlan.RemoveAsync(document, diagnostics, context.CancellationToken, IsConstantLingerOption)!);

    /// <summary>
    /// <c>new LingerOption(true, 0)</c> (with constant arguments and initializer values): creating one does nothing but
    /// hold the values, so a local that held it for the removed setting can go with it.
    /// </summary>
    private static bool IsConstantLingerOption(IOperation value)
        => value is IObjectCreationOperation { Type: { Name: "LingerOption" } type } creation
           && NamespaceNames.Is(type.ContainingNamespace, "System.Net.Sockets")
           && creation.Arguments.All(a => a.Value.ConstantValue.HasValue)
           && (creation.Initializer is null || creation.Initializer.Initializers.All(i => i is ISimpleAssignmentOperation { Value.ConstantValue.HasValue: true }));

    private protected override void RegisterFixes(FixSite site)
    {
        if (RemovalPlan.SiteOf(site.Root, site.Diagnostic, site.Model, site.CancellationToken) is not null)
        {
            site.Register(CodeAction.Create(
                "Remove the zero linger option",
                ct => RemovalPlan.RemoveAsync(site.Document, ImmutableArray.Create(site.Diagnostic), ct, IsConstantLingerOption),
                EquivalenceKeys.RemoveAbortiveLinger));
        }
    }
}
