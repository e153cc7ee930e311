using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.HttpClientPerOperationAnalyzer,
    ConnHygiene.CodeFixes.Rules.HttpClientPerOperationFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0001's shared-client fix (the only one where IHttpClientFactory does not resolve).</summary>
public class CH0001SharedClientFixTests
{
    [Fact]
    public async Task UsingLocalBecomesSharedStaticClient()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<string> GetAsync(string url)
                    {
                        using var client = [|new HttpClient()|];
                        return await client.GetStringAsync(url);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                    public async Task<string> GetAsync(string url)
                    {
                        return await s_httpClient.GetStringAsync(url);
                    }
                }
                """,
        }.RunAsync();
    }
}

public class CH0001SharedClientShapesTests
{
    [Fact]
    public async Task SettingsFromParametersGiveAPerCallClientOverASharedHandler()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            TestCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Tenants
                {
                    public async Task<string> GetAsync(Uri tenant, string token)
                    {
                        using var client = [|new HttpClient { BaseAddress = tenant }|];
                        client.DefaultRequestHeaders.Add("Authorization", token);
                        return await client.GetStringAsync("status");
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Tenants
                {
                    private static readonly SocketsHttpHandler s_httpHandler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

                    public async Task<string> GetAsync(Uri tenant, string token)
                    {
                        using var client = new HttpClient(s_httpHandler, disposeHandler: false) { BaseAddress = tenant };
                        client.DefaultRequestHeaders.Add("Authorization", token);
                        return await client.GetStringAsync("status");
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task UsingBlockIsUnwrappedAndConstantSettingsMoveToTheSharedClient()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            TestCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Weather
                {
                    public async Task<int> LengthAsync()
                    {
                        using (var client = [|new HttpClient { Timeout = TimeSpan.FromSeconds(10) }|])
                        {
                            var body = await client.GetStringAsync("http://weather");
                            return body.Length;
                        }
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Weather
                {
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = TimeSpan.FromSeconds(10) };

                    public async Task<int> LengthAsync()
                    {
                        var body = await s_httpClient.GetStringAsync("http://weather");
                        return body.Length;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllSharesOneClientPerType()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            TestCode = """
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Crawler
                {
                    public async Task<int> TotalAsync(IEnumerable<string> urls)
                    {
                        var total = 0;
                        foreach (var url in urls)
                        {
                            var client = [|new HttpClient()|];
                            total += (await client.GetStringAsync(url)).Length;
                            client.Dispose();
                        }

                        return total;
                    }

                    public Task<string> OneAsync(string url) => [|new HttpClient()|].GetStringAsync(url);
                }
                """,
            FixedCode = """
                using System;
                using System.Collections.Generic;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Crawler
                {
                    private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                    public async Task<int> TotalAsync(IEnumerable<string> urls)
                    {
                        var total = 0;
                        foreach (var url in urls)
                        {
                            total += (await s_httpClient.GetStringAsync(url)).Length;
                        }

                        return total;
                    }

                    public Task<string> OneAsync(string url) => s_httpClient.GetStringAsync(url);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelLoopHoistsALocalBeforeTheStatement()
    {
        await new Verify.Test
        {
            FrameworkReferences = TestReferences.Net10,
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System;
                using System.Net.Http;

                for (var i = 0; i < 3; i++)
                {
                    var client = [|new HttpClient()|];
                    Console.WriteLine(await client.GetStringAsync("http://localhost/" + i));
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                var httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                for (var i = 0; i < 3; i++)
                {
                    Console.WriteLine(await httpClient.GetStringAsync("http://localhost/" + i));
                }
                """,
        }.RunAsync();
    }
}
