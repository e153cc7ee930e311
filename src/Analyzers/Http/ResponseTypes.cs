using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers.Http;

/// <summary>The types CH0005 matches, resolved once per compilation.</summary>
internal sealed class ResponseTypes
{
    private ResponseTypes(KnownTypes types, INamedTypeSymbol response, INamedTypeSymbol invoker)
    {
        HttpResponseMessage = response;
        HttpMessageInvoker = invoker;
        HttpClient = types.HttpClient;
        HttpMessageHandler = types.HttpMessageHandler;
        Task1 = types.Get("System.Threading.Tasks.Task`1");
        HttpCompletionOption = types.Get("System.Net.Http.HttpCompletionOption");
        TaskOfResponse = Task1?.Construct(response);
        TaskOfStream = types.Stream is { } stream ? Task1?.Construct(stream) : null;
    }

    public INamedTypeSymbol HttpResponseMessage { get; }

    public INamedTypeSymbol HttpMessageInvoker { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpMessageHandler { get; }

    public INamedTypeSymbol? Task1 { get; }

    public INamedTypeSymbol? HttpCompletionOption { get; }

    /// <summary><c>Task&lt;HttpResponseMessage&gt;</c>.</summary>
    public INamedTypeSymbol? TaskOfResponse { get; }

    /// <summary><c>Task&lt;Stream&gt;</c>, what <c>GetStreamAsync</c> returns.</summary>
    public INamedTypeSymbol? TaskOfStream { get; }

    /// <summary>
    /// True when a call whose type is <paramref name="type"/> may hold a response: the type is <c>HttpResponseMessage</c>,
    /// <c>Task&lt;HttpResponseMessage&gt;</c> or <c>Task&lt;Stream&gt;</c>. A call's type is its method's return type, so
    /// this is asked of every invocation before anything reads the method's symbols; names first, the cheaper test.
    /// </summary>
    public bool MayHoldResponse(ITypeSymbol? type)
        => type?.Name switch
        {
            "HttpResponseMessage" => SymbolEqualityComparer.Default.Equals(type, HttpResponseMessage),
            "Task" => SymbolEqualityComparer.Default.Equals(type, TaskOfResponse) || SymbolEqualityComparer.Default.Equals(type, TaskOfStream),
            _ => false,
        };

    public static ResponseTypes? Create(KnownTypes types)
        => types.HttpResponseMessage is { } response && types.HttpMessageInvoker is { } invoker
            ? new ResponseTypes(types, response, invoker)
            : null;
}
