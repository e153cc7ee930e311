using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Analyzers;

/// <summary>
/// Base of every ConnHygiene analyzer: concurrent execution on, generated code skipped, and everything registered from
/// one compilation-start action that receives the compilation's shared <see cref="LifetimeJudge"/> (and through it the
/// <see cref="KnownTypes"/>) and the <see cref="OperationRules"/> its operation actions go to. A rule registers nothing
/// there when the types it needs are absent. One analyzer per rule (CH0010/CH0011 share one): <c>dotnet format analyzers</c>
/// takes a fixer's Fix All key from the first diagnostic of the analyzers that support the rule, whatever its ID, so
/// behind one analyzer hosting several fixable rules most fixers were handed another rule's diagnostic and fixed nothing.
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

    /// <summary>
    /// Once per compilation: bail out when the rule's types are absent, otherwise register the rule's operation actions
    /// on <paramref name="operations"/>. <paramref name="judge"/> is shared by every analyzer of the compilation.
    /// </summary>
    private protected abstract void OnCompilationStart(OperationRules operations, LifetimeJudge judge);
}
