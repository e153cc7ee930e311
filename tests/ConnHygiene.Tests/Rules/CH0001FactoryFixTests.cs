using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.HttpClientPerOperationAnalyzer,
    ConnHygiene.CodeFixes.Rules.HttpClientPerOperationFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0001's IHttpClientFactory fix.</summary>
public class CH0001FactoryFixTests
{
    [Fact]
    public async Task ControllerWithoutConstructorGetsOne()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    public async Task<string> Get()
                    {
                        using var client = [|new HttpClient()|];
                        return await client.GetStringAsync("http://orders");
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    private readonly IHttpClientFactory _httpClientFactory;

                    public OrdersController(IHttpClientFactory httpClientFactory)
                    {
                        _httpClientFactory = httpClientFactory;
                    }

                    public async Task<string> Get()
                    {
                        using var client = _httpClientFactory.CreateClient();
                        return await client.GetStringAsync("http://orders");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ExistingConstructorGainsParameterAndSettingsMoveToStatements()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class StockController : ControllerBase
                {
                    private readonly ILogger<StockController> _logger;

                    public StockController(ILogger<StockController> logger)
                    {
                        _logger = logger;
                    }

                    public async Task<string> Get(string sku)
                    {
                        var client = [|new HttpClient { BaseAddress = new Uri("http://stock"), Timeout = TimeSpan.FromSeconds(5) }|];
                        _logger.LogInformation("stock {Sku}", sku);
                        return await client.GetStringAsync(sku);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class StockController : ControllerBase
                {
                    private readonly ILogger<StockController> _logger;
                    private readonly IHttpClientFactory _httpClientFactory;

                    public StockController(ILogger<StockController> logger, IHttpClientFactory httpClientFactory)
                    {
                        _logger = logger;
                        _httpClientFactory = httpClientFactory;
                    }

                    public async Task<string> Get(string sku)
                    {
                        var client = _httpClientFactory.CreateClient();
                        client.BaseAddress = new Uri("http://stock");
                        client.Timeout = TimeSpan.FromSeconds(5);
                        _logger.LogInformation("stock {Sku}", sku);
                        return await client.GetStringAsync(sku);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task PrimaryConstructorGainsParameter()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class PingController(ILogger<PingController> logger) : ControllerBase
                {
                    public Task<string> Get() => [|new HttpClient()|].GetStringAsync("http://ping");
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;
                using Microsoft.Extensions.Logging;

                public class PingController(ILogger<PingController> logger, IHttpClientFactory httpClientFactory) : ControllerBase
                {
                    public Task<string> Get() => httpClientFactory.CreateClient().GetStringAsync("http://ping");
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task MinimalApiHandlerTakesFactoryAndRegistrationIsAdded()
    {
        await new Verify.Test
        {
            OutputKind = OutputKind.ConsoleApplication,
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System.Net.Http;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRouting();
                var app = builder.Build();
                app.MapGet("/a", async () =>
                {
                    using var client = [|new HttpClient()|];
                    return await client.GetStringAsync("http://a");
                });
                app.MapGet("/b", async (string q) => await [|new HttpClient()|].GetStringAsync("http://b/" + q));
                app.Run();
                """,
            FixedCode = """
                using System.Net.Http;
                using Microsoft.AspNetCore.Builder;
                using Microsoft.Extensions.DependencyInjection;

                var builder = WebApplication.CreateBuilder(args);
                builder.Services.AddRouting();
                builder.Services.AddHttpClient();
                var app = builder.Build();
                app.MapGet("/a", async (IHttpClientFactory httpClientFactory) =>
                {
                    using var client = httpClientFactory.CreateClient();
                    return await client.GetStringAsync("http://a");
                });
                app.MapGet("/b", async (string q, IHttpClientFactory httpClientFactory) => await httpClientFactory.CreateClient().GetStringAsync("http://b/" + q));
                app.Run();
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ExistingFactoryFieldIsReused()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class CartController : ControllerBase
                {
                    private readonly IHttpClientFactory _factory;

                    public CartController(IHttpClientFactory factory) => _factory = factory;

                    public Task<string> A() => _factory.CreateClient().GetStringAsync("http://a");

                    public async Task<string> B()
                    {
                        using var client = [|new HttpClient()|];
                        return await client.GetStringAsync("http://b");
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class CartController : ControllerBase
                {
                    private readonly IHttpClientFactory _factory;

                    public CartController(IHttpClientFactory factory) => _factory = factory;

                    public Task<string> A() => _factory.CreateClient().GetStringAsync("http://a");

                    public async Task<string> B()
                    {
                        using var client = _factory.CreateClient();
                        return await client.GetStringAsync("http://b");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllInjectsTheFactoryOnce()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class FeedController : ControllerBase
                {
                    public Task<string> A() => [|new HttpClient()|].GetStringAsync("http://a");

                    public Task<string> B() => [|new HttpClient()|].GetStringAsync("http://b");
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class FeedController : ControllerBase
                {
                    private readonly IHttpClientFactory _httpClientFactory;

                    public FeedController(IHttpClientFactory httpClientFactory)
                    {
                        _httpClientFactory = httpClientFactory;
                    }

                    public Task<string> A() => _httpClientFactory.CreateClient().GetStringAsync("http://a");

                    public Task<string> B() => _httpClientFactory.CreateClient().GetStringAsync("http://b");
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FactoryFixIsNotOfferedWhereTheContainerDoesNotCreateTheType()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Plain
                {
                    public async Task<string> Get()
                    {
                        using var client = [|new HttpClient()|];
                        return await client.GetStringAsync("http://x");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FactoryFixIsNotOfferedWithoutIHttpClientFactory()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            CodeActionEquivalenceKey = EquivalenceKeys.InjectFactory,
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Plain
                {
                    public async Task<string> Get()
                    {
                        using var client = [|new HttpClient()|];
                        return await client.GetStringAsync("http://x");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task HttpFixOptionPutsTheSharedClientFirst()
    {
        const string source = """
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class OrdersController : ControllerBase
            {
                public Task<string> Get() => [|new HttpClient()|].GetStringAsync("http://orders");
            }
            """;
        await new Verify.Test
        {
            EditorConfig = "[*.cs]\nconnhygiene.http_fix = shared\nconnhygiene.pooled_connection_lifetime = 00:00:30",
            CodeActionIndex = 0,
            TestCode = source,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;
                using Microsoft.AspNetCore.Mvc;

                public class OrdersController : ControllerBase
                {
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) });

                    public Task<string> Get() => s_httpClient.GetStringAsync("http://orders");
                }
                """,
        }.RunAsync();
    }
}
