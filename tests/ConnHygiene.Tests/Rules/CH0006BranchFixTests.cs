using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.LegacyWebClientAnalyzer,
    ConnHygiene.CodeFixes.Rules.LegacyWebClientFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0006's fix turns the synchronous and the asynchronous download into the same call, so a choice between them
/// becomes a choice between two equal things: it collapses to one when its condition can be dropped, and stays
/// otherwise.
/// </summary>
public class CH0006BranchFixTests
{
    private const string SharedClient = "private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });";

    private static Task RunAsync(string source, string fixedSource)
        => new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.WebClientToSharedHttpClient,
            FrameworkReferences = TestReferences.Net10,
            TestCode = source,
            FixedCode = fixedSource,
        }.RunAsync();

    [Fact]
    public async Task AConditionalBetweenSyncAndAsyncDownloadCollapses()
    {
        await RunAsync(
            """
            using System.Net;
            using System.Threading.Tasks;

            public static class Catalog
            {
                public static async Task<long> FetchAsync(string url, bool blocking)
                {
                    using var client = [|new WebClient()|];
                    var body = blocking ? client.DownloadString(url) : await client.DownloadStringTaskAsync(url);
                    return body.Length;
                }
            }
            """,
            $$"""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Catalog
            {
                {{SharedClient}}

                public static async Task<long> FetchAsync(string url, bool blocking)
                {
                    var body = await s_httpClient.GetStringAsync(url);
                    return body.Length;
                }
            }
            """);
    }

    [Fact]
    public async Task AnIfElseBetweenSyncAndAsyncDownloadCollapses()
    {
        await RunAsync(
            """
            using System.Net;
            using System.Threading.Tasks;

            public static class Catalog
            {
                public static async Task<int> FetchAsync(string url, bool blocking)
                {
                    var client = [|new WebClient()|];
                    byte[] data;
                    if (blocking)
                    {
                        data = client.DownloadData(url);
                    }
                    else
                    {
                        data = await client.DownloadDataTaskAsync(url);
                    }

                    return data.Length + (!blocking ? client.DownloadString(url).Length : (await client.DownloadStringTaskAsync(url)).Length);
                }
            }
            """,
            $$"""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Catalog
            {
                {{SharedClient}}

                public static async Task<int> FetchAsync(string url, bool blocking)
                {
                    byte[] data;
                    data = await s_httpClient.GetByteArrayAsync(url);

                    return data.Length + (await s_httpClient.GetStringAsync(url)).Length;
                }
            }
            """);
    }

    [Fact]
    public async Task AChoiceStaysWhereItsConditionHasAnEffectOrItsBranchesStillDiffer()
    {
        await RunAsync(
            """
            using System.Net;
            using System.Threading.Tasks;

            public static class Catalog
            {
                private static int s_calls;

                public static async Task<int> FetchAsync(string url, bool blocking)
                {
                    using var client = [|new WebClient()|];
                    var counted = s_calls++ % 2 == 0 ? client.DownloadString(url) : await client.DownloadStringTaskAsync(url);
                    var other = blocking ? client.DownloadString(url) : await client.DownloadStringTaskAsync(url + "/async");
                    return counted.Length + other.Length;
                }
            }
            """,
            $$"""
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public static class Catalog
            {
                private static int s_calls;
                {{SharedClient}}

                public static async Task<int> FetchAsync(string url, bool blocking)
                {
                    var counted = s_calls++ % 2 == 0 ? await s_httpClient.GetStringAsync(url) : await s_httpClient.GetStringAsync(url);
                    var other = blocking ? await s_httpClient.GetStringAsync(url) : await s_httpClient.GetStringAsync(url + "/async");
                    return counted.Length + other.Length;
                }
            }
            """);
    }
}
