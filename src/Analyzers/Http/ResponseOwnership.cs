using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Http;

/// <summary>
/// Follows the response a send call returns through one member: awaited or <c>.Result</c>/<c>GetAwaiter().GetResult()</c>,
/// into a local (declared or assigned), <c>using</c>, <c>Dispose()</c>, a full read of its content, or handed on.
/// Flow-insensitive and local to the member, like <see cref="LocalUsage"/> which it builds on.
/// </summary>
internal static class ResponseOwnership
{
    private const int MaxDepth = 4;

    private const int ResponseContentRead = 0;

    private const int ResponseHeadersRead = 1;

    /// <summary>
    /// Whether the response <paramref name="call"/> returns still holds its connection when the call returns:
    /// <list type="bullet">
    /// <item><c>Send/SendAsync/GetAsync</c> on an <c>HttpClient</c>, or an extension method on <c>HttpClient</c> that
    /// returns a response, given an <c>HttpCompletionOption</c> that is not provably <c>ResponseContentRead</c>;</item>
    /// <item><c>Send/SendAsync</c> on a plain <c>HttpMessageInvoker</c> or a message handler (<c>base.SendAsync</c>);</item>
    /// <item><c>GetStreamAsync</c> on an <c>HttpClient</c>, whose stream is the unread body.</item>
    /// </list>
    /// Everything else — <c>GetAsync/PostAsync/PutAsync/PatchAsync/DeleteAsync/SendAsync</c> without an option, the
    /// <c>*AsJsonAsync</c> helpers — buffers the body before it returns: <see cref="ResponseHold.None"/>.
    /// </summary>
    public static ResponseHold Hold(IInvocationOperation call, ResponseTypes types)
    {
        var hold = HoldOf(call, types);
        return hold != ResponseHold.None && IsHeadRequest(call) ? ResponseHold.None : hold;
    }

    /// <summary>
    /// <c>SendAsync(new HttpRequestMessage(HttpMethod.Head, url), ...)</c> (directly or through a local assigned once): a HEAD
    /// response has no body, so its connection goes back to the pool as soon as the headers are read.
    /// </summary>
    private static bool IsHeadRequest(IInvocationOperation call)
    {
        foreach (var argument in call.Arguments)
        {
            var value = StripConversions(argument.Value);
            if (value is ILocalReferenceOperation local && Locals.SingleValue(local.Local, local.Root()) is { } single)
            {
                value = StripConversions(single);
            }

            if (value is IObjectCreationOperation { Type.Name: "HttpRequestMessage", Arguments: { Length: > 0 } arguments }
                && StripConversions(arguments[0].Value) is IPropertyReferenceOperation { Property: { Name: "Head", ContainingType.Name: "HttpMethod" } })
            {
                return true;
            }
        }

        return false;
    }

    private static ResponseHold HoldOf(IInvocationOperation call, ResponseTypes types)
    {
        if (!types.MayHoldResponse(call.Type))
        {
            return ResponseHold.None;
        }

        var method = call.TargetMethod;
        if (method is { Name: "GetStreamAsync", IsStatic: false } && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpClient))
        {
            return ResponseHold.Stream;
        }

        if (!ReturnsResponse(method.ReturnType, types))
        {
            return ResponseHold.None;
        }

        if (method.IsExtensionMethod)
        {
            return method.Parameters.Length > 0 && KnownTypes.IsOrDerivesFrom(method.Parameters[0].Type, types.HttpClient)
                ? OptionHold(call, types)
                : ResponseHold.None;
        }

        if (method.IsStatic)
        {
            return ResponseHold.None;
        }

        if (method.Name is "Send" or "SendAsync" && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpMessageHandler))
        {
            return ResponseHold.Handler;
        }

        if (!KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpMessageInvoker))
        {
            return ResponseHold.None;
        }

        // HttpClient's own methods, and its SendAsync(request, token) called through an HttpMessageInvoker-typed
        // receiver that is an HttpClient, buffer unless told otherwise.
        if (KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpClient)
            || (call.Instance is { } instance && KnownTypes.IsOrDerivesFrom(StripConversions(instance).Type, types.HttpClient)))
        {
            return method.Name is "Send" or "SendAsync" or "GetAsync" ? OptionHold(call, types) : ResponseHold.None;
        }

        return method.Name is "Send" or "SendAsync" ? ResponseHold.Invoker : ResponseHold.None;
    }

    /// <summary>
    /// The hold an <c>HttpCompletionOption</c> argument asks for (also a parameter's default value): none when every
    /// such argument is provably <c>ResponseContentRead</c> (a constant, or a local whose only value is one).
    /// </summary>
    private static ResponseHold OptionHold(IInvocationOperation call, ResponseTypes types)
    {
        if (types.HttpCompletionOption is null)
        {
            return ResponseHold.None;
        }

        var hold = ResponseHold.None;
        foreach (var argument in call.Arguments)
        {
            if (!SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.HttpCompletionOption))
            {
                continue;
            }

            var value = StripConversions(argument.Value);
            if (value is ILocalReferenceOperation local && Locals.SingleValue(local.Local, local.Root()) is { } single)
            {
                value = StripConversions(single);
            }

            switch (value.ConstantValue)
            {
                case { HasValue: true, Value: ResponseContentRead }:
                    break;
                case { HasValue: true, Value: ResponseHeadersRead }:
                    return ResponseHold.HeadersRead;
                default:
                    hold = ResponseHold.MaybeHeadersRead;
                    break;
            }
        }

        return hold;
    }

    /// <summary>
    /// What the member does with what <paramref name="call"/> returned, and the operation whose value that is (for the
    /// fix's declaration); null when the task itself goes somewhere else.
    /// </summary>
    public static (ResponseFate Fate, IOperation Value)? Follow(IInvocationOperation call, ResponseHold hold, ResponseTypes types, CancellationToken cancellationToken)
    {
        if (hold == ResponseHold.Stream)
        {
            return Unwrapped(call) is { } stream
                ? (StreamUse(call, cancellationToken) == LocalUsage.ReferenceUse.Default ? ResponseFate.Leaked : ResponseFate.Released, stream)
                : null;
        }

        return ResponseValue(call, types) is { } value ? (Fate(value, cancellationToken), value) : null;
    }

    /// <summary>
    /// The operation whose value is the response: the call itself for <c>Send</c>, else the <c>await</c>, <c>.Result</c>
    /// or <c>GetAwaiter().GetResult()</c> around it (through <c>ConfigureAwait</c>). Null when the task itself goes
    /// somewhere else (returned, stored, given to <c>WhenAll</c>): ownership is then not this member's to judge.
    /// </summary>
    public static IOperation? ResponseValue(IInvocationOperation call, ResponseTypes types)
        => SymbolEqualityComparer.Default.Equals(call.Type, types.HttpResponseMessage) ? call : Unwrapped(call);

    /// <summary>The local a response value initializes (declaration) or is assigned to; null otherwise.</summary>
    public static ILocalSymbol? TargetLocal(IOperation value)
        => value.WithConversions().Parent switch
        {
            IVariableInitializerOperation { Parent: IVariableDeclaratorOperation declarator } => declarator.Symbol,
            ISimpleAssignmentOperation { Target: ILocalReferenceOperation target } assignment when assignment.Value == value.WithConversions() => target.Local,
            _ => null,
        };

    /// <summary>What the member does with the response <paramref name="value"/> (see <see cref="ResponseValue"/>).</summary>
    public static ResponseFate Fate(IOperation value, CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            value = value.WithConversions();
            switch (value.Parent)
            {
                case IVariableInitializerOperation or ISimpleAssignmentOperation when TargetLocal(value) is { } local:
                    return LocalFate(local, value, cancellationToken);
                case ISimpleAssignmentOperation { Target: IDiscardOperation }:
                case IExpressionStatementOperation:
                    return ResponseFate.Leaked;
                case IInvocationOperation { TargetMethod.Name: "EnsureSuccessStatusCode" } ensure when ensure.Instance == value:
                    // Returns the same response: follow it.
                    value = ensure;
                    continue;
                case IInvocationOperation invocation when invocation.Instance == value:
                    return invocation.TargetMethod.Name is "Dispose" ? ResponseFate.Released : ResponseFate.Leaked;
                case IPropertyReferenceOperation { Property.Name: "Content" } content when content.Instance == value:
                    return ContentUse(content, cancellationToken) switch
                    {
                        LocalUsage.ReferenceUse.Consume or LocalUsage.ReferenceUse.Dispose or LocalUsage.ReferenceUse.Escape => ResponseFate.Released,
                        _ => ResponseFate.Leaked,
                    };
                case IPropertyReferenceOperation property when property.Instance == value:
                    return ResponseFate.Leaked;
                default:
                    // using (...) disposes it; returned, stored in a field, passed as an argument, put in a tuple,
                    // a conditional or anything else: ownership moves or is unclear.
                    return ResponseFate.Released;
            }
        }

        return ResponseFate.Released;
    }

    private static ResponseFate LocalFate(ILocalSymbol local, IOperation value, CancellationToken cancellationToken)
    {
        var usage = LocalUsage.Analyze(local, value, reference => ReferenceUse(reference, cancellationToken), cancellationToken);
        return usage.Disposed || usage.Escapes || usage.Consumed ? ResponseFate.Released : ResponseFate.Leaked;
    }

    /// <summary>How one reference to a response local counts beyond <see cref="LocalUsage"/>'s own classification.</summary>
    private static LocalUsage.ReferenceUse ReferenceUse(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        switch (reference.WithConversions().Parent)
        {
            case IPropertyReferenceOperation { Property.Name: "Content" } content when content.Instance == reference.WithConversions():
                return ContentUse(content, cancellationToken);
            case IInvocationOperation { TargetMethod.Name: "EnsureSuccessStatusCode" } ensure when ensure.WithConversions().Parent is not IExpressionStatementOperation:
                // 'var checked = response.EnsureSuccessStatusCode();' aliases the response: who disposes it is unclear.
                return LocalUsage.ReferenceUse.Escape;
            case IArgumentOperation { Parameter: { Ordinal: 0, ContainingSymbol: IMethodSymbol { IsExtensionMethod: true } } }:
                // 'response.ReadJsonAsync<T>()' of the user's own: it may read, dispose or keep the response.
                return LocalUsage.ReferenceUse.Escape;
            default:
                return LocalUsage.ReferenceUse.Default;
        }
    }

    /// <summary>
    /// What is done with <c>response.Content</c>: read to the end (<c>ReadAsStringAsync</c>, <c>ReadAsByteArrayAsync</c>,
    /// <c>ReadFromJsonAsync</c>, <c>CopyToAsync</c>, <c>LoadIntoBufferAsync</c>...), disposed, or handed on — directly or
    /// as the stream <c>ReadAsStreamAsync</c> returns, which then carries the connection (see <see cref="StreamUse"/>).
    /// </summary>
    private static LocalUsage.ReferenceUse ContentUse(IOperation content, CancellationToken cancellationToken)
    {
        var value = content.WithConversions();
        switch (value.Parent)
        {
            case IInvocationOperation call when call.Instance == value || (call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 && call.Arguments[0].Value.WithConversions() == value):
                switch (call.TargetMethod.Name)
                {
                    case "ReadAsStringAsync" or "ReadAsByteArrayAsync" or "ReadFromJsonAsync" or "ReadAsAsync"
                        or "CopyToAsync" or "CopyTo" or "LoadIntoBufferAsync" or "LoadIntoBuffer":
                        return LocalUsage.ReferenceUse.Consume;
                    case "Dispose":
                        return LocalUsage.ReferenceUse.Dispose;
                    case "ReadAsStream" or "ReadAsStreamAsync":
                        return StreamUse(call, cancellationToken);
                    default:
                        return LocalUsage.ReferenceUse.Default;
                }

            case IMemberReferenceOperation or IInvocationOperation or IBinaryOperation or IIsPatternOperation or IIsTypeOperation
                or IConditionalAccessOperation:
                return LocalUsage.ReferenceUse.Default;
            default:
                // Returned, stored, passed on: the content (and so the connection) is someone else's now.
                return LocalUsage.ReferenceUse.Escape;
        }
    }

    /// <summary>
    /// The content stream (from <c>ReadAsStream(Async)</c> or <c>GetStreamAsync</c>): disposed releases the connection, and so does copying it to the end (<c>CopyTo</c>,
    /// <c>CopyToAsync</c>); stored, returned or passed on (to a reader, a deserializer) carries it away. Reading a part
    /// of it (<c>Read</c>, <c>ReadByte</c>) counts for nothing.
    /// </summary>
    private static LocalUsage.ReferenceUse StreamUse(IInvocationOperation readAsStream, CancellationToken cancellationToken)
    {
        var stream = readAsStream.TargetMethod.Name == "ReadAsStream" ? readAsStream : Unwrapped(readAsStream);
        if (stream is null)
        {
            return LocalUsage.ReferenceUse.Escape;
        }

        stream = stream.WithConversions();
        switch (stream.Parent)
        {
            case IVariableInitializerOperation or ISimpleAssignmentOperation when TargetLocal(stream) is { } local:
                var usage = LocalUsage.Analyze(local, stream, reference => CopiedToTheEnd(reference) ? LocalUsage.ReferenceUse.Consume : ReaderUse(reference, cancellationToken), cancellationToken);
                return usage.Disposed ? LocalUsage.ReferenceUse.Dispose
                    : usage.Escapes ? LocalUsage.ReferenceUse.Escape
                    : usage.Consumed ? LocalUsage.ReferenceUse.Consume
                    : LocalUsage.ReferenceUse.Default;
            case IUsingOperation:
                return LocalUsage.ReferenceUse.Dispose;
            case IInvocationOperation when CopiedToTheEnd(stream):
                return LocalUsage.ReferenceUse.Consume;
            case IMemberReferenceOperation or IInvocationOperation { Instance: not null } or IExpressionStatementOperation:
                return LocalUsage.ReferenceUse.Default;
            default:
                return LocalUsage.ReferenceUse.Escape;
        }
    }

    /// <summary>
    /// The content stream handed to a reader held in a local (<c>var reader = new StreamReader(stream);</c>): the reader
    /// owns it, so the reader's fate is the stream's — disposed, handed on, read to the end (<c>ReadToEnd(Async)</c>),
    /// or neither (a few lines read, then abandoned). Anything else is <see cref="LocalUsage.ReferenceUse.Default"/>.
    /// </summary>
    private static LocalUsage.ReferenceUse ReaderUse(ILocalReferenceOperation reference, CancellationToken cancellationToken)
    {
        var value = reference.WithConversions();
        if (value.Parent is not IArgumentOperation { Parent: IObjectCreationOperation { Type: { } readerType } reader }
            || !IsOwningReader(readerType, reader)
            || TargetLocal(reader) is not { } readerLocal)
        {
            return LocalUsage.ReferenceUse.Default;
        }

        var usage = LocalUsage.Analyze(
            readerLocal,
            reader,
            r => r.WithConversions().Parent is IInvocationOperation { TargetMethod.Name: "ReadToEnd" or "ReadToEndAsync" } ? LocalUsage.ReferenceUse.Consume : LocalUsage.ReferenceUse.Default,
            cancellationToken);
        return usage.Disposed ? LocalUsage.ReferenceUse.Dispose
            : usage.Escapes ? LocalUsage.ReferenceUse.Escape
            : usage.Consumed ? LocalUsage.ReferenceUse.Consume
            : LocalUsage.ReferenceUse.Use;
    }

    /// <summary>A <c>System.IO</c> <c>StreamReader</c>/<c>BinaryReader</c> that disposes its stream (no <c>leaveOpen: true</c>).</summary>
    private static bool IsOwningReader(ITypeSymbol type, IObjectCreationOperation creation)
    {
        if (type.Name is not ("StreamReader" or "BinaryReader") || !NamespaceNames.Is(type.ContainingNamespace, "System.IO"))
        {
            return false;
        }

        foreach (var argument in creation.Arguments)
        {
            if (argument.Parameter?.Name == "leaveOpen" && argument.Value.ConstantValue is not { HasValue: true, Value: false })
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True when <paramref name="stream"/> is the receiver of <c>CopyTo</c>/<c>CopyToAsync</c>, which read it to the end.</summary>
    private static bool CopiedToTheEnd(IOperation stream)
        => stream.WithConversions() is var value
           && value.Parent is IInvocationOperation { TargetMethod.Name: "CopyTo" or "CopyToAsync" } copy
           && copy.Instance == value;

    /// <summary>The await, <c>.Result</c> or <c>GetAwaiter().GetResult()</c> that takes the result of a task-returning call.</summary>
    private static IOperation? Unwrapped(IInvocationOperation call)
    {
        var task = call.WithConversions();
        if (task.Parent is IInvocationOperation { TargetMethod.Name: "ConfigureAwait" } configure && configure.Instance == task)
        {
            task = configure.WithConversions();
        }

        switch (task.Parent)
        {
            case IAwaitOperation awaited:
                return awaited;
            case IPropertyReferenceOperation { Property.Name: "Result" } result when result.Instance == task:
                return result;
            case IInvocationOperation { TargetMethod.Name: "GetAwaiter" } awaiter when awaiter.Instance == task
                && awaiter.WithConversions().Parent is IInvocationOperation { TargetMethod.Name: "GetResult" } getResult
                && getResult.Instance == awaiter.WithConversions():
                return getResult;
            default:
                return null;
        }
    }

    private static bool ReturnsResponse(ITypeSymbol type, ResponseTypes types)
        => SymbolEqualityComparer.Default.Equals(type, types.HttpResponseMessage)
           || (type is INamedTypeSymbol { IsGenericType: true } task
               && SymbolEqualityComparer.Default.Equals(task.OriginalDefinition, types.Task1)
               // TypeArguments builds a new array on every call: asked only of Task<T>, not of every generic return type.
               && task.TypeArguments is { Length: 1 } arguments
               && SymbolEqualityComparer.Default.Equals(arguments[0], types.HttpResponseMessage));

    private static IOperation StripConversions(IOperation operation) => operation.WithoutConversions();
}
