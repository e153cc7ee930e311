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

            foreach (var token in reference.GetSyntax(cancellationToken).DescendantTokens())
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

        return new FactoryCallers(calls.ToImmutable(), complete);
    }
}
