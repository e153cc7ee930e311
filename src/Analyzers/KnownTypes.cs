using Microsoft.CodeAnalysis;

namespace ConnHygiene.Analyzers;

/// <summary>
/// The networking and hosting types ConnHygiene matches, resolved once per compilation by metadata name.
/// Every member may be null: a rule asks only for the types it needs and registers nothing when they are absent.
/// </summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        Compilation = compilation;
        HttpClient = Get("System.Net.Http.HttpClient");
        HttpMessageInvoker = Get("System.Net.Http.HttpMessageInvoker");
        HttpMessageHandler = Get("System.Net.Http.HttpMessageHandler");
        HttpClientHandler = Get("System.Net.Http.HttpClientHandler");
        SocketsHttpHandler = Get("System.Net.Http.SocketsHttpHandler");
        WinHttpHandler = Get("System.Net.Http.WinHttpHandler");
        HttpResponseMessage = Get("System.Net.Http.HttpResponseMessage");
        IHttpClientFactory = Get("System.Net.Http.IHttpClientFactory");
        Socket = Get("System.Net.Sockets.Socket");
        TcpClient = Get("System.Net.Sockets.TcpClient");
        NetworkStream = Get("System.Net.Sockets.NetworkStream");
        Stream = Get("System.IO.Stream");
        WebClient = Get("System.Net.WebClient");
        WebRequest = Get("System.Net.WebRequest");
        HttpWebRequest = Get("System.Net.HttpWebRequest");
        Lazy1 = Get("System.Lazy`1");
        ConcurrentDictionary2 = Get("System.Collections.Concurrent.ConcurrentDictionary`2");
        Enumerable = Get("System.Linq.Enumerable");
        Parallel = Get("System.Threading.Tasks.Parallel");
        Task = Get("System.Threading.Tasks.Task");
        EventArgs = Get("System.EventArgs");
        ServiceCollectionServiceExtensions = Get("Microsoft.Extensions.DependencyInjection.ServiceCollectionServiceExtensions");
        ServiceCollectionDescriptorExtensions = Get("Microsoft.Extensions.DependencyInjection.Extensions.ServiceCollectionDescriptorExtensions");
        HttpClientBuilderExtensions = Get("Microsoft.Extensions.DependencyInjection.HttpClientBuilderExtensions");
        HttpClientFactoryServiceCollectionExtensions = Get("Microsoft.Extensions.DependencyInjection.HttpClientFactoryServiceCollectionExtensions");
        ControllerBase = Get("Microsoft.AspNetCore.Mvc.ControllerBase");
        ControllerAttribute = Get("Microsoft.AspNetCore.Mvc.ControllerAttribute");
        ApiControllerAttribute = Get("Microsoft.AspNetCore.Mvc.ApiControllerAttribute");
        PageModel = Get("Microsoft.AspNetCore.Mvc.RazorPages.PageModel");
        ViewComponent = Get("Microsoft.AspNetCore.Mvc.ViewComponent");
        Hub = Get("Microsoft.AspNetCore.SignalR.Hub");
        IMiddleware = Get("Microsoft.AspNetCore.Http.IMiddleware");
        BindServiceMethodAttribute = Get("Grpc.Core.BindServiceMethodAttribute");
        BackgroundService = Get("Microsoft.Extensions.Hosting.BackgroundService");
        WebAssemblyHostBuilder = Get("Microsoft.AspNetCore.Components.WebAssembly.Hosting.WebAssemblyHostBuilder");
        ConnectionOwningHandlers = new[] { HttpClientHandler, SocketsHttpHandler, WinHttpHandler };
        SocketTypes = new[] { Socket, TcpClient };
    }

    public Compilation Compilation { get; }
    public INamedTypeSymbol? HttpClient { get; }
    public INamedTypeSymbol? HttpMessageInvoker { get; }
    public INamedTypeSymbol? HttpMessageHandler { get; }
    public INamedTypeSymbol? HttpClientHandler { get; }
    public INamedTypeSymbol? SocketsHttpHandler { get; }
    public INamedTypeSymbol? WinHttpHandler { get; }
    public INamedTypeSymbol? HttpResponseMessage { get; }
    public INamedTypeSymbol? IHttpClientFactory { get; }
    public INamedTypeSymbol? Socket { get; }
    public INamedTypeSymbol? TcpClient { get; }
    public INamedTypeSymbol? NetworkStream { get; }
    public INamedTypeSymbol? Stream { get; }
    public INamedTypeSymbol? WebClient { get; }
    public INamedTypeSymbol? WebRequest { get; }
    public INamedTypeSymbol? HttpWebRequest { get; }
    public INamedTypeSymbol? Lazy1 { get; }
    public INamedTypeSymbol? ConcurrentDictionary2 { get; }
    public INamedTypeSymbol? Enumerable { get; }
    public INamedTypeSymbol? Parallel { get; }
    public INamedTypeSymbol? Task { get; }
    public INamedTypeSymbol? EventArgs { get; }
    public INamedTypeSymbol? ServiceCollectionServiceExtensions { get; }
    public INamedTypeSymbol? ServiceCollectionDescriptorExtensions { get; }
    public INamedTypeSymbol? HttpClientBuilderExtensions { get; }
    public INamedTypeSymbol? HttpClientFactoryServiceCollectionExtensions { get; }
    public INamedTypeSymbol? ControllerBase { get; }
    public INamedTypeSymbol? ControllerAttribute { get; }
    public INamedTypeSymbol? ApiControllerAttribute { get; }
    public INamedTypeSymbol? PageModel { get; }
    public INamedTypeSymbol? ViewComponent { get; }
    public INamedTypeSymbol? Hub { get; }
    public INamedTypeSymbol? IMiddleware { get; }
    public INamedTypeSymbol? BindServiceMethodAttribute { get; }
    public INamedTypeSymbol? BackgroundService { get; }
    public INamedTypeSymbol? WebAssemblyHostBuilder { get; }

    /// <summary>The handlers that own a connection pool (any may be null); their subclasses own one too.</summary>
    public INamedTypeSymbol?[] ConnectionOwningHandlers { get; }

    /// <summary><c>Socket</c> and <c>TcpClient</c> (either may be null); a creation of one or a subclass is a socket.</summary>
    public INamedTypeSymbol?[] SocketTypes { get; }

    /// <summary>True for Blazor WebAssembly apps, where the browser's fetch pools connections and HttpClient rules do not apply.</summary>
    public bool IsBrowserApp => WebAssemblyHostBuilder is not null;

    public static KnownTypes Create(Compilation compilation) => new(compilation);

    /// <summary>Resolves a type by metadata name; null when absent or ambiguous.</summary>
    public INamedTypeSymbol? Get(string metadataName) => Compilation.GetTypeByMetadataName(metadataName);

    /// <summary>True when <paramref name="type"/> is <paramref name="baseType"/> or derives from it.</summary>
    public static bool IsOrDerivesFrom(ITypeSymbol? type, INamedTypeSymbol? baseType)
    {
        if (type is null || baseType is null)
        {
            return false;
        }

        for (var current = type; current is not null; current = current.BaseType)
        {
            if (SymbolEqualityComparer.Default.Equals(current.OriginalDefinition, baseType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>True for handlers that own a connection pool (HttpClientHandler, SocketsHttpHandler, WinHttpHandler and their subclasses).</summary>
    public bool IsConnectionOwningHandler(ITypeSymbol? type) => IsOrDerivesFromAny(type, ConnectionOwningHandlers);

    /// <summary>True when <paramref name="type"/> is or derives from one of <paramref name="baseTypes"/>.</summary>
    public static bool IsOrDerivesFromAny(ITypeSymbol? type, INamedTypeSymbol?[] baseTypes)
    {
        foreach (var baseType in baseTypes)
        {
            if (IsOrDerivesFrom(type, baseType))
            {
                return true;
            }
        }

        return false;
    }
}
