using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
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
}
