using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace ConnHygiene.Tests.Meta;

/// <summary>
/// Every analyzer's Initialize: concurrent execution on, generated code skipped, and everything registered from a
/// compilation-start action (so that nothing runs when the networking types are absent).
/// </summary>
public class AnalyzerShapeTests
{
    public static TheoryData<string> AnalyzerNames() => RuleCatalog.AnalyzerTypeNames();

    [Theory]
    [MemberData(nameof(AnalyzerNames))]
    public void Initialize_enables_concurrency_skips_generated_code_and_registers_at_compilation_start(string typeName)
    {
        var analyzer = RuleCatalog.CreateAnalyzer(typeName);
        var context = new RecordingAnalysisContext();
        analyzer.Initialize(context);

        Assert.True(context.ConcurrentExecutionEnabled, $"{analyzer.GetType().Name} does not call EnableConcurrentExecution().");
        Assert.Equal(GeneratedCodeAnalysisFlags.None, context.GeneratedCodeFlags);
        Assert.True(context.CompilationStartActions > 0, $"{analyzer.GetType().Name} registers no compilation-start action.");
        Assert.True(
            context.OtherRegistrations.Count == 0,
            $"{analyzer.GetType().Name} registers outside a compilation-start action: {string.Join(", ", context.OtherRegistrations)}.");
    }

    /// <summary>Records what an analyzer does in Initialize.</summary>
    private sealed class RecordingAnalysisContext : AnalysisContext
    {
        public bool ConcurrentExecutionEnabled { get; private set; }

        public GeneratedCodeAnalysisFlags? GeneratedCodeFlags { get; private set; }

        public int CompilationStartActions { get; private set; }

        public List<string> OtherRegistrations { get; } = new();

        public override void EnableConcurrentExecution() => ConcurrentExecutionEnabled = true;

        public override void ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags analysisMode) => GeneratedCodeFlags = analysisMode;

        public override void RegisterCompilationStartAction(Action<CompilationStartAnalysisContext> action) => CompilationStartActions++;

        public override void RegisterCompilationAction(Action<CompilationAnalysisContext> action) => OtherRegistrations.Add("compilation action");

        public override void RegisterSemanticModelAction(Action<SemanticModelAnalysisContext> action) => OtherRegistrations.Add("semantic model action");

        public override void RegisterSymbolAction(Action<SymbolAnalysisContext> action, ImmutableArray<SymbolKind> symbolKinds) => OtherRegistrations.Add("symbol action");

        public override void RegisterCodeBlockStartAction<TLanguageKindEnum>(Action<CodeBlockStartAnalysisContext<TLanguageKindEnum>> action) => OtherRegistrations.Add("code block start action");

        public override void RegisterCodeBlockAction(Action<CodeBlockAnalysisContext> action) => OtherRegistrations.Add("code block action");

        public override void RegisterSyntaxTreeAction(Action<SyntaxTreeAnalysisContext> action) => OtherRegistrations.Add("syntax tree action");

        public override void RegisterSyntaxNodeAction<TLanguageKindEnum>(Action<SyntaxNodeAnalysisContext> action, ImmutableArray<TLanguageKindEnum> syntaxKinds) => OtherRegistrations.Add("syntax node action");

        public override void RegisterOperationAction(Action<OperationAnalysisContext> action, ImmutableArray<OperationKind> operationKinds) => OtherRegistrations.Add("operation action");

        public override void RegisterOperationBlockAction(Action<OperationBlockAnalysisContext> action) => OtherRegistrations.Add("operation block action");

        public override void RegisterOperationBlockStartAction(Action<OperationBlockStartAnalysisContext> action) => OtherRegistrations.Add("operation block start action");

        public override void RegisterSymbolStartAction(Action<SymbolStartAnalysisContext> action, SymbolKind symbolKind) => OtherRegistrations.Add("symbol start action");

        public override void RegisterAdditionalFileAction(Action<AdditionalFileAnalysisContext> action) => OtherRegistrations.Add("additional file action");
    }
}
