using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Streams;
using ConnHygiene.CodeFixes.Common;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0014: read the whole buffer. A stream read becomes <c>ReadExactly</c>/<c>ReadExactlyAsync</c> where the target framework
/// has them (checked by binding the rewritten call); a socket receive, or a stream read on a framework without
/// <c>ReadExactly</c>, becomes a fill loop that throws <c>EndOfStreamException</c> when the peer closes early.
/// A count stored in a local that nothing reads loses the local. Not offered for an un-awaited async read, a count that is
/// read somewhere, the <c>out SocketError</c> and buffer-list overloads, or a loop whose buffer, offset or count
/// expressions could change between iterations.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(InexactReadFixer))]
[Shared]
public sealed class InexactReadFixer : NodeRewriteFixer
{
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.InexactRead);

    private protected override string Key => EquivalenceKeys.ReadFully;

    private protected override NodeRewrite? Plan(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
        => site is InvocationExpressionSyntax call
           && StreamTypes.Create(CompilationFacts.GetKnownTypes(model.Compilation)) is { } types
           && model.GetOperation(call, cancellationToken) is IInvocationOperation read
            ? Plan(read, call, StreamReads.Classify(read.TargetMethod, types), types, model, cancellationToken)
            : null;

    private static NodeRewrite? Plan(IInvocationOperation read, InvocationExpressionSyntax call, ReadKind kind, StreamTypes types, SemanticModel model, CancellationToken cancellationToken)
    {
        if (kind == ReadKind.None)
        {
            return null;
        }

        var carrier = StreamReads.CountCarrier(read);
        var awaited = IsAwaited(read, carrier);
        if ((kind is ReadKind.StreamReadAsync or ReadKind.SocketReceiveAsync) != awaited)
        {
            return null;
        }

        // The member as the analyzer sees it (an operation's containing symbol), not a lambda or local function inside it.
        if (model.GetEnclosingSymbol(call.SpanStart, cancellationToken)?.OutsideFunctions() is { } member
            && StreamReads.Judge(read, member, types) is { Use: CountUse.UsedWithoutFillLoop } judged)
        {
            return judged.Frame.WholeRequestNeeded ? AtLeastCall(read, call, kind, awaited, model, cancellationToken) : null;
        }

        if (carrier.Syntax is not ExpressionSyntax carrierSyntax || Site(carrier) is not { } site)
        {
            return null;
        }

        if (kind is ReadKind.StreamRead or ReadKind.StreamReadAsync or ReadKind.BinaryReaderRead
            && ExactCall(call, kind, awaited, model, cancellationToken) is { } exact)
        {
            var exactCarrier = carrierSyntax.ReplaceNode(call, exact);
            var title = awaited ? "Use ReadExactlyAsync" : "Use ReadExactly";
            return site switch
            {
                ExpressionStatementSyntax or LocalDeclarationStatementSyntax => new NodeRewrite(
                    title, site, SyntaxFactory.ExpressionStatement(exactCarrier.WithoutTrivia()).WithTriviaFrom(site)),
                _ => new NodeRewrite(title, site, exactCarrier.WithTriviaFrom(site)),
            };
        }

        if (site is not StatementSyntax statement || FillLoop(read, call, carrierSyntax, statement, model, cancellationToken) is not { } loop)
        {
            return null;
        }

        return new NodeRewrite("Read until the buffer is full", statement, BlockStatements.Replacing(loop, statement).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static bool IsAwaited(IOperation read, IOperation carrier)
    {
        for (var current = read; current != carrier && current.Parent is { } parent; current = parent)
        {
            if (parent is IAwaitOperation)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// What to replace so that the count disappears: the statement (<c>s.Read(...);</c>, <c>_ = ...;</c>, <c>n = ...;</c>,
    /// <c>var n = ...;</c>), or for an expression body the expression. Null when the count lands anywhere else or its local is read.
    /// </summary>
    private static SyntaxNode? Site(IOperation carrier)
    {
        switch (carrier.Parent)
        {
            case IExpressionStatementOperation statement:
                return statement.Syntax;
            case ISimpleAssignmentOperation { Target: IDiscardOperation, Parent: IExpressionStatementOperation statement }:
                return statement.Syntax is ExpressionStatementSyntax ? statement.Syntax : carrier.Parent.Syntax;
            case ISimpleAssignmentOperation { Target: ILocalReferenceOperation target, Parent: IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement } }
                when !StreamReads.IsRead(target.Local, carrier.Root()):
                return statement;
            case IVariableInitializerOperation
            {
                Parent: IVariableDeclaratorOperation { Symbol: var local, Parent: IVariableDeclarationOperation { Declarators.Length: 1, Parent: IVariableDeclarationGroupOperation { Syntax: LocalDeclarationStatementSyntax { UsingKeyword.RawKind: 0 } declaration } } },
            } when !IsReferenced(local, carrier.Root()):
                return declaration;
            default:
                return null;
        }
    }

    private static bool IsReferenced(ILocalSymbol local, IOperation root)
        => root.DescendantsAndSelf().Any(o => o is ILocalReferenceOperation reference && SymbolEqualityComparer.Default.Equals(reference.Local, local));

    /// <summary><c>s.ReadExactly(...)</c> (or <c>reader.BaseStream.ReadExactly(...)</c>) when that binds to a Stream method; else null.</summary>
    private static InvocationExpressionSyntax? ExactCall(InvocationExpressionSyntax call, ReadKind kind, bool awaited, SemanticModel model, CancellationToken cancellationToken)
        => Retarget(call, call.ArgumentList, kind, awaited ? "ReadExactlyAsync" : "ReadExactly", model);

    /// <summary>
    /// A used count of a whole-frame read: <c>s.Read(b, o, n)</c> becomes <c>s.ReadAtLeast(new Span&lt;byte&gt;(b, o, n), n)</c>
    /// (async: <c>ReadAtLeastAsync(new Memory&lt;byte&gt;(b, o, n), n, cancellationToken: ct)</c>), which returns the count the
    /// code goes on using and throws <c>EndOfStreamException</c> if the peer closes first. Stream reads only, where
    /// <c>ReadAtLeast</c> exists and the requested length can be evaluated twice; else null.
    /// </summary>
    private static NodeRewrite? AtLeastCall(IInvocationOperation read, InvocationExpressionSyntax call, ReadKind kind, bool awaited, SemanticModel model, CancellationToken cancellationToken)
    {
        if (kind is not (ReadKind.StreamRead or ReadKind.StreamReadAsync or ReadKind.BinaryReaderRead))
        {
            return null;
        }

        ExpressionSyntax? buffer = null;
        IOperation? bufferValue = null;
        ExpressionSyntax? minimum = null;
        ExpressionSyntax? token = null;
        IOperation? offset = null;
        IOperation? count = null;
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                return null;
            }

            if (argument.ArgumentKind != ArgumentKind.Explicit)
            {
                continue;
            }

            if (argument.Syntax is not ArgumentSyntax { Expression: var expression })
            {
                return null;
            }

            switch (parameter.Ordinal, parameter.Type.SpecialType)
            {
                case (0, _):
                    buffer = expression;
                    bufferValue = argument.Value;
                    break;
                case (1, SpecialType.System_Int32):
                    offset = argument.Value;
                    break;
                case (2, SpecialType.System_Int32):
                    count = argument.Value;
                    break;
                default:
                    token = expression;
                    break;
            }
        }

        if (buffer is null || bufferValue is null)
        {
            return null;
        }

        ExpressionSyntax view;
        if (offset is not null || count is not null)
        {
            if (offset?.Syntax is not ExpressionSyntax offsetSyntax || count?.Syntax is not ExpressionSyntax countSyntax || !IsStable(count))
            {
                return null;
            }

            var viewType = GeneratedSyntax.Type(awaited ? "global::System.Memory<byte>" : "global::System.Span<byte>");
            view = SyntaxFactory.ObjectCreationExpression(viewType).WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                SyntaxFactory.Argument(buffer.WithoutTrivia()),
                SyntaxFactory.Argument(offsetSyntax.WithoutTrivia()),
                SyntaxFactory.Argument(countSyntax.WithoutTrivia()),
            })));
            minimum = countSyntax.WithoutTrivia();
        }
        else
        {
            view = buffer.WithoutTrivia();
            minimum = ViewLength(bufferValue);
        }

        if (minimum is null)
        {
            return null;
        }

        var arguments = new List<ArgumentSyntax> { SyntaxFactory.Argument(view), SyntaxFactory.Argument(minimum) };
        if (token is not null)
        {
            arguments.Add(SyntaxFactory.Argument(token.WithoutTrivia()).WithNameColon(SyntaxFactory.NameColon("cancellationToken")));
        }

        var atLeast = Retarget(call, SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments)), kind, awaited ? "ReadAtLeastAsync" : "ReadAtLeast", model);
        return atLeast is null ? null : new NodeRewrite(awaited ? "Use ReadAtLeastAsync" : "Use ReadAtLeast", call, atLeast.WithTriviaFrom(call));
    }

    /// <summary>The length of a span/memory/array buffer argument as an expression that can be evaluated again: <c>a.Length</c>, <c>len</c> of <c>a.AsSpan(o, len)</c>.</summary>
    private static ExpressionSyntax? ViewLength(IOperation buffer)
    {
        var value = buffer.WithoutConversions();

        switch (value)
        {
            case ILocalReferenceOperation or IParameterReferenceOperation or IFieldReferenceOperation when value.Syntax is ExpressionSyntax name && IsStable(value):
                return Member(Parenthesize(name), "Length");
            case IInvocationOperation { TargetMethod: { Name: "AsSpan" or "AsMemory", IsExtensionMethod: true } } view:
                var arguments = view.Arguments.Where(a => a.ArgumentKind == ArgumentKind.Explicit).Select(a => a.Value).ToList();
                return arguments.Count switch
                {
                    1 when arguments[0].Syntax is ExpressionSyntax array && IsStable(arguments[0]) => Member(Parenthesize(array), "Length"),
                    3 when arguments[2].Syntax is ExpressionSyntax length && IsStable(arguments[2]) => length.WithoutTrivia(),
                    _ => null,
                };
            default:
                return null;
        }
    }

    /// <summary><paramref name="call"/> calling <paramref name="name"/> on the same stream (a reader's <c>BaseStream</c>) when that binds to a Stream method; else null.</summary>
    private static InvocationExpressionSyntax? Retarget(InvocationExpressionSyntax call, ArgumentListSyntax arguments, ReadKind kind, string methodName, SemanticModel model)
    {
        var name = SyntaxFactory.IdentifierName(methodName);
        ExpressionSyntax? target = (kind, call.Expression) switch
        {
            (ReadKind.BinaryReaderRead, MemberAccessExpressionSyntax access) => SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression,
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, access.Expression, SyntaxFactory.IdentifierName("BaseStream")),
                name),
            (ReadKind.BinaryReaderRead, IdentifierNameSyntax) => SyntaxFactory.MemberAccessExpression(
                SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName("BaseStream"), name),
            (_, MemberAccessExpressionSyntax access) => access.WithName(name.WithTriviaFrom(access.Name)),
            (_, IdentifierNameSyntax identifier) => name.WithTriviaFrom(identifier),
            _ => null,
        };
        if (target is null)
        {
            return null;
        }

        var exact = call.WithExpression(target).WithArgumentList(arguments);
        var bound = model.GetSpeculativeSymbolInfo(call.SpanStart, exact, SpeculativeBindingOption.BindAsExpression).Symbol;
        return bound is IMethodSymbol method && method.Name == methodName
               && method.ContainingType is { Name: "Stream", ContainingNamespace: { Name: "IO", ContainingNamespace.Name: "System" } }
            ? exact
            : null;
    }

    /// <summary>
    /// A <c>for</c> loop that repeats the read until the buffer is full and throws <c>EndOfStreamException</c> on a zero read.
    /// Arrays advance an offset; spans, memories and segments are sliced.
    /// </summary>
    private static StatementSyntax? FillLoop(
        IInvocationOperation read, InvocationExpressionSyntax call, ExpressionSyntax carrier, StatementSyntax site, SemanticModel model, CancellationToken cancellationToken)
    {
        var method = read.TargetMethod;
        if (method.Parameters.Any(p => p.RefKind != RefKind.None) || method.Parameters.Length == 0)
        {
            return null;
        }

        var arguments = new ArgumentSyntax?[method.Parameters.Length];
        var values = new IOperation?[method.Parameters.Length];
        foreach (var argument in read.Arguments)
        {
            if (argument.Parameter is { Ordinal: var ordinal } && argument.ArgumentKind == ArgumentKind.Explicit)
            {
                arguments[ordinal] = argument.Syntax as ArgumentSyntax;
                values[ordinal] = argument.Value;
            }
        }

        if (arguments[0] is not { } bufferArgument || values[0] is not { } bufferValue)
        {
            return null;
        }

        var names = new LocalNames(site, model);
        var readName = names.Unique("read");
        return method.Parameters[0].Type switch
        {
            IArrayTypeSymbol => ArrayLoop(method, call, carrier, arguments, values, bufferArgument, bufferValue, names.Unique("received"), readName),
            INamedTypeSymbol view when view.Name is "Span" or "Memory" or "ArraySegment" => ViewLoop(view, call, carrier, bufferArgument, names.Unique("rest"), readName),
            _ => null,
        };
    }

    private static StatementSyntax? ArrayLoop(
        IMethodSymbol method, InvocationExpressionSyntax call, ExpressionSyntax carrier, ArgumentSyntax?[] arguments, IOperation?[] values,
        ArgumentSyntax bufferArgument, IOperation bufferValue, string received, string read)
    {
        var receivedName = SyntaxFactory.IdentifierName(received);
        var parameters = method.Parameters;
        var hasOffsetAndCount = parameters.Length >= 3
            && parameters[1].Type.SpecialType == SpecialType.System_Int32
            && parameters[2].Type.SpecialType == SpecialType.System_Int32;
        InvocationExpressionSyntax next;
        ExpressionSyntax total;
        if (hasOffsetAndCount)
        {
            // Read(buffer, offset, count, ...) -> Read(buffer, offset + received, count - received, ...)
            if (arguments[1] is not { } offset || arguments[2] is not { } count
                || !IsStable(bufferValue) || values[1] is not { } offsetValue || !IsStable(offsetValue) || values[2] is not { } countValue || !IsStable(countValue))
            {
                return null;
            }

            var newOffset = offsetValue.ConstantValue is { HasValue: true, Value: 0 }
                ? (ExpressionSyntax)receivedName
                : SyntaxFactory.BinaryExpression(SyntaxKind.AddExpression, Parenthesize(offset.Expression), receivedName);
            next = call.ReplaceNodes(
                new[] { offset.Expression, count.Expression },
                (original, _) => original == offset.Expression
                    ? newOffset
                    : SyntaxFactory.BinaryExpression(SyntaxKind.SubtractExpression, Parenthesize(count.Expression), receivedName));
            total = count.Expression;
        }
        else
        {
            // Socket.Receive(buffer[, size], flags) -> Receive(buffer, received, size - received, flags)
            if (!method.Name.StartsWith("Receive", System.StringComparison.Ordinal) || !IsStable(bufferValue)
                || call.ArgumentList.Arguments.Any(a => a.NameColon is not null))
            {
                return null;
            }

            var hasSize = parameters.Length >= 2 && parameters[1].Type.SpecialType == SpecialType.System_Int32;
            if (hasSize && (values[1] is not { } sizeValue || !IsStable(sizeValue) || arguments[1] is null))
            {
                return null;
            }

            total = hasSize && arguments[1] is { } size
                ? size.Expression
                : SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, Parenthesize(bufferArgument.Expression), SyntaxFactory.IdentifierName("Length"));
            var flags = hasSize ? arguments.ElementAtOrDefault(2) : arguments.ElementAtOrDefault(1);
            var flagsExpression = flags?.Expression ?? GeneratedSyntax.Annotate(SyntaxFactory.ParseExpression("global::System.Net.Sockets.SocketFlags.None"));
            next = call.WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
            {
                bufferArgument,
                SyntaxFactory.Argument(receivedName),
                SyntaxFactory.Argument(SyntaxFactory.BinaryExpression(SyntaxKind.SubtractExpression, Parenthesize(total), receivedName)),
                SyntaxFactory.Argument(flagsExpression),
            })));
        }

        var readName = SyntaxFactory.IdentifierName(read);
        return SyntaxFactory.ForStatement(
            SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"))
                .AddVariables(SyntaxFactory.VariableDeclarator(received).WithInitializer(SyntaxFactory.EqualsValueClause(Literal(0)))),
            default,
            SyntaxFactory.BinaryExpression(SyntaxKind.LessThanExpression, receivedName, Parenthesize(total)),
            default,
            SyntaxFactory.Block(
                ReadStatement(read, carrier.ReplaceNode(call, next)),
                ThrowOnZero(readName),
                SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(SyntaxKind.AddAssignmentExpression, receivedName, readName))));
    }

    private static StatementSyntax ViewLoop(INamedTypeSymbol view, InvocationExpressionSyntax call, ExpressionSyntax carrier, ArgumentSyntax bufferArgument, string rest, string read)
    {
        // for (Memory<byte> rest = buffer; !rest.IsEmpty; ) { var read = s.ReadAsync(rest); ...; rest = rest.Slice(read); }
        var restName = SyntaxFactory.IdentifierName(rest);
        var readName = SyntaxFactory.IdentifierName(read);
        ExpressionSyntax condition = view.Name == "ArraySegment"
            ? SyntaxFactory.BinaryExpression(SyntaxKind.GreaterThanExpression, Member(restName, "Count"), Literal(0))
            : SyntaxFactory.PrefixUnaryExpression(SyntaxKind.LogicalNotExpression, Member(restName, "IsEmpty"));
        var next = call.ReplaceNode(bufferArgument, bufferArgument.WithExpression(restName));
        var type = GeneratedSyntax.Type(view.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
        return SyntaxFactory.ForStatement(
            SyntaxFactory.VariableDeclaration(type)
                .AddVariables(SyntaxFactory.VariableDeclarator(rest).WithInitializer(SyntaxFactory.EqualsValueClause(bufferArgument.Expression.WithoutTrivia()))),
            default,
            condition,
            default,
            SyntaxFactory.Block(
                ReadStatement(read, carrier.ReplaceNode(call, next)),
                ThrowOnZero(readName),
                SyntaxFactory.ExpressionStatement(SyntaxFactory.AssignmentExpression(
                    SyntaxKind.SimpleAssignmentExpression,
                    restName,
                    SyntaxFactory.InvocationExpression(Member(restName, "Slice"), SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(readName))))))));
    }

    private static StatementSyntax ReadStatement(string read, ExpressionSyntax value)
        => SyntaxFactory.LocalDeclarationStatement(
            SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"))
                .AddVariables(SyntaxFactory.VariableDeclarator(read).WithInitializer(SyntaxFactory.EqualsValueClause(value.WithoutTrivia()))));

    /// <summary><c>if (read == 0) { throw new EndOfStreamException(); }</c></summary>
    private static StatementSyntax ThrowOnZero(IdentifierNameSyntax read)
        => SyntaxFactory.IfStatement(
            SyntaxFactory.BinaryExpression(SyntaxKind.EqualsExpression, read, Literal(0)),
            SyntaxFactory.Block(SyntaxFactory.ThrowStatement(
                SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::System.IO.EndOfStreamException"))
                    .WithArgumentList(SyntaxFactory.ArgumentList()))));

    private static LiteralExpressionSyntax Literal(int value)
        => SyntaxFactory.LiteralExpression(SyntaxKind.NumericLiteralExpression, SyntaxFactory.Literal(value));

    private static MemberAccessExpressionSyntax Member(ExpressionSyntax receiver, string name)
        => SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, receiver, SyntaxFactory.IdentifierName(name));

    /// <summary>Parentheses the simplifier removes again where they are not needed.</summary>
    private static ExpressionSyntax Parenthesize(ExpressionSyntax expression)
        => expression is IdentifierNameSyntax or LiteralExpressionSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax or ElementAccessExpressionSyntax
            ? expression.WithoutTrivia()
            : SyntaxFactory.ParenthesizedExpression(expression.WithoutTrivia()).WithAdditionalAnnotations(Simplifier.Annotation);

    /// <summary>True for values that a loop may evaluate again and get the same: constants, locals, parameters, fields, lengths.</summary>
    private static bool IsStable(IOperation value)
        => value switch
        {
            { ConstantValue.HasValue: true } => true,
            ILocalReferenceOperation or IParameterReferenceOperation or IInstanceReferenceOperation => true,
            IFieldReferenceOperation field => field.Instance is null || IsStable(field.Instance),
            IPropertyReferenceOperation { Property.Name: "Length" or "Count", Arguments.Length: 0 } property => property.Instance is { } instance && IsStable(instance),
            IConversionOperation conversion => IsStable(conversion.Operand),
            IBinaryOperation binary => IsStable(binary.LeftOperand) && IsStable(binary.RightOperand),
            _ => false,
        };
}
