using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.KeepAliveOffAnalyzer,
    ConnHygiene.CodeFixes.Rules.KeepAliveOffFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0004: every way code turns HTTP keep-alive off, the settings that do not, and the removal fix.</summary>
public class CH0004Tests
{
    // ----- Positives: analyzer -----

    [Fact]
    public async Task MessageNamesMemberAndSetting()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public void Configure(HttpClient client)
                    {
                        {|#0:client.DefaultRequestHeaders.ConnectionClose = true|};
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithArguments("Catalog.Configure", "sets ConnectionClose = true"),
            },
            FixedCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public void Configure(HttpClient client)
                    {
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ConnectionCloseOnRequestHeaders()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                public Task<HttpResponseMessage> SendAsync(HttpClient client, string url)
                {
                    var request = new HttpRequestMessage(HttpMethod.Get, url);
                    [|request.Headers.ConnectionClose = true|];
                    return client.SendAsync(request);
                }
            }
            """);
    }

    [Fact]
    public async Task ConnectionCloseHeaderAddedAnyCase()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;

            public class Catalog
            {
                public void Configure(HttpRequestMessage request, HttpClient client)
                {
                    [|request.Headers.Add("Connection", "close")|];
                    [|request.Headers.Add("connection", "Close")|];
                    [|client.DefaultRequestHeaders.Add("CONNECTION", "CLOSE")|];
                    [|request.Headers.Add("Connection", new[] { "close" })|];
                    [|request.Headers.Add("Connection", ["keep-alive", "close"])|];
                    [|request.Headers.Add("Connection", "Upgrade, close")|];
                    [|request.Headers.TryAddWithoutValidation("Connection", "close")|];
                    [|request.Headers.Connection.Add("close")|];
                    [|request.Headers.Connection.Add("Close")|];
                    [|client.DefaultRequestHeaders.Connection.ParseAdd("close")|];
                }
            }
            """);
    }

    [Fact]
    public async Task HttpWebRequestKeepAliveFalseHoweverReached()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;

            public class Legacy
            {
                public void Pattern(WebRequest request)
                {
                    if (request is HttpWebRequest http)
                    {
                        [|http.KeepAlive = false|];
                    }
                }

                public void AsCast(WebRequest request)
                {
                    var http = request as HttpWebRequest;
                    if (http != null) [|http.KeepAlive = false|];
                }

                public void ParenthesizedAs(WebRequest request)
                {
                    [|(request as HttpWebRequest)!.KeepAlive = false|];
                }

                public void CStyleCast(WebRequest request)
                {
                    [|((HttpWebRequest)request).KeepAlive = false|];
                }

                public void Direct(HttpWebRequest request)
                {
                    [|request.KeepAlive = false|];
                }
            }
            """);
    }

    [Fact]
    public async Task PooledConnectionIdleTimeoutZero()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Http;

            public static class Handlers
            {
                public static readonly SocketsHttpHandler A = new SocketsHttpHandler { [|PooledConnectionIdleTimeout = TimeSpan.Zero|] };
                public static readonly SocketsHttpHandler B = new SocketsHttpHandler { [|PooledConnectionIdleTimeout = TimeSpan.FromSeconds(0)|] };
                public static readonly SocketsHttpHandler C = new() { [|PooledConnectionIdleTimeout = TimeSpan.FromMilliseconds(0.0)|] };
                public static readonly SocketsHttpHandler D = new() { [|PooledConnectionIdleTimeout = new TimeSpan(0)|] };
                public static readonly SocketsHttpHandler E = new() { [|PooledConnectionIdleTimeout = default|] };

                public static void Configure(SocketsHttpHandler handler)
                {
                    [|handler.PooledConnectionIdleTimeout = TimeSpan.Zero|];
                    [|handler.PooledConnectionIdleTimeout = new TimeSpan(0, 0, 0)|];
                }
            }
            """);
    }

    // ----- Negatives -----

    [Fact]
    public async Task KeepAliveOnAndTcpKeepAliveAreFine()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net;
            using System.Net.Http;

            public class Fine
            {
                public static readonly SocketsHttpHandler Handler = new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
                    PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                    KeepAlivePingDelay = TimeSpan.FromSeconds(30),
                    Expect100ContinueTimeout = TimeSpan.Zero,
                };

                public static readonly SocketsHttpHandler Forever = new SocketsHttpHandler
                {
                    PooledConnectionIdleTimeout = System.Threading.Timeout.InfiniteTimeSpan,
                };

                public void Configure(HttpRequestMessage request, HttpClient client, HttpWebRequest web, ServicePoint point, bool close)
                {
                    request.Headers.ConnectionClose = false;
                    client.DefaultRequestHeaders.ConnectionClose = null;
                    request.Headers.ConnectionClose = close;
                    request.Headers.Add("Connection", "keep-alive");
                    request.Headers.Connection.Add("keep-alive");
                    request.Headers.Add("X-Close", "close");
                    request.Headers.Add("Connection", "closed");
                    request.Headers.Accept.ParseAdd("close");
                    web.KeepAlive = true;
                    point.SetTcpKeepAlive(true, 30000, 1000);
                    request.Headers.Add("Connection", close ? "close" : "keep-alive");
                }
            }
            """);
    }

    [Fact]
    public async Task ResponseHeadersAreNotRequestSettings()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;

            public class Fine
            {
                public void ServerClosed(HttpResponseMessage response)
                {
                    response.Headers.ConnectionClose = true;
                    response.Headers.Add("Connection", "close");
                    response.Headers.Connection.Add("close");
                }
            }
            """);
    }

    [Fact]
    public async Task TestCodeIsLeftAloneUnlessOptedIn()
    {
        const string source = """
            using System.Net.Http;

            public class CatalogTests
            {
                [Xunit.Fact]
                public void ClosesConnection()
                {
                    var request = new HttpRequestMessage();
                    {|#0:request.Headers.ConnectionClose = true|};
                }
            }

            namespace Xunit
            {
                public sealed class FactAttribute : System.Attribute { }
            }
            """;
        await Verify.VerifyAnalyzerAsync(source.Replace("{|#0:", string.Empty).Replace("true|}", "true"));
        await new Verify.Test
        {
            TestCode = source,
            EditorConfig = "[*.cs]\nconnhygiene.analyze_test_code = true",
            ExpectedDiagnostics = { Verify.Diagnostic().WithLocation(0).WithArguments("CatalogTests.ClosesConnection", "sets ConnectionClose = true") },
            CodeActionEquivalenceKey = EquivalenceKeys.RemoveKeepAliveOff,
            FixedCode = """
                using System.Net.Http;

                public class CatalogTests
                {
                    [Xunit.Fact]
                    public void ClosesConnection()
                    {
                        var request = new HttpRequestMessage();
                    }
                }

                namespace Xunit
                {
                    public sealed class FactAttribute : System.Attribute { }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NoHttpTypesNoDiagnostics()
    {
        await new Verify.Test
        {
            FrameworkReferences = [TestReferences.SystemRuntime],
            TestCode = """
                public class Headers { public bool ConnectionClose { get; set; } public void Add(string name, string value) { } }

                public class Plain
                {
                    public void Configure(Headers headers)
                    {
                        headers.ConnectionClose = true;
                        headers.Add("Connection", "close");
                    }
                }
                """,
        }.RunAsync();
    }

    // ----- Fix -----

    [Fact]
    public async Task FixRemovesStatementAndKeepsTheRest()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public Task<HttpResponseMessage> SendAsync(HttpClient client, string url)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Get, url);
                        request.Headers.Add("Accept", "application/json");
                        [|request.Headers.Add("Connection", "close")|];
                        [|request.Headers.Connection.Add("close")|];
                        // The request is sent below.
                        return client.SendAsync(request);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public Task<HttpResponseMessage> SendAsync(HttpClient client, string url)
                    {
                        var request = new HttpRequestMessage(HttpMethod.Get, url);
                        request.Headers.Add("Accept", "application/json");
                        // The request is sent below.
                        return client.SendAsync(request);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesInitializerEntries()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Http;

                public class Catalog
                {
                    public static readonly SocketsHttpHandler Handler = new SocketsHttpHandler
                    {
                        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                        [|PooledConnectionIdleTimeout = TimeSpan.Zero|],
                        MaxConnectionsPerServer = 10,
                    };

                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Headers = { [|{ "Connection", "close" }|], { "Accept", "application/json" } },
                        Version = new Version(2, 0),
                    };
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public class Catalog
                {
                    public static readonly SocketsHttpHandler Handler = new SocketsHttpHandler
                    {
                        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                        MaxConnectionsPerServer = 10,
                    };

                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Headers = { { "Accept", "application/json" } },
                        Version = new Version(2, 0),
                    };
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesEmptiedNestedInitializerAndBraces()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Http;

                public class Catalog
                {
                    public static readonly SocketsHttpHandler Handler = new SocketsHttpHandler { [|PooledConnectionIdleTimeout = TimeSpan.FromSeconds(0)|] };

                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Headers = { [|ConnectionClose = true|] },
                        Version = new Version(2, 0),
                    };

                    public HttpClient Configure(HttpMessageHandler handler) => new HttpClient(handler)
                    {
                        DefaultRequestHeaders = { [|ConnectionClose = true|] },
                    };
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public class Catalog
                {
                    public static readonly SocketsHttpHandler Handler = new SocketsHttpHandler();

                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Version = new Version(2, 0),
                    };

                    public HttpClient Configure(HttpMessageHandler handler) => new HttpClient(handler);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixSetsZeroPooledConnectionLifetimeToTheConfiguredLifetime()
    {
        await new Verify.Test
        {
            EditorConfig = "[*.cs]\nconnhygiene.pooled_connection_lifetime = 00:05:00",
            TestCode = """
                using System.Net.Http;

                public static class Handlers
                {
                    public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
                    {
                        [|PooledConnectionLifetime = System.TimeSpan.Zero|],
                    };

                    public static void Configure(SocketsHttpHandler handler)
                    {
                        [|handler.PooledConnectionLifetime = System.TimeSpan.FromSeconds(0)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Handlers
                {
                    public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
                    {
                        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    };

                    public static void Configure(SocketsHttpHandler handler)
                    {
                        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllInNestedCreations()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Http;

                public static class Clients
                {
                    public static HttpClient Create() => new HttpClient(new SocketsHttpHandler { [|PooledConnectionIdleTimeout = TimeSpan.Zero|], MaxConnectionsPerServer = 2 })
                    {
                        DefaultRequestHeaders = { [|ConnectionClose = true|] },
                    };

                    public static HttpClient Other() => new HttpClient(new SocketsHttpHandler { [|PooledConnectionIdleTimeout = TimeSpan.Zero|] }) { DefaultRequestHeaders = { [|ConnectionClose = true|] } };
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Clients
                {
                    public static HttpClient Create() => new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 2 });

                    public static HttpClient Other() => new HttpClient(new SocketsHttpHandler());
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllRemovesSeveralEntriesOfOneInitializer()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url)
                    {
                        Headers = { [|{ "Connection", "close" }|], [|{ "connection", "Close" }|] },
                    };
                }
                """,
            FixedCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public HttpRequestMessage Create(string url) => new HttpRequestMessage(HttpMethod.Get, url);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixEmptiesConfigureLambdas()
    {
        await new Verify.Test
        {
            TestCode = """
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Register(IServiceCollection services)
                    {
                        services.AddHttpClient("catalog", c => [|c.DefaultRequestHeaders.ConnectionClose = true|]);
                        services.AddHttpClient("orders", c =>
                        {
                            c.BaseAddress = new System.Uri("https://orders.example");
                            [|c.DefaultRequestHeaders.ConnectionClose = true|];
                        });
                        services.AddHttpClient("stock", (sp, c) => { [|c.DefaultRequestHeaders.ConnectionClose = true|]; });
                    }
                }
                """,
            FixedCode = """
                using Microsoft.Extensions.DependencyInjection;

                public static class Startup
                {
                    public static void Register(IServiceCollection services)
                    {
                        services.AddHttpClient("catalog", c => { });
                        services.AddHttpClient("orders", c =>
                        {
                            c.BaseAddress = new System.Uri("https://orders.example");
                        });
                        services.AddHttpClient("stock", (sp, c) => { });
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesPointlessIfAroundKeepAlive()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net;

                public class NoKeepAliveClient : WebClient
                {
                    protected override WebRequest GetWebRequest(Uri address)
                    {
                        var request = base.GetWebRequest(address);
                        if (request is HttpWebRequest http)
                        {
                            [|http.KeepAlive = false|];
                        }

                        return request;
                    }
                }

                public class Legacy
                {
                    public void AsCast(WebRequest request)
                    {
                        var http = request as HttpWebRequest;
                        if (http != null) [|http.KeepAlive = false|];
                        request.Timeout = 1000;
                    }

                    public void CStyleCast(WebRequest request)
                    {
                        ((HttpWebRequest)request).Pipelined = true;
                        [|((HttpWebRequest)request).KeepAlive = false|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net;

                public class NoKeepAliveClient : WebClient
                {
                    protected override WebRequest GetWebRequest(Uri address)
                    {
                        var request = base.GetWebRequest(address);

                        return request;
                    }
                }

                public class Legacy
                {
                    public void AsCast(WebRequest request)
                    {
                        var http = request as HttpWebRequest;
                        request.Timeout = 1000;
                    }

                    public void CStyleCast(WebRequest request)
                    {
                        ((HttpWebRequest)request).Pipelined = true;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixKeepsIfWithSideEffectsOrElse()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public void Configure(HttpRequestMessage request, HttpClient client, bool legacy)
                    {
                        if (Check(legacy)) [|request.Headers.ConnectionClose = true|];
                        if (legacy)
                        {
                            [|client.DefaultRequestHeaders.ConnectionClose = true|];
                        }
                        else
                        {
                            client.DefaultRequestHeaders.Add("Accept", "*/*");
                        }
                    }

                    private static bool Check(bool value) => value;
                }
                """,
            FixedCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public void Configure(HttpRequestMessage request, HttpClient client, bool legacy)
                    {
                        if (Check(legacy)) { }
                        if (legacy)
                        {
                        }
                        else
                        {
                            client.DefaultRequestHeaders.Add("Accept", "*/*");
                        }
                    }

                    private static bool Check(bool value) => value;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesTopLevelStatement()
    {
        // Not a per-operation rule: keep-alive off is wrong once per process (top-level statements) as well.
        await new Verify.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Http;

                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) });
                [|client.DefaultRequestHeaders.ConnectionClose = true|];
                await client.GetStringAsync("https://example.org");
                """,
            FixedCode = """
                using System.Net.Http;

                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = System.TimeSpan.FromMinutes(2) });
                await client.GetStringAsync("https://example.org");
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedWhenTheValueIsUsed()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                public class Catalog
                {
                    public bool Configure(HttpRequestMessage request)
                        => [|request.Headers.TryAddWithoutValidation("Connection", "close")|];
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllAcrossDocumentsOfAProject()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("""
            using System.Net.Http;

            public class A
            {
                public void Configure(HttpClient client) => [|client.DefaultRequestHeaders.ConnectionClose = true|];
            }
            """);
        test.TestState.Sources.Add("""
            using System.Net.Http;

            public class B
            {
                public void Configure(HttpClient client)
                {
                    [|client.DefaultRequestHeaders.ConnectionClose = true|];
                    client.DefaultRequestHeaders.Add("Accept", "*/*");
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Net.Http;

            public class A
            {
                public void Configure(HttpClient client)
                {
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Net.Http;

            public class B
            {
                public void Configure(HttpClient client)
                {
                    client.DefaultRequestHeaders.Add("Accept", "*/*");
                }
            }
            """);
        await test.RunAsync();
    }
}
