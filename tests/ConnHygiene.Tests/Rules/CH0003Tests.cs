using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.PooledConnectionLifetimeAnalyzer,
    ConnHygiene.CodeFixes.Rules.PooledConnectionLifetimeFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0003: long-lived clients whose connections never see DNS changes.</summary>
public class CH0003Tests
{
    [Fact]
    public async Task LongLivedShapes()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using Microsoft.Extensions.DependencyInjection;

            public static class Clients
            {
                private static readonly HttpClient s_default = {|#0:new HttpClient()|};
                private static readonly HttpClient s_classic = {|#1:new HttpClient(new HttpClientHandler { UseCookies = false })|};
                private static readonly HttpClient s_sockets = {|#2:new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 10 })|};
                private static readonly SocketsHttpHandler s_handler = new();
                private static readonly HttpClient s_viaField = {|#3:new HttpClient(s_handler)|};
                private static readonly Lazy<HttpClient> s_lazy = new(() => {|#4:new HttpClient()|});
                private static HttpClient? s_cached;

                public static HttpClient Cached => s_cached ??= {|#5:new HttpClient()|};

                public static void Register(IServiceCollection services) => services.AddSingleton(_ => {|#6:new HttpClient()|});
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Clients.s_default", "the default handler"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Clients.s_classic", "an HttpClientHandler"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Clients.s_sockets", "a SocketsHttpHandler"),
            Verify.Diagnostic().WithLocation(3).WithArguments("Clients.s_viaField", "a SocketsHttpHandler"),
            Verify.Diagnostic().WithLocation(4).WithArguments("Clients.s_lazy", "the default handler"),
            Verify.Diagnostic().WithLocation(5).WithArguments("Clients.Cached", "the default handler"),
            Verify.Diagnostic().WithLocation(6).WithArguments("Clients.Register", "the default handler"));
    }

    [Fact]
    public async Task RecycledPerOperationAndFactoryManagedClientsAreNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            public class Fine
            {
                private static readonly HttpClient s_ok = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                private static readonly SocketsHttpHandler s_handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                private static readonly HttpClient s_viaField = new HttpClient(s_handler, disposeHandler: false);
                private readonly HttpClient _injected;

                public Fine(HttpClient injected) => _injected = injected;

                public static void Register(IServiceCollection services)
                    => services.AddHttpClient("api").ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler());

                public async Task<string> PerCall() { using var c = new HttpClient(); return await c.GetStringAsync("http://x"); }
            }
            """);
    }

    [Fact]
    public async Task DefaultHandlerGetsASocketsHandlerWithTheConfiguredLifetime()
    {
        await new Verify.Test
        {
            EditorConfig = "[*.cs]\nconnhygiene.pooled_connection_lifetime = 00:05:00",
            TestCode = """
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient Shared = [|new HttpClient { MaxResponseContentBufferSize = 1024 }|];
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient Shared = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) }) { MaxResponseContentBufferSize = 1024 };
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task SocketsHandlerInAFieldGainsTheProperty()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Http;

                public static class Clients
                {
                    private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler { MaxConnectionsPerServer = 20 };
                    public static readonly HttpClient Shared = [|new HttpClient(s_handler)|];
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Clients
                {
                    private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler { MaxConnectionsPerServer = 20, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                    public static readonly HttpClient Shared = new HttpClient(s_handler);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task InlineHttpClientHandlerBecomesSocketsHandlerAndFixAllCoversEveryClient()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net;
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient A = [|new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.All, UseCookies = false })|];
                    public static readonly Lazy<HttpClient> B = new(() => [|new HttpClient()|]);
                }
                """,
            FixedCode = """
                using System;
                using System.Net;
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient A = new HttpClient(new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All, UseCookies = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                    public static readonly Lazy<HttpClient> B = new(() => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }));
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NotOfferedForHandlerSettingsWithoutAnEquivalent()
    {
        await new Verify.Test
        {
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient A = [|new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator })|];
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task WithoutSocketsHttpHandlerTheRuleNamesTheDefaultHandlerAndOffersNoFix()
    {
        var netFxHttp = TestReferences.FromSource("System.Net.Http", """
            namespace System.Net.Http
            {
                public abstract class HttpMessageHandler { }
                public class HttpClientHandler : HttpMessageHandler { }
                public class HttpMessageInvoker { public HttpMessageInvoker(HttpMessageHandler handler) { } }
                public class HttpClient : HttpMessageInvoker
                {
                    public HttpClient() : base(new HttpClientHandler()) { }
                    public HttpClient(HttpMessageHandler handler) : base(handler) { }
                }
            }
            """, TestReferences.SystemRuntime);
        await new Verify.Test
        {
            FrameworkReferences = [TestReferences.SystemRuntime, netFxHttp],
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Http;

                public static class Clients
                {
                    public static readonly HttpClient A = {|#0:new HttpClient()|};
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithArguments("Clients.A", "the default handler"),
            },
        }.RunAsync();
    }

    // ---- Precision on real code (issue 8) -------------------------------------------------------------------

    [Fact]
    public async Task OneShotProgramsAndPerCallFieldsAreNotLongLived()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Program
            {
                private static HttpClient s_client;

                public static async Task Main(string[] args)
                {
                    var client = new HttpClient();
                    Console.WriteLine(await client.GetStringAsync(args[0]));
                }

                public static async Task<string> FetchAsync(string url)
                {
                    s_client = new HttpClient();
                    return await s_client.GetStringAsync(url);
                }
            }
            """);
    }

    [Fact]
    public async Task LongRunningProgramsAndLazyStaticsAreLongLived()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            public static class Program
            {
                private static HttpClient s_lazy;

                public static async Task Main(string[] args)
                {
                    var client = {|#0:new HttpClient()|};
                    while (true)
                    {
                        Console.WriteLine(await client.GetStringAsync(args[0]));
                        await Task.Delay(TimeSpan.FromMinutes(1));
                    }
                }

                public static async Task<string> FetchAsync(string url)
                {
                    if (s_lazy == null)
                    {
                        s_lazy = {|#1:new HttpClient()|};
                    }

                    return await s_lazy.GetStringAsync(url);
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Program.Main", "the default handler"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Program.FetchAsync", "the default handler"));
    }
}
