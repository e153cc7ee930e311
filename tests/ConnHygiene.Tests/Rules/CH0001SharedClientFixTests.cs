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
            ReferenceAssemblies = ReferenceAssemblies.Net10,
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
