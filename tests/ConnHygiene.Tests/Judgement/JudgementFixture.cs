using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// One C# snippet compiled against the net10 + ASP.NET Core reference packs (the tests' own
/// <see cref="TestReferences.Net10AspNetCore"/>), for asking the shared judgement (lifetime judge, local usage, loops, stream reads)
/// questions about one marked node directly, without running an analyzer.
/// <para>
/// Mark a node with a comment right before it: <c>/*here*/new HttpClient()</c>; <see cref="Marked{TSyntax}"/> returns the
/// outermost <typeparamref name="TSyntax"/> starting at the token after the comment, <see cref="OperationAt{TOperation}"/> its
/// operation. Or take the Nth creation of a type: <see cref="Creation"/>.
/// </para>
/// </summary>
internal sealed class JudgementFixture
{
    private JudgementFixture(CSharpCompilation compilation)
    {
        Compilation = compilation;
        Tree = compilation.SyntaxTrees[0];
        Model = compilation.GetSemanticModel(Tree);
    }

    public CSharpCompilation Compilation { get; }

    /// <summary>The first file: the one markers and creations are looked up in.</summary>
    public SyntaxTree Tree { get; }

    public SemanticModel Model { get; }

    /// <summary>The per-compilation known types every analyzer uses (<see cref="CompilationFacts"/>).</summary>
    public KnownTypes Types => CompilationFacts.GetKnownTypes(Compilation);

    /// <summary>The per-compilation lifetime judge every analyzer uses (<see cref="CompilationFacts"/>).</summary>
    public LifetimeJudge Judge => CompilationFacts.GetJudge(Compilation);

    /// <summary>
    /// Compiles <paramref name="source"/> (plus <paramref name="otherFiles"/>) as the library <paramref name="assemblyName"/>
    /// (or an application for <see cref="OutputKind.ConsoleApplication"/>, which top-level statements need). Fails the test
    /// when the snippet has compile errors: a judgement of broken code says nothing.
    /// </summary>
    public static JudgementFixture Compile(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, string assemblyName = "App", params string[] otherFiles)
    {
        var parseOptions = new CSharpParseOptions(LanguageVersion.Latest);
        var trees = new[] { source }.Concat(otherFiles)
            .Select((text, i) => CSharpSyntaxTree.ParseText(text, parseOptions, path: $"/0/File{i}.cs"))
            .ToArray();
        var compilation = CSharpCompilation.Create(
            assemblyName,
            trees,
            TestReferences.Net10AspNetCore,
            new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable));
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        Assert.True(errors.Count == 0, "The snippet does not compile:" + Environment.NewLine + string.Join(Environment.NewLine, errors));
        return new JudgementFixture(compilation);
    }

    /// <summary>The outermost <typeparamref name="TSyntax"/> that starts at the token right after the comment <c>/*<paramref name="marker"/>*/</c>.</summary>
    public TSyntax Marked<TSyntax>(string marker = "here")
        where TSyntax : SyntaxNode
    {
        var comment = $"/*{marker}*/";
        var trivia = Tree.GetRoot().DescendantTrivia().Where(t => t.IsKind(SyntaxKind.MultiLineCommentTrivia) && t.ToString() == comment).ToList();
        Assert.True(trivia.Count == 1, $"Expected exactly one {comment} in the snippet, found {trivia.Count}.");
        // A comment after other code on its line is the trailing trivia of the token before it.
        var token = trivia[0].Token.Span.End <= trivia[0].SpanStart ? trivia[0].Token.GetNextToken() : trivia[0].Token;
        var node = token.Parent?.AncestorsAndSelf().OfType<TSyntax>().LastOrDefault(n => n.SpanStart == token.SpanStart);
        Assert.True(node is not null, $"No {typeof(TSyntax).Name} starts right after {comment}.");
        return node!;
    }

    /// <summary>The operation of the node marked <c>/*<paramref name="marker"/>*/</c>: the outermost syntax there whose operation is a <typeparamref name="TOperation"/>.</summary>
    public TOperation OperationAt<TOperation>(string marker = "here")
        where TOperation : class, IOperation
    {
        var start = Marked<SyntaxNode>(marker).SpanStart;
        var token = Tree.GetRoot().FindToken(start);
        var operation = token.Parent?.AncestorsAndSelf()
            .TakeWhile(n => n.SpanStart == start)
            .Select(n => Model.GetOperation(n))
            .OfType<TOperation>()
            .LastOrDefault();
        Assert.True(operation is not null, $"No {typeof(TOperation).Name} starts right after /*{marker}*/.");
        return operation!;
    }

    /// <summary>The <paramref name="index"/>th (from 0, in source order) creation of a type named <paramref name="typeName"/> (<c>new T(...)</c> or <c>new(...)</c>).</summary>
    public IObjectCreationOperation Creation(string typeName = "HttpClient", int index = 0)
    {
        var creations = Tree.GetRoot().DescendantNodes().OfType<BaseObjectCreationExpressionSyntax>()
            .Select(n => Model.GetOperation(n))
            .OfType<IObjectCreationOperation>()
            .Where(c => c.Type?.Name == typeName)
            .ToList();
        Assert.True(index < creations.Count, $"The snippet has {creations.Count} creation(s) of {typeName}; asked for #{index}.");
        return creations[index];
    }

    /// <summary>The <paramref name="index"/>th call (from 0, in source order) of a method named <paramref name="methodName"/>.</summary>
    public IInvocationOperation Invocation(string methodName, int index = 0)
    {
        var calls = Tree.GetRoot().DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Select(n => Model.GetOperation(n))
            .OfType<IInvocationOperation>()
            .Where(c => c.TargetMethod.Name == methodName)
            .ToList();
        Assert.True(index < calls.Count, $"The snippet has {calls.Count} call(s) of {methodName}; asked for #{index}.");
        return calls[index];
    }

    /// <summary>The <paramref name="index"/>th loop (from 0, in source order: for, foreach, while, do).</summary>
    public ILoopOperation Loop(int index = 0)
    {
        var loops = Tree.GetRoot().DescendantNodes()
            .Where(n => n is ForStatementSyntax or CommonForEachStatementSyntax or WhileStatementSyntax or DoStatementSyntax)
            .Select(n => Model.GetOperation(n))
            .OfType<ILoopOperation>()
            .ToList();
        Assert.True(index < loops.Count, $"The snippet has {loops.Count} loop(s); asked for #{index}.");
        return loops[index];
    }

    /// <summary>The local declared as <paramref name="name"/> (the only one of that name in the snippet's first file).</summary>
    public ILocalSymbol Local(string name)
    {
        var locals = Tree.GetRoot().DescendantNodes()
            .Where(n => n is VariableDeclaratorSyntax or SingleVariableDesignationSyntax)
            .Select(n => Model.GetDeclaredSymbol(n))
            .OfType<ILocalSymbol>()
            .Where(l => l.Name == name)
            .ToList();
        Assert.True(locals.Count == 1, $"Expected one local named {name}, found {locals.Count}.");
        return locals[0];
    }

    /// <summary>The member whose body holds <paramref name="operation"/>, as an analyzer's <c>OperationAnalysisContext.ContainingSymbol</c> gives it.</summary>
    public ISymbol ContainingSymbol(IOperation operation)
    {
        var symbol = Model.GetEnclosingSymbol(operation.Syntax.SpanStart);
        Assert.True(symbol is not null, $"No enclosing symbol for {operation.Syntax}.");
        return symbol!;
    }

    /// <summary>The lifetime judge's verdict on <paramref name="creation"/>, as the analyzers ask for it.</summary>
    public LifetimeVerdict Lifetime(IOperation creation, ConnHygieneOptions? options = null)
        => Judge.Judge(creation, ContainingSymbol(creation), options ?? ConnHygieneOptions.Default, CancellationToken.None);

    /// <summary>Options as <c>.editorconfig</c> would give them (<c>connhygiene.analyze_test_code = true</c>, ...).</summary>
    public static ConnHygieneOptions Options(params (string Key, string Value)[] values)
        => ConnHygieneOptions.Read(new DictionaryOptions(values.ToImmutableDictionary(v => v.Key, v => v.Value)));

    private sealed class DictionaryOptions : AnalyzerConfigOptions
    {
        private readonly ImmutableDictionary<string, string> _values;

        public DictionaryOptions(ImmutableDictionary<string, string> values) => _values = values;

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => _values.TryGetValue(key, out value);

        public override IEnumerable<string> Keys => _values.Keys;
    }
}
