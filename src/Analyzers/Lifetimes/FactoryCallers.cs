using System.Collections.Immutable;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// The places in the same file that call (or take a method group of) a private factory method, each with the member
/// that holds it. Uses the semantic model the analyzer already has; callers in other files of a partial type make the
/// result incomplete.
/// </summary>
internal readonly struct FactoryCallers
{
    private FactoryCallers(ImmutableArray<(IOperation Call, ISymbol Caller)> calls, bool complete)
    {
        Calls = calls;
        Complete = complete;
    }

    public ImmutableArray<(IOperation Call, ISymbol Caller)> Calls { get; }

    /// <summary>False when part of the type lives in another file, so some callers were not seen.</summary>
    public bool Complete { get; }

    public bool IsEmpty => Calls.IsEmpty;

    /// <summary>
    /// The calls of a visible (non-private) factory anywhere in <paramref name="model"/>'s compilation. Never complete:
    /// other assemblies may call it too. Only the files <paramref name="callSites"/> says name the factory are bound.
    /// </summary>
    public static FactoryCallers FindInCompilation(IMethodSymbol factory, SemanticModel model, CallSites callSites, CancellationToken cancellationToken)
    {
        var calls = ImmutableArray.CreateBuilder<(IOperation, ISymbol)>();
        foreach (var tree in callSites.FilesNaming(factory.Name, cancellationToken))
        {
            cancellationToken.ThrowIfCancellationRequested();
#pragma warning disable RS1030 // Callers in other files need their own models; the driver caches them, and only files naming the factory are asked.
            var treeModel = tree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(tree);
#pragma warning restore RS1030
            AddCalls(factory, treeModel, tree.GetRoot(cancellationToken), calls, cancellationToken);
        }

        return new FactoryCallers(calls.ToImmutable(), complete: false);
    }

    public static FactoryCallers Find(IMethodSymbol factory, SemanticModel model, CancellationToken cancellationToken)
    {
        var type = factory.ContainingType;
        if (type is null)
        {
            return new FactoryCallers(ImmutableArray<(IOperation, ISymbol)>.Empty, complete: false);
        }

        var complete = true;
        var calls = ImmutableArray.CreateBuilder<(IOperation, ISymbol)>();
        foreach (var reference in type.DeclaringSyntaxReferences)
        {
            if (reference.SyntaxTree != model.SyntaxTree)
            {
                complete = false;
                continue;
            }

            AddCalls(factory, model, reference.GetSyntax(cancellationToken), calls, cancellationToken);
        }

        return new FactoryCallers(calls.ToImmutable(), complete);
    }

    private static void AddCalls(IMethodSymbol factory, SemanticModel model, SyntaxNode scope, ImmutableArray<(IOperation, ISymbol)>.Builder calls, CancellationToken cancellationToken)
    {
        foreach (var token in scope.DescendantTokens())
        {
            if (token.ValueText != factory.Name || token.Parent is not IdentifierNameSyntax name)
            {
                continue;
            }

            var site = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? (ExpressionSyntax)access : name;
            var operation = site.Parent is InvocationExpressionSyntax invocation
                ? model.GetOperation(invocation, cancellationToken)
                : model.GetOperation(site, cancellationToken);
            var call = operation switch
            {
                IInvocationOperation i when SymbolEqualityComparer.Default.Equals(i.TargetMethod.OriginalDefinition, factory.OriginalDefinition) => operation,
                IMethodReferenceOperation m when SymbolEqualityComparer.Default.Equals(m.Method.OriginalDefinition, factory.OriginalDefinition) => m.Parent ?? operation,
                _ => null,
            };
            if (call is not null && model.GetEnclosingSymbol(site.SpanStart, cancellationToken) is { } caller)
            {
                calls.Add((call, caller));
            }
        }
    }
}
