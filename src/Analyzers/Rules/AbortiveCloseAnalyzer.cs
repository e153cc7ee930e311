using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0013: <c>LingerOption(true, 0)</c> set through <c>LingerState</c> (Socket, TcpClient, object initializers) or
/// <c>SetSocketOption(..., SocketOptionName.Linger, ...)</c>. Reported on the assignment or the call.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AbortiveCloseAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0013AbortiveClose);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        var types = judge.Types;
        if (types.Get("System.Net.Sockets.LingerOption") is not { } lingerOption || types.Socket is null)
        {
            return;
        }

        var facts = new Facts(types, lingerOption, types.Get("System.Net.Sockets.SocketOptionName"));
        operations.OnPropertyAssignment(c => AnalyzeAssignment(c, facts), "LingerState");
        operations.OnInvocation(c => AnalyzeInvocation(c, facts), "SetSocketOption");
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, Facts facts)
    {
        if (context.Operation is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { Name: "LingerState" } property } } assignment
            && KnownTypes.IsOrDerivesFromAny(property.ContainingType, facts.Types.SocketTypes)
            && IsAbortive(assignment.Value, facts))
        {
            Report(context, assignment.Syntax);
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, Facts facts)
    {
        if (context.Operation is IInvocationOperation { TargetMethod: { Name: "SetSocketOption" } method } invocation
            && KnownTypes.IsOrDerivesFrom(method.ContainingType, facts.Types.Socket)
            && invocation.Arguments.Length == 3
            && IsLingerOptionName(invocation.Arguments[1].Value, facts)
            && IsAbortive(invocation.Arguments[2].Value, facts))
        {
            Report(context, invocation.Syntax);
        }
    }

    private static void Report(OperationAnalysisContext context, SyntaxNode site)
        => context.ReportDiagnostic(Diagnostic.Create(Descriptors.CH0013AbortiveClose, site.GetLocation(), Display.Member(context.ContainingSymbol)));

    private static bool IsLingerOptionName(IOperation value, Facts facts)
        => UnwrapConversions(value) is { Type: { } type, ConstantValue: { HasValue: true, Value: int name } }
           && SymbolEqualityComparer.Default.Equals(type, facts.SocketOptionName)
           && name == LingerOptionName;

    /// <summary>
    /// True for <c>new LingerOption(true, 0)</c> (also target-typed, constant-folded arguments, and initializer settings that
    /// override them): enabled with a zero timeout. Anything not a compile-time constant is left alone.
    /// </summary>
    private static bool IsAbortive(IOperation value, Facts facts)
    {
        var unwrapped = UnwrapConversions(value);
        if (unwrapped is ILocalReferenceOperation reference && Locals.SingleValue(reference.Local, value.Root()) is { } initial)
        {
            unwrapped = UnwrapConversions(initial);
        }

        if (unwrapped is not IObjectCreationOperation { Constructor: { } constructor } creation
            || !SymbolEqualityComparer.Default.Equals(constructor.ContainingType, facts.LingerOption)
            || creation.Arguments.Length != 2)
        {
            return false;
        }

        bool? enabled = Constant(creation.Arguments[0].Value) is bool on ? on : null;
        int? seconds = Constant(creation.Arguments[1].Value) is int time ? time : null;
        if (creation.Initializer is { } initializer)
        {
            foreach (var setting in initializer.Initializers)
            {
                if (setting is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property.Name: { } name } } set)
                {
                    return false;
                }

                var constant = Constant(set.Value);
                if (name == "Enabled")
                {
                    enabled = constant is bool b ? b : null;
                }
                else if (name == "LingerTime")
                {
                    seconds = constant is int i ? i : null;
                }
            }
        }

        return enabled == true && seconds == 0;
    }

    private static object? Constant(IOperation value)
        => value.ConstantValue is { HasValue: true, Value: var constant } ? constant : UnwrapConversions(value).ConstantValue is { HasValue: true, Value: var inner } ? inner : null;

    private static IOperation UnwrapConversions(IOperation operation)
    {
        while (operation is IConversionOperation { Operand: { } operand })
        {
            operation = operand;
        }

        return operation;
    }

    /// <summary><c>SocketOptionName.Linger</c> (0x80, the same on every platform).</summary>
    private const int LingerOptionName = 0x80;

    private sealed class Facts
    {
        public Facts(KnownTypes types, INamedTypeSymbol lingerOption, INamedTypeSymbol? socketOptionName)
        {
            Types = types;
            LingerOption = lingerOption;
            SocketOptionName = socketOptionName;
        }

        public KnownTypes Types { get; }

        public INamedTypeSymbol LingerOption { get; }

        public INamedTypeSymbol? SocketOptionName { get; }
    }
}
