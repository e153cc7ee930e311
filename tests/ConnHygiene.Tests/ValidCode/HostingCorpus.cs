using Microsoft.CodeAnalysis;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>Correct ASP.NET Core and generic-host code: IHttpClientFactory everywhere a request runs, singletons that recycle connections.</summary>
internal static class HostingCorpus
{
    public static CorpusProject Project => new("hosting", new[]
    {
        ("/0/Hosting/Program.cs", Program),
        ("/0/Hosting/Controllers.cs", Controllers),
        ("/0/Hosting/Services.cs", Services),
        ("/0/Hosting/PipelineBranches.cs", PipelineBranches),
    })
    {
        OutputKind = OutputKind.ConsoleApplication,
    };

    private const string Program = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using Corpus.Hosting;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddControllers();
        builder.Services.AddRazorPages();
        builder.Services.AddHttpClient();
        builder.Services.AddHttpClient("github", client => client.BaseAddress = new Uri("https://api.github.com/"))
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
        builder.Services.AddHttpClient("legacy")
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler { AllowAutoRedirect = false });
        builder.Services.AddHttpClient<CatalogClient>(client => client.BaseAddress = new Uri("https://catalog.example/"));
        builder.Services.AddSingleton(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
        builder.Services.AddSingleton<IPriceSource>(_ => new PriceSource(new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })));
        builder.Services.AddScoped<OrderService>();
        builder.Services.AddTransient<AuditMiddleware>();
        builder.Services.AddHostedService<HealthProbe>();

        var app = builder.Build();
        app.UseMiddleware<AuditMiddleware>();
        app.MapControllers();
        app.MapRazorPages();
        app.MapGet("/zen", async (IHttpClientFactory factory, CancellationToken cancellationToken) =>
        {
            var client = factory.CreateClient("github");
            return await client.GetStringAsync("zen", cancellationToken);
        });
        app.MapGet("/items", (CatalogClient catalog) => catalog.GetItemsAsync());
        app.MapGet("/order/{id}", (int id, OrderService orders) => orders.GetAsync(id));
        app.Run();
        """;

    private const string Controllers = """
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Mvc;
        using Microsoft.AspNetCore.Mvc.RazorPages;

        namespace Corpus.Hosting;

        [ApiController]
        [Route("api/[controller]")]
        public sealed class ReposController : ControllerBase
        {
            private readonly IHttpClientFactory _httpClientFactory;

            public ReposController(IHttpClientFactory httpClientFactory) => _httpClientFactory = httpClientFactory;

            [HttpGet("{owner}")]
            public async Task<IActionResult> Get(string owner, CancellationToken cancellationToken)
            {
                var client = _httpClientFactory.CreateClient("github");
                using var response = await client.GetAsync($"users/{owner}/repos", cancellationToken);
                return Content(await response.Content.ReadAsStringAsync(cancellationToken), "application/json");
            }
        }

        [ApiController]
        [Route("api/catalog")]
        public sealed class CatalogController(CatalogClient catalog) : ControllerBase
        {
            [HttpGet]
            public Task<string> Get() => catalog.GetItemsAsync();
        }

        public sealed class IndexModel(IHttpClientFactory factory) : PageModel
        {
            public string? Zen { get; private set; }

            public async Task OnGetAsync()
            {
                using var client = factory.CreateClient("github");
                Zen = await client.GetStringAsync("zen");
            }
        }
        """;

    private const string Services = """
        using System;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        using Microsoft.AspNetCore.Http;
        using Microsoft.Extensions.Hosting;

        namespace Corpus.Hosting;

        /// <summary>A typed client: the factory creates it and its HttpClient.</summary>
        public sealed class CatalogClient(HttpClient http)
        {
            public Task<string> GetItemsAsync() => http.GetStringAsync("items");
        }

        public interface IPriceSource
        {
            Task<string> GetAsync(string sku);
        }

        public sealed class PriceSource(HttpClient http) : IPriceSource
        {
            public Task<string> GetAsync(string sku) => http.GetStringAsync("https://prices.example/" + sku);
        }

        /// <summary>Scoped: created per request, so it takes the factory.</summary>
        public sealed class OrderService
        {
            private readonly IHttpClientFactory _httpClientFactory;

            public OrderService(IHttpClientFactory httpClientFactory) => _httpClientFactory = httpClientFactory;

            public async Task<string> GetAsync(int id)
            {
                var client = _httpClientFactory.CreateClient();
                using var response = await client.GetAsync($"https://orders.example/{id}");
                return await response.Content.ReadAsStringAsync();
            }
        }

        public sealed class AuditMiddleware(IHttpClientFactory factory) : IMiddleware
        {
            public async Task InvokeAsync(HttpContext context, RequestDelegate next)
            {
                var client = factory.CreateClient();
                using var response = await client.PostAsync("https://audit.example/", new StringContent(context.Request.Path.ToString()));
                await next(context);
            }
        }

        /// <summary>ExecuteAsync runs once per host: the client made before its loop lives for the process.</summary>
        public sealed class HealthProbe : BackgroundService
        {
            protected override async Task ExecuteAsync(CancellationToken stoppingToken)
            {
                using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                while (!stoppingToken.IsCancellationRequested)
                {
                    using var response = await client.GetAsync("https://example.org/health", stoppingToken);
                    await Task.Delay(TimeSpan.FromSeconds(30), stoppingToken);
                }
            }
        }
        """;

    /// <summary>
    /// Branch configuration lambdas (Map(path, Action&lt;IApplicationBuilder&gt;), UseWhen, MapWhen) run once, when the
    /// pipeline is built; only the RequestDelegate inside runs per request. (Found by the meta work: the analyzers
    /// treat the configuration lambda as a request handler today.)
    /// </summary>
    private const string PipelineBranches = """
        using System;
        using System.Net.Http;
        using Microsoft.AspNetCore.Builder;
        using Microsoft.AspNetCore.Http;

        namespace Corpus.Hosting;

        public static class PipelineBranches
        {
            public static void Configure(IApplicationBuilder app)
            {
                app.Map("/proxy", branch =>
                {
                    var backend = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    branch.Run(async context => await context.Response.WriteAsync(await backend.GetStringAsync("https://backend.example/")));
                });

                app.UseWhen(context => context.Request.Path.StartsWithSegments("/audited"), branch =>
                {
                    var audit = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    branch.Use(async (context, next) =>
                    {
                        using var response = await audit.PostAsync("https://audit.example/", new StringContent(context.Request.Path.ToString()));
                        await next(context);
                    });
                });
            }
        }
        """;
}
