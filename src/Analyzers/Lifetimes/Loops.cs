using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>
/// How long a loop runs: until something tells it to stop (a server's accept loop, a message pump), or on its own
/// (a counter filling one buffer, a drain of what has already arrived); what runs once per iteration; how a loop is
/// named in messages. Shared by the lifetime judge and the socket rules.
/// </summary>
internal static class Loops
{
    /// <summary>
    /// True when <paramref name="child"/> (a direct child of <paramref name="loop"/>) runs once per iteration: the body,
    /// a <c>for</c> loop's condition and increment, a <c>while</c>/<c>do</c> condition. The one definition of
    /// "created once per iteration".
    /// </summary>
    public static bool RunsEveryIteration(ILoopOperation loop, IOperation child)
        => child == loop.Body
           || (loop is IForLoopOperation forLoop && (forLoop.AtLoopBottom.Contains(child) || forLoop.Condition == child))
           || (loop is IWhileLoopOperation whileLoop && whileLoop.Condition == child);

    /// <summary>
    /// The innermost loop that evaluates <paramref name="operation"/> once per iteration (see
    /// <see cref="RunsEveryIteration"/>), with no lambda or local function in between: a lambda in a loop runs when its
    /// caller decides.
    /// </summary>
    public static ILoopOperation? IterationLoop(IOperation operation)
    {
        for (var (child, node) = (operation, operation.Parent); node is not null; (child, node) = (node, node.Parent))
        {
            switch (node)
            {
                case IAnonymousFunctionOperation or ILocalFunctionOperation:
                    return null;
                case ILoopOperation loop when RunsEveryIteration(loop, child):
                    return loop;
            }
        }

        return null;
    }

    /// <summary>The keyword that names a loop in every message: <c>for</c>, <c>foreach</c>, <c>await foreach</c>, <c>while</c>, <c>do</c>.</summary>
    public static string Keyword(ILoopOperation loop) => loop switch
    {
        IForEachLoopOperation { IsAsynchronous: true } => "await foreach",
        IForEachLoopOperation => "foreach",
        IForLoopOperation => "for",
        IWhileLoopOperation { ConditionIsTop: false } => "do",
        _ => "while",
    };

    /// <summary>"in every iteration of a while loop": what repeats once per iteration (the judge's reason, CH0011's place).</summary>
    public static string EveryIterationPhrase(ILoopOperation loop) => "in every iteration of a " + Keyword(loop) + " loop";

    /// <summary>"across a long-running while loop": what lives for the whole loop (CH0012's place).</summary>
    public static string AcrossPhrase(ILoopOperation loop) => "across a long-running " + Keyword(loop) + " loop";

    /// <summary>
    /// <paramref name="method"/> (declared in this compilation) runs a loop until told to stop. In the file of
    /// <paramref name="model"/> the operation tree says so (<see cref="IsLongRunning"/>); in another file, the plain
    /// shapes of an endless loop are read from syntax (<c>while (true)</c>, <c>do ... while (true)</c>, <c>for (;;)</c>).
    /// </summary>
    public static bool MethodRunsUntilStopped(IMethodSymbol method, SemanticModel? model, CancellationToken cancellationToken)
    {
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            var declaration = reference.GetSyntax(cancellationToken);
            if (model is not null && declaration.SyntaxTree == model.SyntaxTree)
            {
                if (model.GetOperation(declaration, cancellationToken) is { } body
                    && body.Descendants().Any(o => o is ILoopOperation loop && IsLongRunning(loop)))
                {
                    return true;
                }

                continue;
            }

            if (declaration.DescendantNodes().Any(n => n is WhileStatementSyntax { Condition: LiteralExpressionSyntax { Token.ValueText: "true" } }
                                                        or DoStatementSyntax { Condition: LiteralExpressionSyntax { Token.ValueText: "true" } }
                                                        or ForStatementSyntax { Condition: null }))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Loops that run until something tells them to stop: <c>while</c>/<c>do</c> that are neither counter nor drain
    /// loops, <c>for</c> without a condition, <c>await foreach</c> (a channel or stream of messages). Counted <c>for</c>
    /// and plain <c>foreach</c> loops end on their own.
    /// </summary>
    public static bool IsLongRunning(ILoopOperation loop) => loop switch
    {
        IWhileLoopOperation => !EndsOnItsOwn(loop),
        IForLoopOperation forLoop => forLoop.Condition is null,
        IForEachLoopOperation forEach => forEach.IsAsynchronous,
        _ => false,
    };

    /// <summary>
    /// A <c>while</c>/<c>do</c> loop that is part of one exchange: bounded by a counter (its condition, or one side of
    /// an <c>&amp;&amp;</c>, compares locals, parameters, constants and lengths with no call: <c>while (read &lt; buffer.Length)</c>),
    /// or draining what has already arrived (<c>while (socket.Available &gt; 0)</c>, <c>do { ... } while (stream.DataAvailable)</c>).
    /// <c>while (stream.Read(...) &gt; 0)</c> is neither.
    /// </summary>
    public static bool EndsOnItsOwn(ILoopOperation loop)
        => loop is IWhileLoopOperation { Condition: { } condition } && (IsCounterCondition(condition) || IsDrainCondition(condition));

    /// <summary>
    /// A loop that is one exchange, not several: a drain loop, or a counter loop whose body reads
    /// (<c>while (read &lt; length) read += stream.Read(...)</c>). A counter loop that sends N messages is N operations.
    /// </summary>
    public static bool IsSingleExchange(ILoopOperation loop)
    {
        if (loop is not IWhileLoopOperation { Condition: { } condition })
        {
            return false;
        }

        if (IsDrainCondition(condition))
        {
            return true;
        }

        if (!IsCounterCondition(condition))
        {
            return false;
        }

        foreach (var operation in loop.Body.Descendants())
        {
            if (operation is IInvocationOperation { TargetMethod.Name: "Read" or "ReadAsync" or "Receive" or "ReceiveAsync" or "ReadAtLeast" or "ReadAtLeastAsync" })
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCounterCondition(IOperation condition)
        => condition.WithoutConversionsAndParentheses() is IBinaryOperation binary
           && (binary.OperatorKind is BinaryOperatorKind.ConditionalAnd
               ? IsCounterCondition(binary.LeftOperand) || IsCounterCondition(binary.RightOperand)
               : binary.OperatorKind is BinaryOperatorKind.LessThan or BinaryOperatorKind.LessThanOrEqual or BinaryOperatorKind.GreaterThan or BinaryOperatorKind.GreaterThanOrEqual
                 && IsCounterOperand(binary.LeftOperand) && IsCounterOperand(binary.RightOperand));

    /// <summary><c>x.Available &gt; 0</c>, <c>x.Available != 0</c>, <c>x.DataAvailable</c>, alone or as one side of <c>&amp;&amp;</c>.</summary>
    private static bool IsDrainCondition(IOperation condition) => condition.WithoutConversionsAndParentheses() switch
    {
        IBinaryOperation { OperatorKind: BinaryOperatorKind.ConditionalAnd } both => IsDrainCondition(both.LeftOperand) || IsDrainCondition(both.RightOperand),
        IBinaryOperation { OperatorKind: BinaryOperatorKind.GreaterThan or BinaryOperatorKind.NotEquals } compare => IsArrivedBytes(compare.LeftOperand) && compare.RightOperand.ConstantValue is { HasValue: true, Value: 0 },
        var other => IsArrivedBytes(other),
    };

    private static bool IsArrivedBytes(IOperation operand)
        => operand.WithoutConversionsAndParentheses() is IPropertyReferenceOperation { Property: { Name: "Available" or "DataAvailable" } property }
           && NamespaceNames.Is(property.ContainingNamespace, "System.Net.Sockets");

    private static bool IsCounterOperand(IOperation operand)
    {
        foreach (var node in operand.DescendantsAndSelf())
        {
            switch (node)
            {
                case IInvocationOperation or IAwaitOperation or IObjectCreationOperation:
                    return false;
                case IPropertyReferenceOperation property when property.Property.Name is not ("Length" or "Count" or "LongLength"):
                    return false;
            }
        }

        return true;
    }
}
