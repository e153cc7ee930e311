using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.HandlerPerOperationAnalyzer,
    ConnHygiene.CodeFixes.Rules.HandlerPerOperationFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0002: a connection-owning handler made per operation.</summary>
public class CH0002Tests
{
    [Fact]
    public async Task HandlerPassedToAPerCallClient()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Downloader
            {
                public async Task<string> GetAsync(string url)
                {
                    using var client = new HttpClient({|#0:new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip }|});
                    return await client.GetStringAsync(url);
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Downloader.GetAsync", "HttpClientHandler", "on every call and disposes it"));
    }

    [Fact]
    public async Task HandlerInALocalInALoopAndSocketsHandlerInAController()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class Loops
            {
                public async Task RunAsync()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        var handler = {|#0:new SocketsHttpHandler()|};
                        using var client = new HttpClient(handler);
                        await client.GetStringAsync("http://x");
                    }
                }
            }

            public class ProxyController : ControllerBase
            {
                public Task<string> Get() => new HttpClient({|#1:new SocketsHttpHandler()|}).GetStringAsync("http://upstream");
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Loops.RunAsync", "SocketsHttpHandler", "in every iteration of a for loop"),
            Verify.Diagnostic().WithLocation(1).WithArguments("ProxyController.Get", "SocketsHttpHandler", "for every request ('ProxyController' is created per request)"));
    }

    [Fact]
    public async Task SharedAndFactoryManagedHandlersAreNotFlagged()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;
            using Microsoft.Extensions.DependencyInjection;

            public class Fine
            {
                private static readonly SocketsHttpHandler s_handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public static void Register(IServiceCollection services)
                    => services.AddHttpClient("api").ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });

                public async Task<string> UsesShared() { using var c = new HttpClient(s_handler, disposeHandler: false); return await c.GetStringAsync("http://x"); }

                public async Task<string> TestDouble() { using var c = new HttpClient(new Stub()); return await c.GetStringAsync("http://x"); }

                private sealed class Stub : HttpMessageHandler
                {
                    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(new HttpResponseMessage());
                }
            }
            """);
    }

    [Fact]
    public async Task HoistsTheHandlerAndStopsTheClientDisposingIt()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Downloader
                {
                    public async Task<string> GetAsync(string url)
                    {
                        using var client = new HttpClient([|new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip }|]);
                        return await client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Downloader
                {
                    private static readonly SocketsHttpHandler s_httpHandler = new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.GZip, PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

                    public async Task<string> GetAsync(string url)
                    {
                        using var client = new HttpClient(s_httpHandler, disposeHandler: false);
                        return await client.GetStringAsync(url);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task HandlerLocalIsRemovedAndFixAllSharesOneHandler()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Loops
                {
                    public async Task RunAsync()
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            var handler = [|new SocketsHttpHandler()|];
                            using var client = new HttpClient(handler, true);
                            await client.GetStringAsync("http://x");
                        }
                    }

                    public async Task OnceAsync()
                    {
                        using var client = new HttpClient([|new SocketsHttpHandler()|]);
                        await client.GetStringAsync("http://y");
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Loops
                {
                    private static readonly SocketsHttpHandler s_httpHandler = new SocketsHttpHandler() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

                    public async Task RunAsync()
                    {
                        for (var i = 0; i < 3; i++)
                        {
                            using var client = new HttpClient(s_httpHandler, disposeHandler: false);
                            await client.GetStringAsync("http://x");
                        }
                    }

                    public async Task OnceAsync()
                    {
                        using var client = new HttpClient(s_httpHandler, disposeHandler: false);
                        await client.GetStringAsync("http://y");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NotOfferedWhenTheHandlerDependsOnLocals()
    {
        await new Verify.Test
        {
            CodeActionExpected = false,
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class PerUser
                {
                    public async Task<string> GetAsync(ICredentials credentials)
                    {
                        using var client = new HttpClient([|new HttpClientHandler { Credentials = credentials }|]);
                        return await client.GetStringAsync("http://x");
                    }
                }
                """,
        }.RunAsync();
    }
}
