using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.HttpClientPerOperationAnalyzer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0001: where a new HttpClient is made per operation, and where it is not.</summary>
public class CH0001AnalyzerTests
{
    [Fact]
    public async Task ControllerActionCreatingClient()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                public async Task<string> Get()
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync("http://orders");
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("OrdersController.Get", "for every request ('OrdersController' is created per request)"));
    }

    [Fact]
    public async Task PerRequestTypeConstructorAndFieldInitializer()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc.RazorPages;
            using Microsoft.AspNetCore.SignalR;

            public class IndexModel : PageModel
            {
                private readonly HttpClient _client = [|new HttpClient()|];
            }

            public class ChatHub : Hub
            {
                private readonly HttpClient _client;
                public ChatHub() { _client = [|new HttpClient()|]; }
            }
            """);
    }

    [Fact]
    public async Task MinimalApiHandler()
    {
        await new Verify.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Http;
                using Microsoft.AspNetCore.Builder;

                var app = WebApplication.CreateBuilder(args).Build();
                app.MapGet("/", async () =>
                {
                    using var client = {|#0:new HttpClient()|};
                    return await client.GetStringAsync("http://upstream");
                });
                app.Run();
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("top-level statements", "in a request handler, once per request") },
        }.RunAsync();
    }

    [Theory]
    [InlineData("for (var i = 0; i < 3; i++) { var c = {|#0:new HttpClient()|}; await c.GetStringAsync(\"http://x\"); }", "in every iteration of a for loop")]
    [InlineData("foreach (var u in new[] { \"a\" }) { using var c = {|#0:new HttpClient()|}; await c.GetStringAsync(u); }", "in every iteration of a foreach loop")]
    [InlineData("var n = 0; while (n++ < 3) { using (var c = {|#0:new HttpClient()|}) { await c.GetStringAsync(\"x\"); } }", "in every iteration of a while loop")]
    [InlineData("var n = 0; do { using HttpClient c = {|#0:new()|}; await c.GetStringAsync(\"x\"); } while (n++ < 3);", "in every iteration of a do loop")]
    [InlineData("var r = new[] { \"a\" }.Select(u => {|#0:new HttpClient()|}.GetStringAsync(u)).ToList(); await Task.WhenAll(r);", "in a 'Select' lambda, once per element")]
    [InlineData("Parallel.For(0, 3, i => { using var c = {|#0:new HttpClient()|}; });", "in a Parallel.For body, once per iteration")]
    [InlineData("for (var i = 0; i < 3; i++) { await Task.Run(async () => { using var c = {|#0:new HttpClient()|}; await c.GetStringAsync(\"x\"); }); }", "in every iteration of a for loop")]
    [InlineData("using var c = {|#0:new HttpClient()|}; await c.GetStringAsync(\"x\");", "on every call and disposes it")]
    [InlineData("var c = {|#0:new HttpClient()|}; await c.GetStringAsync(\"x\");", "on every call")]
    [InlineData("await {|#0:new HttpClient()|}.GetStringAsync(\"x\");", "on every call")]
    public async Task PerOperationShapesInAPlainMethod(string body, string reason)
    {
        await Verify.VerifyAnalyzerAsync($$"""
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Worker
            {
                public async Task RunAsync()
                {
                    {{body}}
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Worker.RunAsync", reason));
    }

    [Fact]
    public async Task GetterFactoryAndEventHandler()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Feed
            {
                public HttpClient Client => {|#0:new HttpClient()|};

                private HttpClient Create() => {|#1:new HttpClient()|};

                public Task<string> Fetch(string u) { var c = Create(); return c.GetStringAsync(u); }

                public void Attach(Action<EventHandler> subscribe) { }

                public void OnTick(object sender, EventArgs e) { using var c = {|#2:new HttpClient()|}; }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Feed.Client", "every time 'Client' is read"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Feed.Create", "in factory 'Create', which runs on every call"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Feed.OnTick", "in an event handler, once per event"));
    }

    [Fact]
    public async Task ScopedRegistrationMakesTypePerRequest()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            public static class Setup
            {
                public static void Configure(IServiceCollection services) => services.AddScoped<IPricing, Pricing>();
            }

            public interface IPricing { Task<string> Quote(); }

            public class Pricing : IPricing
            {
                private readonly HttpClient _client = [|new HttpClient()|];
                public Task<string> Quote() => _client.GetStringAsync("http://prices");
            }
            """);
    }

    [Fact]
    public async Task PerRequestTypesOption()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                namespace Shop
                {
                    public class CheckoutHandler
                    {
                        private readonly HttpClient _client = [|new HttpClient()|];
                    }

                    public class Other
                    {
                        private readonly HttpClient _client = new HttpClient();
                    }
                }
                """,
            EditorConfig = "[*.cs]\nconnhygiene.per_request_types = Shop.CheckoutHandler",
        }.RunAsync();
    }

    [Fact]
    public async Task LongLivedAndCachedClientsAreNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Concurrent;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;

            public class Clients
            {
                private static readonly HttpClient s_field = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly HttpClient s_fromCtor;
                private static HttpClient? s_lazyField;
                private static readonly ConcurrentDictionary<string, HttpClient> s_cache = new();
                private static readonly SocketsHttpHandler s_handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                private readonly HttpClient _injected;
                private HttpClient? _instanceCache;

                static Clients() { s_fromCtor = new HttpClient(s_handler); }

                public Clients(HttpClient injected, IHttpClientFactory factory) { _injected = injected; _ = factory.CreateClient(); }

                public static HttpClient Shared => s_lazyField ??= new HttpClient(s_handler);

                public HttpClient Instance => _instanceCache ??= new HttpClient(s_handler);

                public HttpClient PublicFactory() => new HttpClient();

                public HttpClient Cached(string key) => s_cache.GetOrAdd(key, _ => new HttpClient(s_handler));

                public async Task CheapPerCallClient()
                {
                    using var client = new HttpClient(s_handler, disposeHandler: false);
                    await client.GetStringAsync("http://x");
                }

                public async Task LongRunning(CancellationToken token)
                {
                    using var client = new HttpClient();
                    while (!token.IsCancellationRequested)
                    {
                        await client.GetStringAsync("http://x", token);
                    }
                }

                public object Escapes() { var c = new HttpClient(); return new Holder(c); }

                public static void Register(IServiceCollection services)
                {
                    services.AddSingleton(_ => new HttpClient(s_handler));
                    services.AddHttpClient("named").ConfigureHttpClient(c => c.Timeout = TimeSpan.FromSeconds(5));
                }
            }

            public class Holder { public Holder(HttpClient c) { } }

            public class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    await client.GetStringAsync("http://x", stoppingToken);
                }
            }

            public static class Program
            {
                private static readonly Lazy<HttpClient> s_lazy = new(() => new HttpClient(s_handler2));
                private static readonly Lazy<HttpClient> s_lazyMethodGroup = new(Create);
                private static readonly SocketsHttpHandler s_handler2 = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                private static HttpClient Create() => new HttpClient(s_handler2);

                public static async Task Main()
                {
                    using var client = new HttpClient(s_handler2);
                    await client.GetStringAsync("http://x");
                }
            }
            """);
    }

    [Fact]
    public async Task PrivateFactoryCalledOnlyFromStaticInitializerIsNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;

            public class Holder
            {
                private static readonly HttpClient s_client = Create();
                private static HttpClient Create() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = TimeSpan.FromSeconds(3) };
            }
            """);
    }

    [Fact]
    public async Task TestCodeIsLeftAloneUnlessTheOptionIsOn()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            public class ApiTests
            {
                [Xunit.Fact]
                public async Task Calls()
                {
                    using var client = {|#0:new HttpClient()|};
                    await client.GetStringAsync("http://localhost");
                }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source.Replace("{|#0:", string.Empty).Replace("|}", string.Empty));
        await new Verify.Test
        {
            TestCode = source,
            EditorConfig = "[*.cs]\nconnhygiene.analyze_test_code = true",
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("ApiTests.Calls", "on every call and disposes it") },
        }.RunAsync();
    }

    [Fact]
    public async Task UserTypeNamedHttpClientAndTestDoubleHandlerAreNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            namespace Mine { public class HttpClient { public Task<string> GetStringAsync(string u) => Task.FromResult(u); } }

            public class Uses
            {
                public async Task<string> A() { var c = new Mine.HttpClient(); return await c.GetStringAsync("x"); }

                public async Task<string> B()
                {
                    using var c = new System.Net.Http.HttpClient(new StubHandler());
                    return await c.GetStringAsync("http://x");
                }
            }

            public sealed class StubHandler : HttpMessageHandler
            {
                protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    => Task.FromResult(new HttpResponseMessage());
            }
            """);
    }

    [Fact]
    public async Task BlazorWebAssemblyAppsAreLeftAlone()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            namespace Microsoft.AspNetCore.Components.WebAssembly.Hosting { public sealed class WebAssemblyHostBuilder { } }

            public class WeatherClient
            {
                public async Task<string> Get() { using var c = new HttpClient(); return await c.GetStringAsync("weather.json"); }
            }
            """);
    }

    [Fact]
    public async Task PipelineBranchConfigurationAndCapturedClientsAreNotPerOperation()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Http;

            public static class Pipeline
            {
                public static void Configure(IApplicationBuilder app)
                {
                    app.Map("/proxy", branch =>
                    {
                        var backend = new HttpClient();
                        branch.Run(async context => await context.Response.WriteAsync(await backend.GetStringAsync("http://backend")));
                    });
                }

                public static Func<Task<string>> Capture()
                {
                    var client = new HttpClient();
                    return () => client.GetStringAsync("http://x");
                }

                public static void Handler(IApplicationBuilder app)
                    => app.Run(async context => { using var c = [|new HttpClient()|]; await context.Response.WriteAsync(await c.GetStringAsync("http://x")); });
            }
            """);
    }

    [Fact]
    public async Task LocalFunctionsInMainRunPerCall()
    {
        await new Verify.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Program
                {
                    public static async Task Main(string[] args)
                    {
                        foreach (var url in args)
                        {
                            await FetchAsync(url);
                        }

                        static async Task<string> FetchAsync(string url)
                        {
                            using var client = {|#0:new HttpClient()|};
                            return await client.GetStringAsync(url);
                        }
                    }
                }
                """,
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("Program.Main", "on every call and disposes it") },
        }.RunAsync();
    }

    [Fact]
    public async Task SubclassesThatChooseTheirHandlerAreNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public sealed class GitHubClient : HttpClient
            {
                private static readonly SocketsHttpHandler s_handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                public GitHubClient() : base(s_handler, disposeHandler: false) { }
            }

            public sealed class PlainClient : HttpClient
            {
                public PlainClient() { }
            }

            public class Uses
            {
                public Task<string> A() { using var c = new GitHubClient(); return c.GetStringAsync("http://x"); }
                public Task<string> B() { using var c = [|new PlainClient()|]; return c.GetStringAsync("http://x"); }
            }
            """);
    }

    // ---- Precision on real code (issue 8) -------------------------------------------------------------------

    [Fact]
    public async Task FieldAssignedAndUsedInTheSameCallIsPerCall()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class WeatherService
            {
                private HttpClient _client;
                private static HttpClient s_client;

                public async Task<string> GetAsync(string url)
                {
                    _client = [|new HttpClient()|];
                    return await _client.GetStringAsync(url);
                }

                public async Task<string> GetStaticAsync(string url)
                {
                    s_client = [|new HttpClient()|];
                    return await s_client.GetStringAsync(url);
                }
            }
            """);
    }

    [Fact]
    public async Task LazyOrSetupFieldAssignmentsAreNotPerCall()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Api
            {
                private HttpClient _client;
                private HttpClient _other;

                public async Task<string> GetAsync(string url)
                {
                    if (_client == null)
                    {
                        _client = new HttpClient();
                    }

                    return await _client.GetStringAsync(url);
                }

                public async Task<string> GetOtherAsync(string url)
                {
                    if (_other != null) return await _other.GetStringAsync(url);
                    _other = new HttpClient();
                    return await _other.GetStringAsync(url);
                }

                public async Task InitializeAsync(string url)
                {
                    _client = new HttpClient();
                    await _client.GetAsync(url + "/login");
                }
            }
            """);
    }

    [Fact]
    public async Task LoggingTheLocalDoesNotHideIt()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Logging;

            public class Fetcher
            {
                private readonly ILogger<Fetcher> _logger;

                public Fetcher(ILogger<Fetcher> logger) => _logger = logger;

                public async Task<string> FetchAsync(string url)
                {
                    using (var client = [|new HttpClient()|])
                    {
                        _logger.LogInformation($"client is null: {client == null}");
                        _logger.LogDebug("using {Client} with {Timeout}", client, client.Timeout);
                        Console.WriteLine($"client {client}");
                        return await client.GetStringAsync(url);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task PublicFactoryCalledPerRequestIsReportedAtTheCreation()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public static class HttpClientInstance
            {
                public static HttpClient CreateClient() => [|new HttpClient()|];

                public static HttpClient CreateConfigured()
                {
                    var client = [|new HttpClient()|];
                    client.Timeout = TimeSpan.FromSeconds(5);
                    return client;
                }

                public static HttpClient NeverCalled() => new HttpClient();
            }

            [ApiController]
            public class ItemsController : ControllerBase
            {
                [HttpGet]
                public async Task<string> Get() => await HttpClientInstance.CreateClient().GetStringAsync("http://items");

                [HttpGet("c")]
                public async Task<string> GetConfigured()
                {
                    using var client = HttpClientInstance.CreateConfigured();
                    return await client.GetStringAsync("http://items");
                }
            }
            """);
    }
}
