using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.ResponseNotDisposedAnalyzer,
    ConnHygiene.CodeFixes.Rules.ResponseNotDisposedFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0005: responses neither disposed nor read to the end nor handed on; the using-declaration fix.</summary>
public class CH0005Tests
{
    // ----- Positives (with the fix where one applies) -----

    [Fact]
    public async Task EnsureSuccessStatusCodeAloneDoesNotDispose()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> PingAsync(HttpClient client, string url)
                    {
                        var response = await {|#0:client.GetAsync(url)|};
                        response.EnsureSuccessStatusCode();
                        return response.StatusCode;
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithArguments(
                    "Catalog.PingAsync", "neither disposes nor reads to the end the response from 'GetAsync'"),
            },
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> PingAsync(HttpClient client, string url)
                    {
                        using var response = await client.GetAsync(url);
                        response.EnsureSuccessStatusCode();
                        return response.StatusCode;
                    }
                }
                """,
            CodeActionEquivalenceKey = EquivalenceKeys.UsingResponse,
        }.RunAsync();
    }

    [Fact]
    public async Task ResponseHeadersReadOnlyDisposalCounts()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<string> LoadAsync(HttpClient client, string url)
                    {
                        // A comment stays with the declaration.
                        var response = await {|#0:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithArguments(
                    "Catalog.LoadAsync",
                    "never disposes the response from 'GetAsync' (content streamed, as with ResponseHeadersRead: only disposal releases it)"),
            },
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<string> LoadAsync(HttpClient client, string url)
                    {
                        // A comment stays with the declaration.
                        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task EverySendMethodAwaitedOrBlocking()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<bool> AllAsync(HttpClient client, string url, HttpContent content)
                    {
                        var a = await [|client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url))|];
                        var b = await [|client.PostAsync(url, content)|].ConfigureAwait(false);
                        var c = [|client.PutAsync(url, content)|].Result;
                        var d = [|client.DeleteAsync(url)|].GetAwaiter().GetResult();
                        var e = [|client.Send(new HttpRequestMessage(HttpMethod.Get, url))|];
                        HttpResponseMessage f = await [|client.PatchAsync(url, content)|];
                        return a.IsSuccessStatusCode && b.IsSuccessStatusCode && c.IsSuccessStatusCode
                            && d.IsSuccessStatusCode && e.IsSuccessStatusCode && f.IsSuccessStatusCode;
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<bool> AllAsync(HttpClient client, string url, HttpContent content)
                    {
                        using var a = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
                        using var b = await client.PostAsync(url, content).ConfigureAwait(false);
                        using var c = client.PutAsync(url, content).Result;
                        using var d = client.DeleteAsync(url).GetAwaiter().GetResult();
                        using var e = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
                        using HttpResponseMessage f = await client.PatchAsync(url, content);
                        return a.IsSuccessStatusCode && b.IsSuccessStatusCode && c.IsSuccessStatusCode
                            && d.IsSuccessStatusCode && e.IsSuccessStatusCode && f.IsSuccessStatusCode;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ReadAsStreamDoesNotCount()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> FirstByteAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url)|];
                        var stream = await response.Content.ReadAsStreamAsync();
                        return stream.ReadByte();
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> FirstByteAsync(HttpClient client, string url)
                    {
                        using var response = await client.GetAsync(url);
                        var stream = await response.Content.ReadAsStreamAsync();
                        return stream.ReadByte();
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task JsonExtensionsAndPlainInvoker()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<bool> PostAsync(HttpClient client, string url, object body)
                    {
                        var response = await [|client.PostAsJsonAsync(url, body)|];
                        return response.IsSuccessStatusCode;
                    }

                    public async Task<string> InvokeAsync(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        // A plain invoker does not buffer: reading the content does not release the connection.
                        var response = await [|invoker.SendAsync(request, CancellationToken.None)|];
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Net.Http.Json;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<bool> PostAsync(HttpClient client, string url, object body)
                    {
                        using var response = await client.PostAsJsonAsync(url, body);
                        return response.IsSuccessStatusCode;
                    }

                    public async Task<string> InvokeAsync(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        // A plain invoker does not buffer: reading the content does not release the connection.
                        using var response = await invoker.SendAsync(request, CancellationToken.None);
                        return await response.Content.ReadAsStringAsync();
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TopLevelStatements()
    {
        await new Verify.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System;
                using System.Net.Http;

                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                var response = await [|client.GetAsync("https://example.org")|];
                Console.WriteLine(response.StatusCode);
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                using var response = await client.GetAsync("https://example.org");
                Console.WriteLine(response.StatusCode);
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllInDocumentAndProject()
    {
        var test = new Verify.Test();
        test.TestState.Sources.Add("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class A
            {
                public async Task<bool> OneAsync(HttpClient client, string url)
                {
                    var first = await [|client.GetAsync(url)|];
                    var second = await [|client.GetAsync(url + "/2")|];
                    return first.IsSuccessStatusCode && second.IsSuccessStatusCode;
                }
            }
            """);
        test.TestState.Sources.Add("""
            using System.Net.Http;

            public class B
            {
                public int Status(HttpClient client, HttpRequestMessage request)
                {
                    var response = [|client.Send(request)|];
                    return (int)response.StatusCode;
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class A
            {
                public async Task<bool> OneAsync(HttpClient client, string url)
                {
                    using var first = await client.GetAsync(url);
                    using var second = await client.GetAsync(url + "/2");
                    return first.IsSuccessStatusCode && second.IsSuccessStatusCode;
                }
            }
            """);
        test.FixedState.Sources.Add("""
            using System.Net.Http;

            public class B
            {
                public int Status(HttpClient client, HttpRequestMessage request)
                {
                    using var response = client.Send(request);
                    return (int)response.StatusCode;
                }
            }
            """);
        await test.RunAsync();
    }

    // ----- Positives with no fix -----

    [Fact]
    public async Task DiscardedResponsesHaveNoFix()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task NotifyAsync(HttpClient client, string url, HttpContent content)
                    {
                        await [|client.PostAsync(url, content)|];
                        _ = await [|client.PutAsync(url, content)|];
                        (await [|client.DeleteAsync(url)|]).EnsureSuccessStatusCode();
                    }

                    public HttpStatusCode Status(HttpClient client, HttpRequestMessage request) => [|client.Send(request)|].StatusCode;
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixWhereUsingWouldChangeMeaning()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> RetryAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url)|];
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            response = await [|client.GetAsync(url)|];
                        }

                        return response.StatusCode;
                    }

                    public async Task<Func<HttpStatusCode>> LaterAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url)|];
                        return () => response.StatusCode;
                    }

                    public async Task<HttpStatusCode> SwitchAsync(HttpClient client, string url, int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                var response = await [|client.GetAsync(url)|];
                                return response.StatusCode;
                            default:
                                return HttpStatusCode.OK;
                        }
                    }

                    public async Task<HttpStatusCode> AssignedAsync(HttpClient client, string url)
                    {
                        HttpResponseMessage response;
                        response = await [|client.GetAsync(url)|];
                        return response.StatusCode;
                    }
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixBeforeCSharp8()
    {
        await new Verify.Test
        {
            LanguageVersion = LanguageVersion.CSharp7_3,

            // The test project enables nullable annotations, which C# 7.3 reports as an option error (CS8630).
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<bool> PingAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url)|];
                        return response.IsSuccessStatusCode;
                    }
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    // ----- Negatives -----

    [Fact]
    public async Task DisposedResponses()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                public async Task<HttpStatusCode> UsingDeclarationAsync(HttpClient client, string url)
                {
                    using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    return response.StatusCode;
                }

                public async Task<HttpStatusCode> UsingStatementAsync(HttpClient client, string url)
                {
                    using (var response = await client.GetAsync(url))
                    {
                        return response.StatusCode;
                    }
                }

                public async Task<HttpStatusCode> UsingLocalAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    using (response)
                    {
                        return response.StatusCode;
                    }
                }

                public async Task<HttpStatusCode> DisposeAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    var status = response.StatusCode;
                    response.Dispose();
                    return status;
                }

                public async Task<HttpStatusCode> FinallyAsync(HttpClient client, string url)
                {
                    HttpResponseMessage? response = null;
                    try
                    {
                        response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        return response.StatusCode;
                    }
                    finally
                    {
                        response?.Dispose();
                    }
                }

                public async Task<HttpStatusCode> EnsuredAsync(HttpClient client, string url)
                {
                    using var response = (await client.GetAsync(url)).EnsureSuccessStatusCode();
                    return response.StatusCode;
                }

                public async Task DiscardedUsingAsync(HttpClient client, string url)
                {
                    using (await client.GetAsync(url))
                    {
                    }
                }

                public void DisposedContent(HttpClient client, HttpRequestMessage request)
                {
                    var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                    response.Content.Dispose();
                }

                public async Task<long> StreamDisposedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    using var stream = await response.Content.ReadAsStreamAsync();
                    return stream.Length;
                }
            }
            """);
    }

    [Fact]
    public async Task ContentReadToTheEnd()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading.Tasks;

            public record Item(string Name);

            public class Catalog
            {
                public async Task<string> StringAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    response.EnsureSuccessStatusCode();
                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<byte[]> BytesAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    return await response.Content.ReadAsByteArrayAsync();
                }

                public async Task<Item?> JsonAsync(HttpClient client, string url)
                {
                    var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url));
                    return await response.Content.ReadFromJsonAsync<Item>();
                }

                public async Task CopyAsync(HttpClient client, string url, Stream target)
                {
                    var response = await client.GetAsync(url);
                    await response.Content.CopyToAsync(target);
                }

                public Task<string> DirectAsync(HttpClient client, string url)
                    => client.GetAsync(url).Result.Content.ReadAsStringAsync();
            }
            """);
    }

    [Fact]
    public async Task OwnershipMoves()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private HttpResponseMessage? _last;
                private readonly List<HttpResponseMessage> _all = new();

                public Task<HttpResponseMessage> ForwardAsync(HttpClient client, string url) => client.GetAsync(url);

                public async Task<HttpResponseMessage> ReturnedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    response.EnsureSuccessStatusCode();
                    return response;
                }

                public async Task<HttpResponseMessage> ReturnedDirectlyAsync(HttpClient client, string url)
                    => await client.GetAsync(url);

                public async Task StoredAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    _last = response;
                    _last = await client.GetAsync(url);
                }

                public async Task PassedOnAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    _all.Add(response);
                    Handle(await client.GetAsync(url));
                }

                public async Task<Stream> StreamReturnedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    return await response.Content.ReadAsStreamAsync();
                }

                public Task<HttpResponseMessage[]> AllAsync(HttpClient client, string url)
                    => Task.WhenAll(client.GetAsync(url), client.GetAsync(url));

                public Func<Task<HttpResponseMessage>> Deferred(HttpClient client, string url)
                    => async () => await client.GetAsync(url);

                public async Task<string> ExtensionAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    return await response.ReadAllAndDisposeAsync();
                }

                private static void Handle(HttpResponseMessage response) => response.Dispose();
            }

            public static class ResponseExtensions
            {
                public static async Task<string> ReadAllAndDisposeAsync(this HttpResponseMessage response)
                {
                    using (response)
                    {
                        return await response.Content.ReadAsStringAsync();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task HandlersAndTestCodeAreLeftAlone()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading;
            using System.Threading.Tasks;

            public class Stamp : DelegatingHandler
            {
                protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                {
                    var response = await base.SendAsync(request, cancellationToken);
                    response.Headers.Add("X-Stamp", "1");
                    return response;
                }
            }

            public class CatalogTests
            {
                [Xunit.Fact]
                public async Task Pings()
                {
                    var client = new HttpClient();
                    var response = await client.GetAsync("https://example.org");
                    response.EnsureSuccessStatusCode();
                }
            }

            namespace Xunit
            {
                public sealed class FactAttribute : System.Attribute { }
            }
            """);
    }
}
