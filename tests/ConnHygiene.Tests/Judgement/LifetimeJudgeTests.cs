using ConnHygiene.Analyzers;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// <see cref="LifetimeJudge"/>: how often does the code that creates the marked object run? Each test names the
/// question and the answer; near-misses sit next to the case they differ from by one thing.
/// </summary>
public class LifetimeJudgeTests
{
    private static LifetimeVerdict JudgeMarked(string source, OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary, ConnHygieneOptions? options = null, string assemblyName = "App")
    {
        var fixture = JudgementFixture.Compile(source, outputKind, assemblyName);
        return fixture.Lifetime(fixture.OperationAt<IObjectCreationOperation>(), options);
    }

    private static void AssertVerdict(Lifetime lifetime, string reason, LifetimeVerdict verdict)
        => Assert.Equal((lifetime, reason), (verdict.Lifetime, verdict.Reason));

    // ---- per request ----

    [Fact]
    public void Controller_action_creates_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            public class WeatherController : ControllerBase
            {
                public async Task<string> Get()
                {
                    using var client = /*here*/new HttpClient();
                    return await client.GetStringAsync("http://x");
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "for every request ('WeatherController' is created per request)", verdict);
        Assert.False(verdict.IsIteration);
        Assert.False(verdict.IsUserAction);
    }

    [Fact]
    public void Static_method_of_a_controller_is_per_call_not_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            public class WeatherController : ControllerBase
            {
                public static async Task<string> Get()
                {
                    using var client = /*here*/new HttpClient();
                    return await client.GetStringAsync("http://x");
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "on every call and disposes it", verdict);
    }

    [Fact]
    public void Instance_field_initializer_of_a_controller_is_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc;
            public class WeatherController : ControllerBase
            {
                private readonly HttpClient _client = /*here*/new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "for every request ('WeatherController' is created per request)", verdict);
    }

    [Fact]
    public void Instance_field_initializer_of_an_ordinary_class_is_unknown()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public class WeatherClient
            {
                private readonly HttpClient _client = /*here*/new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Class_registered_AddScoped_is_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            public class WeatherClient
            {
                private readonly HttpClient _client = /*here*/new HttpClient();
            }
            public static class Setup
            {
                public static void Register(IServiceCollection services) => services.AddScoped<WeatherClient>();
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "for every request ('WeatherClient' is created per request)", verdict);
    }

    [Fact]
    public void Class_registered_AddSingleton_is_not_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            public class WeatherClient
            {
                private readonly HttpClient _client = /*here*/new HttpClient();
            }
            public static class Setup
            {
                public static void Register(IServiceCollection services) => services.AddSingleton<WeatherClient>();
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Type_named_in_per_request_types_option_is_per_request()
    {
        const string source = """
            using System.Net.Http;
            namespace Shop;
            public class Checkout
            {
                private readonly HttpClient _client = /*here*/new HttpClient();
            }
            """;
        AssertVerdict(Lifetime.PerOperation, "for every request ('Checkout' is created per request)", JudgeMarked(source, options: JudgementFixture.Options(("connhygiene.per_request_types", "Shop.Checkout"))));
        AssertVerdict(Lifetime.Unknown, "", JudgeMarked(source, options: JudgementFixture.Options(("connhygiene.per_request_types", "Shop.Other"))));
    }

    [Fact]
    public void SignalR_hub_method_is_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.SignalR;
            public class ChatHub : Hub
            {
                public async Task Send(string url)
                {
                    using var client = /*here*/new HttpClient();
                    await client.GetStringAsync(url);
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "for every request ('ChatHub' is created per request)", verdict);
    }

    [Fact]
    public void Minimal_API_handler_lambda_is_per_request()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            using Microsoft.AspNetCore.Routing;
            public static class Endpoints
            {
                public static void Map(IEndpointRouteBuilder app)
                    => app.MapGet("/", async () =>
                    {
                        using var client = /*here*/new HttpClient();
                        return await client.GetStringAsync("http://x");
                    });
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in a request handler, once per request", verdict);
    }

    [Fact]
    public void Pipeline_branch_configuration_lambda_is_not_a_request_handler()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            public static class Pipeline
            {
                public static HttpClient? Shared;
                public static void Configure(IApplicationBuilder app)
                    => app.Map("/api", branch =>
                    {
                        Shared = /*here*/new HttpClient();
                    });
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "stored in a static member", verdict);
    }

    [Fact]
    public void Scoped_service_factory_lambda_is_per_request_and_singleton_instance_is_per_process()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            public static class Setup
            {
                public static void Register(IServiceCollection services)
                {
                    services.AddScoped(sp => new HttpClient());
                    services.AddSingleton(new HttpClient());
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in a scoped service factory, once per request", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.PerProcess, "registered as a singleton", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void Handler_made_in_ConfigurePrimaryHttpMessageHandler_is_factory_managed()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;
            public static class Setup
            {
                public static void Register(IServiceCollection services)
                    => services.AddHttpClient("x").ConfigurePrimaryHttpMessageHandler(() => /*here*/new HttpClientHandler());
            }
            """);
        Assert.Equal(Lifetime.FactoryManaged, verdict.Lifetime);
    }

    [Fact]
    public void Object_handed_to_a_constructor_lives_as_long_as_its_owner()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc;
            public class ProxyController : ControllerBase
            {
                public string Get()
                {
                    var client = new HttpClient(/*here*/new HttpClientHandler());
                    return client.BaseAddress?.ToString() ?? "";
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "for every request ('ProxyController' is created per request)", verdict);
    }

    // ---- loops, LINQ, Parallel ----

    [Fact]
    public void Foreach_body_creates_per_iteration()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public class Crawler
            {
                public void Crawl(string[] urls)
                {
                    foreach (var url in urls)
                    {
                        using var client = /*here*/new HttpClient();
                    }
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a foreach loop", verdict);
        Assert.True(verdict.IsIteration);
    }

    [Fact]
    public void Foreach_collection_expression_runs_once_not_per_iteration()
    {
        var verdict = JudgeMarked("""
            using System.Collections.Generic;
            using System.Net.Http;
            public class Crawler
            {
                public void Crawl()
                {
                    foreach (var header in /*here*/new HttpClient().DefaultRequestHeaders)
                    {
                    }
                }
            }
            """);
        Assert.False(verdict.IsIteration);
        AssertVerdict(Lifetime.PerOperation, "on every call", verdict);
    }

    [Fact]
    public void While_and_do_bodies_create_per_iteration()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            public class Poller
            {
                public void Poll(int n)
                {
                    while (n-- > 0) { using var a = new HttpClient(); }
                    do { using var b = new HttpClient(); } while (n++ < 3);
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a while loop", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a do loop", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void For_loop_condition_and_increment_run_per_iteration()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            public class Poller
            {
                public void Poll()
                {
                    for (int i = 0; i < new HttpClient().Timeout.Seconds; i += new HttpClient().Timeout.Seconds)
                    {
                    }
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a for loop", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a for loop", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void For_loop_initializer_runs_once_per_call()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public class Poller
            {
                public void Poll()
                {
                    for (int i = /*here*/new HttpClient().Timeout.Seconds; i < 3; i++)
                    {
                    }
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "on every call", verdict);
        Assert.False(verdict.IsIteration);
    }

    [Fact]
    public void Loop_in_a_static_constructor_runs_once_per_process()
    {
        var verdict = JudgeMarked("""
            using System.Collections.Generic;
            using System.Net.Http;
            public static class Clients
            {
                public static readonly List<HttpClient> All = new();
                static Clients()
                {
                    for (int i = 0; i < 4; i++) { All.Add(/*here*/new HttpClient()); }
                }
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "in a static constructor", verdict);
    }

    [Fact]
    public void Loop_in_an_instance_constructor_is_per_iteration()
    {
        var verdict = JudgeMarked("""
            using System.Collections.Generic;
            using System.Net.Http;
            public class Clients
            {
                public readonly List<HttpClient> All = new();
                public Clients()
                {
                    for (int i = 0; i < 4; i++) { All.Add(/*here*/new HttpClient()); }
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a for loop", verdict);
    }

    [Fact]
    public void Linq_lambda_is_per_element_but_not_in_a_static_initializer()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Linq;
            using System.Net.Http;
            public class Clients
            {
                public static readonly HttpClient[] Shared = Enumerable.Range(0, 4).Select(i => new HttpClient()).ToArray();
                public HttpClient[] Make(int n) => Enumerable.Range(0, n).Select(i => new HttpClient()).ToArray();
            }
            """);
        // Code that runs once repeats its LINQ query once: not per element; the lambda's own value is left unjudged.
        AssertVerdict(Lifetime.Unknown, "", fixture.Lifetime(fixture.Creation(index: 0)));
        var perElement = fixture.Lifetime(fixture.Creation(index: 1));
        AssertVerdict(Lifetime.PerOperation, "in a 'Select' lambda, once per element", perElement);
        Assert.True(perElement.IsIteration);
    }

    [Fact]
    public void Parallel_ForEach_body_is_per_iteration()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public class Crawler
            {
                public void Crawl(string[] urls)
                    => Parallel.ForEach(urls, url => { using var client = /*here*/new HttpClient(); });
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in a Parallel.ForEach body, once per iteration", verdict);
    }

    // ---- one-shot and long-running entry points ----

    [Fact]
    public void Main_that_uses_a_client_and_exits_is_a_one_shot()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public static class Program
            {
                public static async Task Main()
                {
                    using var client = /*here*/new HttpClient();
                    await client.GetStringAsync("http://x");
                }
            }
            """, OutputKind.ConsoleApplication);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Main_that_keeps_running_a_loop_keeps_its_client_for_the_process()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public static class Program
            {
                public static async Task Main()
                {
                    using var client = /*here*/new HttpClient();
                    while (true)
                    {
                        await client.GetStringAsync("http://x");
                        await Task.Delay(1000);
                    }
                }
            }
            """, OutputKind.ConsoleApplication);
        AssertVerdict(Lifetime.PerProcess, "in Main", verdict);
    }

    [Fact]
    public void Main_that_stores_in_a_static_field_keeps_it_for_the_process()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public static class Program
            {
                public static HttpClient? Client;
                public static void Main() => Client = /*here*/new HttpClient();
            }
            """, OutputKind.ConsoleApplication);
        AssertVerdict(Lifetime.PerProcess, "in Main", verdict);
    }

    [Fact]
    public void Top_level_statements_that_run_a_web_host_keep_the_client()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Builder;
            var client = /*here*/new HttpClient();
            var app = WebApplication.Create(args);
            app.MapGet("/", () => client.GetStringAsync("http://x"));
            app.Run();
            """, OutputKind.ConsoleApplication);
        AssertVerdict(Lifetime.PerProcess, "in Main", verdict);
    }

    [Fact]
    public void Top_level_statements_that_make_one_call_are_a_one_shot()
    {
        var verdict = JudgeMarked("""
            using System;
            using System.Net.Http;
            using var client = /*here*/new HttpClient();
            Console.WriteLine(await client.GetStringAsync("http://x"));
            """, OutputKind.ConsoleApplication);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void ExecuteAsync_that_loops_until_stopped_keeps_its_client()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            public class Worker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var client = /*here*/new HttpClient();
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        await client.GetStringAsync("http://x", stoppingToken);
                    }
                }
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "in a hosted service's startup", verdict);
    }

    [Fact]
    public void ExecuteAsync_client_created_inside_its_loop_is_per_iteration()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            public class Worker : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (!stoppingToken.IsCancellationRequested)
                    {
                        using var client = /*here*/new HttpClient();
                        await client.GetStringAsync("http://x", stoppingToken);
                    }
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in every iteration of a while loop", verdict);
    }

    [Fact]
    public void ExecuteAsync_that_makes_one_call_is_a_one_shot()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.Hosting;
            public class Warmup : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    using var client = /*here*/new HttpClient();
                    await client.GetStringAsync("http://x", stoppingToken);
                }
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    // ---- static members, Lazy, properties ----

    [Fact]
    public void Static_field_initializer_and_static_constructor_run_once_per_process()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            public static class Clients
            {
                public static readonly HttpClient A = new HttpClient();
                public static readonly HttpClient B;
                static Clients() { B = new HttpClient(); }
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "in a static initializer", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.PerProcess, "in a static constructor", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void Lazy_in_a_static_field_caches_once_but_in_a_controller_runs_per_request()
    {
        var fixture = JudgementFixture.Compile("""
            using System;
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc;
            public static class Clients
            {
                public static readonly Lazy<HttpClient> Shared = new(() => new HttpClient());
            }
            public class LazyController : ControllerBase
            {
                private readonly Lazy<HttpClient> _client = new(() => new HttpClient());
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "cached in a Lazy<T>", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.PerOperation, "for every request ('LazyController' is created per request)", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void Getter_that_returns_a_new_client_creates_one_per_read_but_an_auto_property_initializer_does_not()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            public class Api
            {
                public HttpClient Fresh => new HttpClient();
                public HttpClient Kept { get; } = new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "every time 'Fresh' is read", fixture.Lifetime(fixture.Creation(index: 0)));
        AssertVerdict(Lifetime.Unknown, "", fixture.Lifetime(fixture.Creation(index: 1)));
    }

    [Fact]
    public void Static_lazy_coalesce_assignment_is_created_once_on_first_use()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public static class Clients
            {
                private static HttpClient? s_client;
                public static HttpClient Get() => s_client ??= /*here*/new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "created once, on first use, in a static member", verdict);
    }

    [Fact]
    public void ConcurrentDictionary_GetOrAdd_caches_per_process()
    {
        var verdict = JudgeMarked("""
            using System.Collections.Concurrent;
            using System.Net.Http;
            public class Clients
            {
                private readonly ConcurrentDictionary<string, HttpClient> _byHost = new();
                public HttpClient For(string host) => _byHost.GetOrAdd(host, h => /*here*/new HttpClient());
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "cached in a ConcurrentDictionary", verdict);
    }

    // ---- fields stored per call, lazily, or by setup methods ----

    [Fact]
    public void Field_replaced_and_used_on_every_call_is_per_call()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public class Api
            {
                private HttpClient? _client;
                public async Task<string> Get()
                {
                    _client = /*here*/new HttpClient();
                    return await _client.GetStringAsync("http://x");
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "on every call", verdict);
    }

    [Fact]
    public void Field_initialized_lazily_under_a_null_test_is_not_per_call()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public class Api
            {
                private HttpClient? _client;
                public async Task<string> Get()
                {
                    if (_client == null)
                    {
                        _client = /*here*/new HttpClient();
                    }

                    return await _client.GetStringAsync("http://x");
                }
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Field_stored_by_a_setup_method_is_meant_to_outlive_it()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            public class Api
            {
                private HttpClient? _client;
                public async Task ConnectAsync()
                {
                    _client = /*here*/new HttpClient();
                    await _client.GetStringAsync("http://x/hello");
                }
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Field_stored_but_not_used_in_the_same_call_is_not_per_call()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public class Api
            {
                private HttpClient? _client;
                public void Use(string baseAddress) => _client = /*here*/new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    // ---- factories ----

    [Fact]
    public void Visible_factory_is_judged_by_a_per_request_caller()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;
            public static class HttpClientInstance
            {
                public static HttpClient CreateClient() => /*here*/new HttpClient();
            }
            public class WeatherController : ControllerBase
            {
                public Task<string> Get() => HttpClientInstance.CreateClient().GetStringAsync("http://x");
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in factory 'CreateClient', which runs for every request ('WeatherController' is created per request)", verdict);
    }

    [Fact]
    public void Visible_factory_called_only_once_is_still_unknown_other_assemblies_may_call_it()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public static class HttpClientInstance
            {
                public static HttpClient CreateClient() => /*here*/new HttpClient();
                public static readonly HttpClient Shared = CreateClient();
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Private_factory_called_only_from_a_static_initializer_runs_once_per_process()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public static class HttpClientInstance
            {
                public static readonly HttpClient Shared = CreateClient();
                private static HttpClient CreateClient()
                {
                    var client = /*here*/new HttpClient();
                    client.Timeout = System.TimeSpan.FromSeconds(5);
                    return client;
                }
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "in a factory only called once per process", verdict);
    }

    [Fact]
    public void Factory_of_the_created_type_itself_is_judged_where_it_is_called()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            using Microsoft.AspNetCore.Mvc;
            public class SearchClient : HttpClient
            {
                public static SearchClient Create() => /*here*/new SearchClient();
            }
            public class SearchController : ControllerBase
            {
                public string Get() => SearchClient.Create().BaseAddress?.ToString() ?? "";
            }
            """);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    // ---- event handlers and UI ----

    private const string WinForms = """
        namespace System.Windows.Forms
        {
            public class Form { }
            public class Button { public event System.EventHandler? Click; }
        }
        """;

    [Fact]
    public void Event_handler_method_runs_once_per_event()
    {
        var verdict = JudgeMarked("""
            using System;
            using System.Net.Http;
            public class Monitor
            {
                public void OnTick(object? sender, EventArgs e)
                {
                    using var client = /*here*/new HttpClient();
                }
            }
            """);
        AssertVerdict(Lifetime.PerOperation, "in an event handler, once per event", verdict);
        Assert.False(verdict.IsUserAction);
    }

    [Fact]
    public void Click_handler_of_a_form_runs_once_per_user_action()
    {
        var verdict = JudgeMarked("""
            using System;
            using System.Net.Http;
            public class MainForm : System.Windows.Forms.Form
            {
                private void btnGo_Click(object? sender, EventArgs e)
                {
                    using var client = /*here*/new HttpClient();
                }
            }
            """ + WinForms);
        AssertVerdict(Lifetime.PerOperation, "in an event handler, once per user action", verdict);
        Assert.True(verdict.IsUserAction);
    }

    [Fact]
    public void Click_handler_that_stores_its_client_keeps_it_for_later()
    {
        var verdict = JudgeMarked("""
            using System;
            using System.Net.Http;
            public class MainForm : System.Windows.Forms.Form
            {
                private HttpClient? _client;
                private void btnConnect_Click(object? sender, EventArgs e)
                {
                    _client = /*here*/new HttpClient();
                }
            }
            """ + WinForms);
        AssertVerdict(Lifetime.Unknown, "", verdict);
    }

    [Fact]
    public void Ordinary_method_of_a_form_is_per_user_action()
    {
        var verdict = JudgeMarked("""
            using System.Net.Http;
            public class MainForm : System.Windows.Forms.Form
            {
                private void Refresh()
                {
                    using var client = /*here*/new HttpClient();
                }
            }
            """ + WinForms);
        AssertVerdict(Lifetime.PerOperation, "on every call and disposes it", verdict);
        Assert.True(verdict.IsUserAction);
    }

    [Fact]
    public void Lambda_subscribed_to_Click_is_per_user_action_and_to_a_timer_per_event()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Http;
            public class Wiring
            {
                public void Wire(System.Windows.Forms.Button button, System.Timers.Timer timer)
                {
                    button.Click += (s, e) => { using var a = new HttpClient(); };
                    timer.Elapsed += (s, e) => { using var b = new HttpClient(); };
                }
            }
            """ + WinForms);
        var click = fixture.Lifetime(fixture.Creation(index: 0));
        AssertVerdict(Lifetime.PerOperation, "in an event handler, once per user action", click);
        Assert.True(click.IsUserAction);
        var tick = fixture.Lifetime(fixture.Creation(index: 1));
        AssertVerdict(Lifetime.PerOperation, "in an event handler, once per event", tick);
        Assert.False(tick.IsUserAction);
    }

    [Fact]
    public void Event_handler_filling_a_static_field_once_keeps_it_for_the_process()
    {
        var verdict = JudgeMarked("""
            using System;
            using System.Net.Http;
            public class Global
            {
                public static HttpClient? Client;
                protected void Application_Start(object? sender, EventArgs e) => Client = /*here*/new HttpClient();
            }
            """);
        AssertVerdict(Lifetime.PerProcess, "stored in a static member", verdict);
    }

    // ---- test code ----

    private const string Xunit = """
        namespace Xunit
        {
            public class FactAttribute : System.Attribute { }
        }
        """;

    [Fact]
    public void Test_method_is_excluded_unless_test_code_is_analyzed()
    {
        const string source = """
            using System.Net.Http;
            public class ApiTests
            {
                [Xunit.Fact]
                public void Gets()
                {
                    using var client = /*here*/new HttpClient();
                }
            }
            """ + Xunit;
        Assert.Equal(Lifetime.Excluded, JudgeMarked(source).Lifetime);
        AssertVerdict(Lifetime.PerOperation, "on every call and disposes it", JudgeMarked(source, options: JudgementFixture.Options(("connhygiene.analyze_test_code", "true"))));
    }

    [Fact]
    public void Code_in_an_assembly_named_like_a_test_project_is_excluded()
    {
        const string source = """
            using System.Net.Http;
            public class Helper
            {
                public void Get() { using var client = /*here*/new HttpClient(); }
            }
            """;
        Assert.Equal(Lifetime.Excluded, JudgeMarked(source, assemblyName: "Shop.Api.Tests").Lifetime);
        Assert.Equal(Lifetime.PerOperation, JudgeMarked(source, assemblyName: "Shop.Api").Lifetime);
    }
}
