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
    }

    public INamedTypeSymbol HttpResponseMessage { get; }

    public INamedTypeSymbol HttpMessageInvoker { get; }

    public INamedTypeSymbol? HttpClient { get; }

    public INamedTypeSymbol? HttpMessageHandler { get; }

    public INamedTypeSymbol? Task1 { get; }

    public INamedTypeSymbol? HttpCompletionOption { get; }

    public static ResponseTypes? Create(KnownTypes types)
        => types.HttpResponseMessage is { } response && types.HttpMessageInvoker is { } invoker
            ? new ResponseTypes(types, response, invoker)
            : null;
}
