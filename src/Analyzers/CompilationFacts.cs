using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers;

/// <summary>One <see cref="KnownTypes"/> and one <see cref="Lifetimes.LifetimeJudge"/> per compilation, shared by every analyzer.</summary>
internal static class CompilationFacts
{
    private static readonly ConditionalWeakTable<Compilation, Lifetimes.LifetimeJudge> s_judges = new();

    public static Lifetimes.LifetimeJudge GetJudge(Compilation compilation)
        => s_judges.GetValue(compilation, static c => new Lifetimes.LifetimeJudge(KnownTypes.Create(c)));

    public static KnownTypes GetKnownTypes(Compilation compilation) => GetJudge(compilation).Types;
}
