using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Http;

/// <summary>What a member does with an <c>HttpResponseMessage</c> a call returned (CH0005).</summary>
internal enum ResponseFate
{
    /// <summary>Disposed, read to the end (without ResponseHeadersRead), or handed on (returned, stored, passed): nothing to report.</summary>
    Released,

    /// <summary>Neither disposed nor read to the end nor handed on: the connection stays out of the pool.</summary>
    Leaked,
}

/// <summary>The types CH0005 matches, resolved once per compilation.</summary>
internal sealed class ResponseTypes
{
    private ResponseTypes(KnownTypes types, INamedTypeSymbol response, INamedTypeSymbol invoker)
    {
        HttpResponseMessage = response;
        HttpMessageInvoker = invoker;
        HttpClient = types.HttpClient;
        Task1 = types.Get("System.Threading.Tasks.Task`1");
        HttpCompletionOption = types.Get("System.Net.Http.HttpCompletionOption");
    }

    public INamedTypeSymbol HttpResponseMessage { get; }

    public INamedTypeSymbol HttpMessageInvoker { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? Task1 { get; }

    public INamedTypeSymbol? HttpCompletionOption { get; }

    public static ResponseTypes? Create(KnownTypes types)
        => types.HttpResponseMessage is { } response && types.HttpMessageInvoker is { } invoker
            ? new ResponseTypes(types, response, invoker)
            : null;
}

/// <summary>
/// Follows the response a send call returns through one member: awaited or <c>.Result</c>/<c>GetAwaiter().GetResult()</c>,
/// into a local (declared or assigned), <c>using</c>, <c>Dispose()</c>, a full read of its content, or handed on.
/// Flow-insensitive and local to the member, like <see cref="LocalUsage"/> which it builds on.
/// </summary>
internal static class ResponseOwnership
{
    private const int MaxDepth = 4;

    /// <summary>
    /// True for calls that return a new response the caller owns: <c>Send/SendAsync/GetAsync/PostAsync/PutAsync/
    /// PatchAsync/DeleteAsync</c> on an <c>HttpMessageInvoker</c> (so <c>HttpClient</c>), and extension methods on
    /// <c>HttpClient</c> that return one (<c>PostAsJsonAsync</c>...).
    /// </summary>
    public static bool IsSendCall(IInvocationOperation call, ResponseTypes types)
    {
        var method = call.TargetMethod;
        if (!ReturnsResponse(method.ReturnType, types))
        {
            return false;
        }

        if (method.IsExtensionMethod)
        {
            return method.Parameters.Length > 0 && KnownTypes.IsOrDerivesFrom(method.Parameters[0].Type, types.HttpClient);
        }

        return !method.IsStatic
               && method.Name is "Send" or "SendAsync" or "GetAsync" or "PostAsync" or "PutAsync" or "PatchAsync" or "DeleteAsync"
               && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpMessageInvoker);
    }

    /// <summary>
    /// True when only disposal returns the connection: <c>HttpCompletionOption.ResponseHeadersRead</c> was passed, or
    /// the receiver is a plain <c>HttpMessageInvoker</c> (which never buffers the content).
    /// </summary>
    public static bool IsHeadersOnly(IInvocationOperation call, ResponseTypes types)
    {
        foreach (var argument in call.Arguments)
        {
            if (argument.ArgumentKind == ArgumentKind.Explicit
                && types.HttpCompletionOption is not null
                && SymbolEqualityComparer.Default.Equals(argument.Parameter?.Type, types.HttpCompletionOption)
                && argument.Value.ConstantValue is { HasValue: true, Value: 1 })
            {
                return true;
            }
        }

        var receiver = call.TargetMethod.IsExtensionMethod && call.Arguments.Length > 0 ? call.Arguments[0].Value : call.Instance;
        return receiver is not null && !KnownTypes.IsOrDerivesFrom(StripConversions(receiver).Type, types.HttpClient);
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
    public static ResponseFate Fate(IOperation value, bool headersOnly, CancellationToken cancellationToken)
    {
        for (var depth = 0; depth < MaxDepth; depth++)
        {
            value = value.WithConversions();
            switch (value.Parent)
            {
                case IVariableInitializerOperation or ISimpleAssignmentOperation when TargetLocal(value) is { } local:
                    return LocalFate(local, value, headersOnly, cancellationToken);
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
                        LocalUsage.ReferenceUse.Consume when !headersOnly => ResponseFate.Released,
                        LocalUsage.ReferenceUse.Dispose or LocalUsage.ReferenceUse.Escape => ResponseFate.Released,
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

    private static ResponseFate LocalFate(ILocalSymbol local, IOperation value, bool headersOnly, CancellationToken cancellationToken)
    {
        var usage = LocalUsage.Analyze(local, value, reference => ReferenceUse(reference, cancellationToken), cancellationToken);
        return usage.Disposed || usage.Escapes || (usage.Consumed && !headersOnly) ? ResponseFate.Released : ResponseFate.Leaked;
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
    /// as the stream <c>ReadAsStreamAsync</c> returns, which then carries the connection. Reading the stream here counts
    /// for nothing.
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

    /// <summary>The content stream: disposed releases the connection; stored, returned or passed on carries it away.</summary>
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
                var usage = LocalUsage.Analyze(local, stream, cancellationToken);
                return usage.Disposed ? LocalUsage.ReferenceUse.Dispose
                    : usage.Escapes ? LocalUsage.ReferenceUse.Escape
                    : LocalUsage.ReferenceUse.Default;
            case IUsingOperation:
                return LocalUsage.ReferenceUse.Dispose;
            case IMemberReferenceOperation or IInvocationOperation { Instance: not null } or IExpressionStatementOperation:
                return LocalUsage.ReferenceUse.Default;
            default:
                return LocalUsage.ReferenceUse.Escape;
        }
    }

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
           || (type is INamedTypeSymbol { IsGenericType: true, TypeArguments.Length: 1 } task
               && SymbolEqualityComparer.Default.Equals(task.OriginalDefinition, types.Task1)
               && SymbolEqualityComparer.Default.Equals(task.TypeArguments[0], types.HttpResponseMessage));

    private static IOperation StripConversions(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }
}
