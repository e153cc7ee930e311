using System.Threading.Tasks;
using ConnHygiene.Analyzers.Rules;
using ConnHygiene.CodeFixes;
using ConnHygiene.CodeFixes.Rules;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using Fixer = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.LegacyWebClientAnalyzer,
    ConnHygiene.CodeFixes.Rules.LegacyWebClientFixer>;
using Verify = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.LegacyWebClientAnalyzer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0006: WebClient and WebRequest (SYSLIB0014 warnings in the sources do not fail the verifier; only errors do).</summary>
public class CH0006Tests
{
    // ---- Positives ------------------------------------------------------------------------------------------

    [Fact]
    public async Task NewWebClientIsReportedWithMemberAndApi()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Net;

            public class Catalog
            {
                public string Get(string url)
                {
                    using var client = {|#0:new WebClient()|};
                    return client.DownloadString(url);
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Catalog.Get", "WebClient"));
    }

    [Fact]
    public async Task TargetTypedAndSubclassCreationsAreReported()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Net;

            public class GzipWebClient : WebClient { }

            public class Catalog
            {
                public string Get(string url)
                {
                    WebClient plain = [|new()|];
                    using var gzip = {|#0:new GzipWebClient()|};
                    return plain.DownloadString(url) + gzip.DownloadString(url);
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Catalog.Get", "'GzipWebClient' (a WebClient)"));
    }

    [Fact]
    public async Task WebRequestFactoriesAreReportedAsWritten()
    {
        await Verify.VerifyAnalyzerAsync(
            """
            using System;
            using System.Net;

            public class Catalog
            {
                public void Send(string url, Uri uri)
                {
                    var a = {|#0:WebRequest.Create(url)|};
                    var b = (HttpWebRequest){|#1:HttpWebRequest.Create(url)|};
                    var c = {|#2:WebRequest.CreateHttp(uri)|};
                    var d = {|#3:WebRequest.CreateDefault(uri)|};
                    var e = {|#4:WebRequest.Create("https://example.com/")|};
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Catalog.Send", "WebRequest.Create"),
            Verify.Diagnostic().WithLocation(1).WithArguments("Catalog.Send", "HttpWebRequest.Create"),
            Verify.Diagnostic().WithLocation(2).WithArguments("Catalog.Send", "WebRequest.CreateHttp"),
            Verify.Diagnostic().WithLocation(3).WithArguments("Catalog.Send", "WebRequest.CreateDefault"),
            Verify.Diagnostic().WithLocation(4).WithArguments("Catalog.Send", "WebRequest.Create"));
    }

    [Fact]
    public async Task LongLivedWebClientIsReportedToo()
    {
        // Each call of a WebClient is a new HttpWebRequest: a static one behaves like one made per call, and is
        // not safe for concurrent use on top (the rule page explains this choice).
        await Verify.VerifyAnalyzerAsync(
            """
            using System.Net;

            public class Catalog
            {
                private static readonly WebClient s_client = {|#0:new WebClient()|};

                public string Get(string url) => s_client.DownloadString(url);
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithArguments("Catalog.s_client", "WebClient"));
    }

    [Fact]
    public async Task LoopAndLambdaCreationsAreReported()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Linq;
            using System.Net;

            public class Catalog
            {
                public string[] GetAll(string[] urls)
                {
                    foreach (var url in urls)
                    {
                        [|WebRequest.CreateHttp(url)|].GetResponse().Dispose();
                    }

                    return urls.Select(u => [|new WebClient()|].DownloadString(u)).ToArray();
                }
            }
            """);
    }

    // ---- Negatives ------------------------------------------------------------------------------------------

    [Fact]
    public async Task NonHttpConstantAddressesAreNotReported()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Net;

            public class Files
            {
                public void Get()
                {
                    var ftp = WebRequest.Create("ftp://example.com/file.txt");
                    var file = WebRequest.Create(new Uri("file:///tmp/a.txt"));
                }
            }
            """);
    }

    [Fact]
    public async Task HttpClientCodeAndTypeMentionsAreNotReported()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler());

                public Task<string> GetAsync(string url) => s_client.GetStringAsync(url);

                public static string Describe(WebRequest request) => nameof(WebClient) + request.RequestUri;
            }
            """);
    }

    [Fact]
    public async Task TestCodeIsNotReported()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using Xunit;

            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            public class CatalogTests
            {
                [Fact]
                public void Downloads()
                {
                    using var client = new WebClient();
                    var request = WebRequest.Create("http://localhost/");
                }
            }
            """);
    }

    // ---- Fix: the shared HttpClient ---------------------------------------------------------------------------

    private static Fixer.Test Fix(string source, string? fixedSource = null)
    {
        var test = new Fixer.Test
        {
            TestCode = source,
            CodeActionEquivalenceKey = EquivalenceKeys.WebClientToSharedHttpClient,
            CodeActionExpected = fixedSource is not null,
            FrameworkReferences = TestReferences.Net10,
        };
        if (fixedSource is not null)
        {
            test.FixedCode = fixedSource;
        }

        return test;
    }

    [Fact]
    public async Task FixRewritesTaskAsyncDownloadOnANewClient()
    {
        await Fix(
            """
            using System.Net;
            using System.Threading.Tasks;

            public class Catalog
            {
                public async Task<string> GetAsync(string url) => await [|new WebClient()|].DownloadStringTaskAsync(url);
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<string> GetAsync(string url) => await s_httpClient.GetStringAsync(url);
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixRemovesUsingDeclaredLocal()
    {
        await Fix(
            """
            using System.Net;
            using System.Threading.Tasks;

            public class Catalog
            {
                public async Task<int> SizeAsync(string url)
                {
                    using var wc = [|new WebClient()|];
                    var text = await wc.DownloadStringTaskAsync(url);
                    var data = await wc.DownloadDataTaskAsync(url);
                    return text.Length + data.Length;
                }
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int> SizeAsync(string url)
                {
                    var text = await s_httpClient.GetStringAsync(url);
                    var data = await s_httpClient.GetByteArrayAsync(url);
                    return text.Length + data.Length;
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixAwaitsSynchronousDownloadsInAsyncCodeAndUnwrapsUsingStatement()
    {
        await Fix(
            """
            using System;
            using System.Net;
            using System.Threading.Tasks;

            public class Catalog
            {
                public async Task<int> SizeAsync(Uri uri)
                {
                    await Task.Yield();
                    using (var wc = [|new WebClient()|])
                    {
                        var bytes = wc.DownloadData(uri);
                        return bytes.Length + wc.DownloadString(uri).Trim().Length;
                    }
                }

                public async Task<string> TitleAsync(string url)
                {
                    var wc = [|new WebClient()|];
                    var title = wc.DownloadString(url);
                    wc.Dispose();
                    return title;
                }
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<int> SizeAsync(Uri uri)
                {
                    await Task.Yield();
                    var bytes = await s_httpClient.GetByteArrayAsync(uri);
                    return bytes.Length + (await s_httpClient.GetStringAsync(uri)).Trim().Length;
                }

                public async Task<string> TitleAsync(string url)
                {
                    var title = await s_httpClient.GetStringAsync(url);
                    return title;
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixAllSharesOneClientPerType()
    {
        await Fix(
            """
            using System.Net;
            using System.Threading.Tasks;

            public class Catalog
            {
                public Task<string> A(string url) => [|new WebClient()|].DownloadStringTaskAsync(url);

                public Task<byte[]> B(string url) => [|new WebClient()|].DownloadDataTaskAsync(url);
            }

            public class Reviews
            {
                public async Task<string> C(string url)
                {
                    using var client = [|new WebClient()|];
                    return client.DownloadString(url);
                }
            }
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public Task<string> A(string url) => s_httpClient.GetStringAsync(url);

                public Task<byte[]> B(string url) => s_httpClient.GetByteArrayAsync(url);
            }

            public class Reviews
            {
                private static readonly HttpClient s_httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

                public async Task<string> C(string url)
                {
                    return await s_httpClient.GetStringAsync(url);
                }
            }
            """).RunAsync();
    }

    [Fact]
    public async Task FixInTopLevelStatementsDeclaresTheSharedClientAsALocal()
    {
        var test = Fix(
            """
            using System;
            using System.Net;

            using var wc = [|new WebClient()|];
            Console.WriteLine(await wc.DownloadStringTaskAsync("http://localhost/"));
            """,
            """
            using System;
            using System.Net;
            using System.Net.Http;

            var httpClient = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            Console.WriteLine(await httpClient.GetStringAsync("http://localhost/"));
            """);
        test.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
        await test.RunAsync();
    }

    [Fact]
    public async Task FixIsNotOfferedWhereTheRewriteWouldNotBeFaithful()
    {
        await Fix("""
            using System;
            using System.Net;
            using System.Threading.Tasks;

            public class GzipWebClient : WebClient { }

            public class Catalog
            {
                public string Sync(string url) => [|new WebClient()|].DownloadString(url);

                public async Task<string> Headers(string url)
                {
                    using var wc = [|new WebClient()|];
                    wc.Headers.Add("Accept", "text/plain");
                    return await wc.DownloadStringTaskAsync(url);
                }

                public async Task<string> Credentials(string url)
                {
                    using var wc = [|new WebClient { Credentials = CredentialCache.DefaultCredentials }|];
                    return await wc.DownloadStringTaskAsync(url);
                }

                public async Task<string> Events(string url)
                {
                    using var wc = [|new WebClient()|];
                    wc.DownloadProgressChanged += (_, e) => Console.WriteLine(e.ProgressPercentage);
                    return await wc.DownloadStringTaskAsync(url);
                }

                public Task<string> Subclass(string url) => [|new GzipWebClient()|].DownloadStringTaskAsync(url);

                public Task<string> Upload(string url) => [|new WebClient()|].UploadStringTaskAsync(url, "body");

                public async Task<string> CatchesWebException(string url)
                {
                    try
                    {
                        return await [|new WebClient()|].DownloadStringTaskAsync(url);
                    }
                    catch (WebException e) when (e.Status == WebExceptionStatus.Timeout)
                    {
                        return string.Empty;
                    }
                }

                public async Task<string> InLock(string url)
                {
                    await Task.Yield();
                    lock (this)
                    {
                        return [|new WebClient()|].DownloadString(url);
                    }
                }

                public WebRequest Request(string url) => [|WebRequest.Create(url)|];
            }
            """).RunAsync();
    }

    [Fact]
    public async Task RequestsCastToFtpOrFileAreNotHttp()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;

            public class Uploader
            {
                public void Upload(string server)
                {
                    var ftp = (FtpWebRequest)WebRequest.Create(server);
                    ftp.Method = WebRequestMethods.Ftp.UploadFile;
                    var other = WebRequest.Create(server + "/b") as FtpWebRequest;
                    var file = (FileWebRequest)WebRequest.Create(server + "/c");
                    var http = (HttpWebRequest){|CH0006:WebRequest.Create(server + "/d")|};
                }
            }
            """);
    }
}
