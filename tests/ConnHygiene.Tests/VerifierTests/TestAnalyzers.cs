// Test-only analyzers live in the test assembly on purpose: not shipped, no release tracking, net10.0 with Workspaces.
#pragma warning disable RS1038, RS1041, RS2008

using System;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.VerifierTests;

// Test-only analyzers and fixes that exercise the verifier. Not part of ConnHygiene.

internal static class TestRules
{
    public static readonly DiagnosticDescriptor NewObject = new(
        "TST0001", "Bare object", "'{0}' allocates a bare {1}", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor Throws = new(
        "TST0002", "Throws", "Never reported", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor NewBuilder = new(
        "TST0005", "StringBuilder", "A StringBuilder is created", "Test", DiagnosticSeverity.Warning, isEnabledByDefault: true);

    public const string LabelOption = "tst.label";
    public const string FillCharOption = "tst.fill_char";

    /// <summary>The containing member's name, for message arguments.</summary>
    public static string MemberName(OperationAnalysisContext context) => context.ContainingSymbol.Name;
}

/// <summary>TST0001 on every <c>new object()</c>; the message's second argument comes from <c>tst.label</c> in .editorconfig.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class NewObjectAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(TestRules.NewObject);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(Analyze, OperationKind.ObjectCreation);
    }

    private static void Analyze(OperationAnalysisContext context)
    {
        if (context.Operation is IObjectCreationOperation { Type.SpecialType: SpecialType.System_Object } creation)
        {
            var options = context.Options.AnalyzerConfigOptionsProvider.GetOptions(creation.Syntax.SyntaxTree);
            var label = options.TryGetValue(TestRules.LabelOption, out var value) ? value : "object";
            context.ReportDiagnostic(Diagnostic.Create(TestRules.NewObject, creation.Syntax.GetLocation(), TestRules.MemberName(context), label));
        }
    }
}

/// <summary>TST0001 like <see cref="NewObjectAnalyzer"/> plus TST0005 on every <c>new StringBuilder()</c>.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ObjectAndBuilderAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(TestRules.NewObject, TestRules.NewBuilder);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(
            c =>
            {
                if (c.Operation is IObjectCreationOperation { Type: { } type } creation)
                {
                    if (type.SpecialType == SpecialType.System_Object)
                    {
                        c.ReportDiagnostic(Diagnostic.Create(TestRules.NewObject, creation.Syntax.GetLocation(), TestRules.MemberName(c), "object"));
                    }
                    else if (type.Name == "StringBuilder")
                    {
                        c.ReportDiagnostic(Diagnostic.Create(TestRules.NewBuilder, creation.Syntax.GetLocation()));
                    }
                }
            },
            OperationKind.ObjectCreation);
    }
}

/// <summary>Throws on every object creation: the host would show AD0001.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal sealed class ThrowingAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics => ImmutableArray.Create(TestRules.Throws);

    public override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterOperationAction(_ => throw new InvalidOperationException("test analyzer exploded"), OperationKind.ObjectCreation);
    }
}

/// <summary>Abstract, so analyzer discovery must skip it.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
internal abstract class AbstractTestAnalyzer : DiagnosticAnalyzer
{
}

/// <summary>
/// Base of the test fixes: registers, for each TST0001 not inside a method named <c>Keep</c>, the actions
/// <see cref="Replacements"/> gives, each replacing the creation with an expression.
/// </summary>
internal abstract class ReplaceObjectFixBase : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(TestRules.NewObject.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root?.FindNode(context.Span, getInnermostNodeForTie: true) is not ExpressionSyntax node
            || node.Ancestors().OfType<MethodDeclarationSyntax>().Any(m => m.Identifier.ValueText == "Keep"))
        {
            return;
        }

        var options = context.Document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(node.SyntaxTree);
        foreach (var (title, key, expression) in Replacements(options))
        {
            context.RegisterCodeFix(
                CodeAction.Create(
                    title,
                    _ => Task.FromResult(context.Document.WithSyntaxRoot(
                        root.ReplaceNode(node, SyntaxFactory.ParseExpression(expression).WithTriviaFrom(node)))),
                    key),
                context.Diagnostics);
        }
    }

    protected abstract (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options);
}

/// <summary>Replaces <c>new object()</c> with <c>new string('x', 1)</c> (the char from <c>tst.fill_char</c>) or with <c>null!</c>.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
internal sealed class ReplaceObjectFix : ReplaceObjectFixBase
{
    public const string StringKey = "TST0001.String";
    public const string NullKey = "TST0001.Null";

    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options)
    {
        var fill = options.TryGetValue(TestRules.FillCharOption, out var value) && value.Length == 1 ? value : "x";
        return new[]
        {
            ("Use a string", StringKey, $"new string('{fill}', 1)"),
            ("Use null", NullKey, "null!"),
        };
    }
}

/// <summary>A fix whose result does not compile.</summary>
internal sealed class BrokenFix : ReplaceObjectFixBase
{
    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        new[] { ("Broken", "TST0001.Broken", "new Strng()") };
}

/// <summary>
/// Builds <c>new StringBuilder("a")</c> with <see cref="DocumentEditor"/> and <see cref="SyntaxGenerator"/> as real fixes do,
/// so the result shows that the code action's post-processing (add imports, simplify, format) runs in the verifier's workspace.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp), Shared]
internal sealed class AnnotatedFix : CodeFixProvider
{
    public override ImmutableArray<string> FixableDiagnosticIds => ImmutableArray.Create(TestRules.NewObject.Id);

    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    public override Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var document = context.Document;
        var span = context.Span;
        context.RegisterCodeFix(
            CodeAction.Create("Use a builder", ct => FixAsync(document, span, ct), "TST0001.Annotated"),
            context.Diagnostics);
        return Task.CompletedTask;
    }

    private static async Task<Document> FixAsync(Document document, TextSpan span, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var node = editor.OriginalRoot.FindNode(span, getInnermostNodeForTie: true);
        if (editor.SemanticModel.Compilation.GetTypeByMetadataName("System.Text.StringBuilder") is not { } builder)
        {
            return document;
        }

        var generator = editor.Generator;
        editor.ReplaceNode(
            node,
            generator.ObjectCreationExpression(
                    generator.TypeExpression(builder).WithAdditionalAnnotations(Simplifier.AddImportsAnnotation),
                    generator.LiteralExpression("a"))
                .WithTriviaFrom(node)
                .WithAdditionalAnnotations(Formatter.Annotation));
        return editor.GetChangedDocument();
    }
}

/// <summary>Like <see cref="ReplaceObjectFix"/>, but offered only where SocketsHttpHandler resolves (the CH0003 pattern).</summary>
internal sealed class SocketsOnlyFix : ReplaceObjectFixBase
{
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (model?.Compilation.GetTypeByMetadataName("System.Net.Http.SocketsHttpHandler") is not null)
        {
            await base.RegisterCodeFixesAsync(context).ConfigureAwait(false);
        }
    }

    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        new[] { ("Use a string", ReplaceObjectFix.StringKey, "new string('x', 1)") };
}

/// <summary>A fix provider that throws.</summary>
internal sealed class ThrowingFix : ReplaceObjectFixBase
{
    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        throw new InvalidOperationException("test fix exploded");
}

/// <summary>A fix that creates what it fixes again, so it never converges.</summary>
internal sealed class LoopingFix : ReplaceObjectFixBase
{
    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        new[] { ("Wrap", "TST0001.Wrap", "new object[] { new object() }") };
}

/// <summary>A fix that introduces another diagnostic of the analyzer (TST0005).</summary>
internal sealed class BuilderFix : ReplaceObjectFixBase
{
    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        new[] { ("Use a builder", "TST0001.Builder", "new System.Text.StringBuilder()") };
}

/// <summary>A fix whose Fix All fixes only the first diagnostic it is given.</summary>
internal sealed class FirstOnlyFixAll : ReplaceObjectFixBase
{
    public override FixAllProvider GetFixAllProvider() => new FirstOnly();

    protected override (string Title, string Key, string Expression)[] Replacements(AnalyzerConfigOptions options) =>
        new[] { ("Use a string", ReplaceObjectFix.StringKey, "new string('x', 1)") };

    private sealed class FirstOnly : FixAllProvider
    {
        public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
        {
            var diagnostics = fixAllContext.Scope == FixAllScope.Document && fixAllContext.Document is { } document
                ? await fixAllContext.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false)
                : await fixAllContext.GetAllDiagnosticsAsync(fixAllContext.Project).ConfigureAwait(false);
            var first = diagnostics.FirstOrDefault();
            if (first?.Location.SourceTree is not { } tree
                || fixAllContext.Project.GetDocument(tree) is not { } target
                || await target.GetSyntaxRootAsync(fixAllContext.CancellationToken).ConfigureAwait(false) is not { } root)
            {
                return null;
            }

            var node = root.FindNode(first.Location.SourceSpan, getInnermostNodeForTie: true);
            return CodeAction.Create(
                "First only",
                _ => Task.FromResult(target.WithSyntaxRoot(root.ReplaceNode(node, SyntaxFactory.ParseExpression("new string('x', 1)").WithTriviaFrom(node)))),
                ReplaceObjectFix.StringKey);
        }
    }
}
