using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;

namespace ConnHygiene.CodeFixes.Common;

/// <summary>
/// Fix All for fixes that share what they add (one static field per type, one service registration per project):
/// every diagnostic's node is marked first, then the single-site fix runs on each in turn against the solution the
/// previous one produced, so the second site finds and reuses what the first one added.
/// </summary>
internal sealed class SequentialFixAllProvider : FixAllProvider
{
    private readonly Func<Document, SyntaxNode, string, CancellationToken, Task<Solution?>> _fixOne;

    /// <param name="fixOne">Fixes the diagnostic whose node is given, for an equivalence key; null when it no longer applies.</param>
    public SequentialFixAllProvider(Func<Document, SyntaxNode, string, CancellationToken, Task<Solution?>> fixOne)
        => _fixOne = fixOne;

    public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
        => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

    public override Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
    {
        var key = fixAllContext.CodeActionEquivalenceKey;
        if (key is null)
        {
            return Task.FromResult<CodeAction?>(null);
        }

        return Task.FromResult<CodeAction?>(CodeAction.Create(
            "Fix all " + string.Join(", ", fixAllContext.DiagnosticIds),
            ct => FixAllAsync(fixAllContext, key, ct),
            key));
    }

    private async Task<Solution> FixAllAsync(FixAllContext context, string key, CancellationToken cancellationToken)
    {
        var documents = context.Scope switch
        {
            FixAllScope.Document when context.Document is not null => ImmutableArray.Create(context.Document),
            FixAllScope.Project => context.Project.Documents.ToImmutableArray(),
            FixAllScope.Solution => context.Solution.Projects.SelectMany(p => p.Documents).ToImmutableArray(),
            _ => ImmutableArray<Document>.Empty,
        };

        // Mark every site first: later edits move text, annotations follow the nodes.
        var solution = context.Solution;
        var work = new List<(DocumentId Document, SyntaxAnnotation Site)>();
        foreach (var document in documents)
        {
            var diagnostics = await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false);
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            if (diagnostics.IsEmpty || root is null)
            {
                continue;
            }

            var sites = new Dictionary<SyntaxNode, SyntaxAnnotation>();
            foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceSpan.Start))
            {
                var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
                if (!sites.ContainsKey(node))
                {
                    var annotation = new SyntaxAnnotation("ConnHygiene.FixAllSite");
                    sites.Add(node, annotation);
                    work.Add((document.Id, annotation));
                }
            }

            solution = solution.WithDocumentSyntaxRoot(document.Id, root.ReplaceNodes(sites.Keys, (original, current) => current.WithAdditionalAnnotations(sites[original])));
        }

        foreach (var (documentId, site) in work)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var document = solution.GetDocument(documentId);
            var root = document is null ? null : await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var node = root?.GetAnnotatedNodes(site).FirstOrDefault();
            if (document is null || node is null)
            {
                continue;
            }

            solution = await _fixOne(document, node, key, cancellationToken).ConfigureAwait(false) ?? solution;
        }

        return solution;
    }
}
