using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Analyzers;

/// <summary>
/// Base of every ConnHygiene analyzer: concurrent execution on, generated code skipped, and everything registered from
/// one compilation-start action that receives the compilation's shared <see cref="LifetimeJudge"/> (and through it the
/// <see cref="KnownTypes"/>). A rule registers nothing there when the types it needs are absent.
/// </summary>
public abstract class ConnHygieneAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public sealed override void Initialize(AnalysisContext context)
    {
        context.EnableConcurrentExecution();
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.RegisterCompilationStartAction(start => OnCompilationStart(start, CompilationFacts.GetJudge(start.Compilation)));
    }

    /// <summary>
    /// Once per compilation: bail out when the rule's types are absent, otherwise register the rule's actions on
    /// <paramref name="start"/>. <paramref name="judge"/> is shared by every analyzer of the compilation.
    /// </summary>
    private protected abstract void OnCompilationStart(CompilationStartAnalysisContext start, LifetimeJudge judge);
}
