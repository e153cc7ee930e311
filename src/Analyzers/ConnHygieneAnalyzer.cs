using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Analyzers;

/// <summary>
/// Base of every ConnHygiene analyzer: concurrent execution on, generated code skipped, and everything registered from
/// one compilation-start action that receives the compilation's shared <see cref="LifetimeJudge"/> (and through it the
/// <see cref="KnownTypes"/>) and the <see cref="OperationRules"/> its operation actions go to. A rule registers nothing
/// there when the types it needs are absent. An analyzer is one rule or, as
/// <see cref="ConnHygieneRulesAnalyzer"/>, hosts several, whose operation actions then share one callback per operation.
/// </summary>
public abstract class ConnHygieneAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start =>
        {
            var judge = CompilationFacts.GetJudge(start.Compilation);
            var operations = new OperationRules(start.Compilation, start.Options);
            OnCompilationStart(operations, judge);
            operations.Register(start);
        });
    }

    /// <summary>Starts <paramref name="rule"/> inside another analyzer's compilation start (for an analyzer that hosts rules).</summary>
    private protected static void Start(ConnHygieneAnalyzer rule, OperationRules operations, LifetimeJudge judge)
        => rule.OnCompilationStart(operations, judge);

    /// <summary>
    /// Once per compilation: bail out when the rule's types are absent, otherwise register the rule's operation actions
    /// on <paramref name="operations"/>. <paramref name="judge"/> is shared by every analyzer of the compilation.
    /// </summary>
    private protected abstract void OnCompilationStart(OperationRules operations, LifetimeJudge judge);
}
