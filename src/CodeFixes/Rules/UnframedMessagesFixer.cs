using System.Collections.Immutable;
using System.Composition;
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

namespace ConnHygiene.CodeFixes.Rules;

/// <summary>
/// CH0015: send the message as one length-prefixed frame with <c>ConnHygiene.Runtime.Framing.FrameWriter</c>:
/// <code>
/// using (var writer = new FrameWriter(stream))
/// {
///     await writer.WriteAsync(FrameType.Data, payload, cancellationToken);
/// }
/// </code>
/// (a socket is wrapped in a <c>NetworkStream</c> that does not own it). Offered only where FrameWriter resolves, in an
/// async method, lambda or local function (FrameWriter's API is asynchronous), for a write that is a statement of its
/// own (awaited when it is an async write) and, for sockets, sent with no <c>SocketFlags</c> or <c>SocketFlags.None</c>.
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(UnframedMessagesFixer))]
[Shared]
public sealed class UnframedMessagesFixer : NodeRewriteFixer
{
    private const string FrameWriterName = "ConnHygiene.Runtime.Framing.FrameWriter";
    private const string FrameTypeName = "ConnHygiene.Runtime.Framing.FrameType";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(RuleIdentifiers.UnframedMessages);

    private protected override string Key => EquivalenceKeys.UseFrameWriter;

    private protected override NodeRewrite? Plan(SyntaxNode site, SemanticModel model, CancellationToken cancellationToken)
    {
        var compilation = model.Compilation;
        if (site is not InvocationExpressionSyntax call
            || compilation.GetTypeByMetadataName(FrameWriterName) is null
            || compilation.GetTypeByMetadataName(FrameTypeName) is null
            || MessageWrites.Create(CompilationFacts.GetKnownTypes(compilation)) is not { } writes
            || model.GetOperation(call, cancellationToken) is not IInvocationOperation write
            || writes.SerializedPayload(write) is null
            || write.Instance?.Syntax is not ExpressionSyntax target
            || model.GetEnclosingSymbol(call.SpanStart, cancellationToken) is not IMethodSymbol { IsAsync: true })
        {
            return null;
        }

        var carrier = StreamReads.CountCarrier(write);
        var isAsyncWrite = write.TargetMethod.Name.EndsWith("Async", System.StringComparison.Ordinal);
        if (carrier.Parent is not IExpressionStatementOperation { Syntax: ExpressionStatementSyntax statement }
            || isAsyncWrite != carrier is IAwaitOperation or IConversionOperation { Operand: IAwaitOperation }
            || Arguments(write) is not { } arguments)
        {
            return null;
        }

        var names = new LocalNames(statement, model);
        var isSocket = KnownTypes.IsOrDerivesFrom(write.TargetMethod.ContainingType, writes.Types.Socket);
        var streamName = isSocket ? names.Unique("stream") : string.Empty;
        var writerName = names.Unique("writer");
        ExpressionSyntax frameWrite = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(writerName), SyntaxFactory.IdentifierName("WriteAsync")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(arguments.CancellationToken is { } token
                ? new[] { DataFrameType(), SyntaxFactory.Argument(arguments.Payload), SyntaxFactory.Argument(token) }
                : new[] { DataFrameType(), SyntaxFactory.Argument(arguments.Payload) })));
        if (write.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait", Arguments: { Length: 1 } configure }
            && configure[0].Syntax is ArgumentSyntax continueOnCapturedContext)
        {
            frameWrite = SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, frameWrite, SyntaxFactory.IdentifierName("ConfigureAwait")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(continueOnCapturedContext.Expression))));
        }

        StatementSyntax body = SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(SyntaxFactory.AwaitExpression(frameWrite)));
        var frameWriterSource = isSocket ? (ExpressionSyntax)SyntaxFactory.IdentifierName(streamName) : target.WithoutTrivia();
        body = Using(writerName, SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::" + FrameWriterName))
            .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(frameWriterSource)))), body);
        if (isSocket)
        {
            // new NetworkStream(socket, ownsSocket: false): disposing the stream leaves the socket open.
            body = Using(streamName, SyntaxFactory.ObjectCreationExpression(GeneratedSyntax.Type("global::System.Net.Sockets.NetworkStream"))
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[]
                {
                    SyntaxFactory.Argument(target.WithoutTrivia()),
                    SyntaxFactory.Argument(SyntaxFactory.LiteralExpression(SyntaxKind.FalseLiteralExpression)).WithNameColon(SyntaxFactory.NameColon("ownsSocket")),
                }))), body);
        }

        return new NodeRewrite("Write the message as a frame with FrameWriter", statement, BlockStatements.Replacing(body, statement).WithAdditionalAnnotations(Formatter.Annotation));
    }

    private static UsingStatementSyntax Using(string name, ExpressionSyntax value, StatementSyntax body)
        => SyntaxFactory.UsingStatement(
            SyntaxFactory.VariableDeclaration(SyntaxFactory.IdentifierName("var"))
                .AddVariables(SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(value))),
            null,
            body);

    private static ArgumentSyntax DataFrameType()
        => SyntaxFactory.Argument(GeneratedSyntax.Annotate(SyntaxFactory.ParseExpression("global::" + FrameTypeName + ".Data")));

    /// <summary>
    /// The payload as an expression FrameWriter accepts (<c>ReadOnlyMemory&lt;byte&gt;</c>), and the cancellation token if
    /// the write passed one; null for shapes the fix does not take (socket flags other than None, unknown parameters).
    /// </summary>
    private static (ExpressionSyntax Payload, ExpressionSyntax? CancellationToken)? Arguments(IInvocationOperation write)
    {
        IArgumentOperation? buffer = null, offset = null, count = null;
        ExpressionSyntax? token = null;
        foreach (var argument in write.Arguments)
        {
            if (argument.Parameter is not { } parameter)
            {
                return null;
            }

            switch (parameter.Type)
            {
                case { Name: "CancellationToken" }:
                    token = argument.ArgumentKind == ArgumentKind.Explicit && argument.Syntax is ArgumentSyntax explicitToken ? explicitToken.Expression : null;
                    break;
                case { Name: "SocketFlags" }:
                    if (argument.ArgumentKind == ArgumentKind.Explicit && argument.Value.ConstantValue is not { HasValue: true, Value: 0 })
                    {
                        return null;
                    }

                    break;
                case { SpecialType: SpecialType.System_Int32 } when parameter.Ordinal == 1 && parameter.ContainingSymbol is IMethodSymbol { Parameters.Length: >= 3 } method
                                                                    && method.Parameters[2].Type.SpecialType == SpecialType.System_Int32:
                    offset = argument;
                    break;
                case { SpecialType: SpecialType.System_Int32 } when parameter.Ordinal == 2 && offset is not null:
                    count = argument;
                    break;
                case var _ when parameter.Ordinal == 0:
                    buffer = argument;
                    break;
                default:
                    return null;
            }
        }

        if (buffer?.Syntax is not ArgumentSyntax bufferSyntax || (offset is null) != (count is null))
        {
            return null;
        }

        var payload = Memory(buffer.Value, bufferSyntax.Expression);
        if (payload is null || offset is null || count is null)
        {
            return payload is null ? null : (payload, token);
        }

        if (offset.Value.ConstantValue is { HasValue: true, Value: 0 } && IsLengthOf(count.Value, buffer.Value))
        {
            return (payload, token);
        }

        return offset.Syntax is ArgumentSyntax offsetSyntax && count.Syntax is ArgumentSyntax countSyntax
            ? (SyntaxFactory.InvocationExpression(
                    SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, payload, SyntaxFactory.IdentifierName("AsMemory")),
                    SyntaxFactory.ArgumentList(SyntaxFactory.SeparatedList(new[] { SyntaxFactory.Argument(offsetSyntax.Expression), SyntaxFactory.Argument(countSyntax.Expression) }))),
                token)
            : null;
    }

    /// <summary>The buffer as an array or memory: spans (<c>x.AsSpan()</c>) go back to their array.</summary>
    private static ExpressionSyntax? Memory(IOperation value, ExpressionSyntax syntax)
    {
        while (value is IConversionOperation { IsImplicit: true } conversion)
        {
            value = conversion.Operand;
            syntax = value.Syntax as ExpressionSyntax ?? syntax;
        }

        if (value is IInvocationOperation { TargetMethod.Name: "AsSpan", Arguments.Length: 1 } asSpan
            && asSpan.Arguments[0].Value is { Type: IArrayTypeSymbol } array && array.Syntax is ExpressionSyntax arraySyntax)
        {
            return arraySyntax.WithoutTrivia();
        }

        return value.Type switch
        {
            IArrayTypeSymbol => syntax.WithoutTrivia(),
            INamedTypeSymbol { Name: "Memory" or "ReadOnlyMemory" or "ArraySegment" } => syntax.WithoutTrivia(),
            _ => null,
        };
    }

    private static bool IsLengthOf(IOperation count, IOperation buffer)
        => count is IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation or IParameterReferenceOperation } length
           && (length.Instance, buffer) switch
           {
               (ILocalReferenceOperation a, ILocalReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Local, b.Local),
               (IParameterReferenceOperation a, IParameterReferenceOperation b) => SymbolEqualityComparer.Default.Equals(a.Parameter, b.Parameter),
               _ => false,
           };
}
