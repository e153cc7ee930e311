using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.ResponseNotDisposedAnalyzer,
    ConnHygiene.CodeFixes.Rules.ResponseNotDisposedFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0005: responses that still hold their connection (ResponseHeadersRead, a plain invoker, a handler) neither disposed
/// nor read to the end nor handed on; the using-declaration fix. The default buffered calls are never reported.
/// </summary>
public class CH0005Tests
{
    // ----- Positives (with the fix where one applies) -----

    [Fact]
    public async Task HeadersReadEnsureSuccessStatusCodeAloneDoesNotDispose()
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
                        // A comment stays with the declaration.
                        {|#10:var response = await {|#0:client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};|}
                        response.EnsureSuccessStatusCode();
                        return response.StatusCode;
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("Catalog.PingAsync", "GetAsync", "with ResponseHeadersRead"),
            },
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> PingAsync(HttpClient client, string url)
                    {
                        // A comment stays with the declaration.
                        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        response.EnsureSuccessStatusCode();
                        return response.StatusCode;
                    }
                }
                """,
            CodeActionEquivalenceKey = EquivalenceKeys.UsingResponse,
        }.RunAsync();
    }

    [Fact]
    public async Task EveryHeadersReadShapeAwaitedOrBlocking()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;

                    public async Task<bool> AllAsync(HttpClient client, string url, CancellationToken ct)
                    {
                        var a = await [|client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|];
                        var b = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct)|].ConfigureAwait(false);
                        var c = [|client.GetAsync(url, Streamed)|].Result;
                        var d = [|client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), Streamed, ct)|].GetAwaiter().GetResult();
                        var e = [|client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|];
                        HttpResponseMessage f = await [|client.GetAsync(completionOption: HttpCompletionOption.ResponseHeadersRead, requestUri: url)|];
                        return a.IsSuccessStatusCode && b.IsSuccessStatusCode && c.IsSuccessStatusCode
                            && d.IsSuccessStatusCode && e.IsSuccessStatusCode && f.IsSuccessStatusCode;
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;

                    public async Task<bool> AllAsync(HttpClient client, string url, CancellationToken ct)
                    {
                        using var a = await client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
                        using var b = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                        using var c = client.GetAsync(url, Streamed).Result;
                        using var d = client.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), Streamed, ct).GetAwaiter().GetResult();
                        using var e = client.Send(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead);
                        using HttpResponseMessage f = await client.GetAsync(completionOption: HttpCompletionOption.ResponseHeadersRead, requestUri: url);
                        return a.IsSuccessStatusCode && b.IsSuccessStatusCode && c.IsSuccessStatusCode
                            && d.IsSuccessStatusCode && e.IsSuccessStatusCode && f.IsSuccessStatusCode;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task OptionNotProvablyContentRead()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> ProbeAsync(HttpClient client, string url, HttpCompletionOption option)
                    {
                        {|#10:var response = await {|#0:client.GetAsync(url, option)|};|}
                        return response.StatusCode;
                    }

                    public async Task<HttpStatusCode> ChosenAsync(HttpClient client, string url, bool stream)
                    {
                        var option = HttpCompletionOption.ResponseContentRead;
                        if (stream)
                        {
                            option = HttpCompletionOption.ResponseHeadersRead;
                        }

                        {|#11:var response = await {|#1:client.GetAsync(url, option)|};|}
                        {|#12:var other = await {|#2:client.GetAsync(url, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead)|};|}
                        return response.StatusCode | other.StatusCode;
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("Catalog.ProbeAsync", "GetAsync", "with an HttpCompletionOption that may be ResponseHeadersRead"),
                Verify.Diagnostic().WithLocation(1).WithLocation(11).WithArguments("Catalog.ChosenAsync", "GetAsync", "with an HttpCompletionOption that may be ResponseHeadersRead"),
                Verify.Diagnostic().WithLocation(2).WithLocation(12).WithArguments("Catalog.ChosenAsync", "GetAsync", "with an HttpCompletionOption that may be ResponseHeadersRead"),
            },
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> ProbeAsync(HttpClient client, string url, HttpCompletionOption option)
                    {
                        using var response = await client.GetAsync(url, option);
                        return response.StatusCode;
                    }

                    public async Task<HttpStatusCode> ChosenAsync(HttpClient client, string url, bool stream)
                    {
                        var option = HttpCompletionOption.ResponseContentRead;
                        if (stream)
                        {
                            option = HttpCompletionOption.ResponseHeadersRead;
                        }

                        using var response = await client.GetAsync(url, option);
                        using var other = await client.GetAsync(url, stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead);
                        return response.StatusCode | other.StatusCode;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ContentStreamNotReadToTheEnd()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.IO;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> FirstByteAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                        var stream = await response.Content.ReadAsStreamAsync();
                        return stream.ReadByte();
                    }

                    public async Task<int> HeaderAsync(HttpClient client, string url, byte[] buffer)
                    {
                        var response = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                        return await (await response.Content.ReadAsStreamAsync()).ReadAsync(buffer, 0, 16);
                    }
                }
                """,
            FixedCode = """
                using System.IO;
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> FirstByteAsync(HttpClient client, string url)
                    {
                        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        var stream = await response.Content.ReadAsStreamAsync();
                        return stream.ReadByte();
                    }

                    public async Task<int> HeaderAsync(HttpClient client, string url, byte[] buffer)
                    {
                        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        return await (await response.Content.ReadAsStreamAsync()).ReadAsync(buffer, 0, 16);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task PlainInvokerAndHandler()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> InvokeAsync(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        {|#10:var response = await {|#0:invoker.SendAsync(request, CancellationToken.None)|};|}
                        return response.StatusCode;
                    }

                    public HttpStatusCode Invoke(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        {|#11:var response = {|#1:invoker.Send(request, CancellationToken.None)|};|}
                        return response.StatusCode;
                    }
                }

                public class StatusOnly : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        {|#12:var inner = await {|#2:base.SendAsync(request, cancellationToken)|};|}
                        return new HttpResponseMessage(inner.StatusCode);
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("Catalog.InvokeAsync", "SendAsync", "on a plain HttpMessageInvoker, which does not buffer the content"),
                Verify.Diagnostic().WithLocation(1).WithLocation(11).WithArguments("Catalog.Invoke", "Send", "on a plain HttpMessageInvoker, which does not buffer the content"),
                Verify.Diagnostic().WithLocation(2).WithLocation(12).WithArguments("StatusOnly.SendAsync", "SendAsync", "of the next message handler, which does not buffer the content"),
            },
            FixedCode = """
                using System.Net;
                using System.Net.Http;
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<HttpStatusCode> InvokeAsync(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        using var response = await invoker.SendAsync(request, CancellationToken.None);
                        return response.StatusCode;
                    }

                    public HttpStatusCode Invoke(HttpMessageInvoker invoker, HttpRequestMessage request)
                    {
                        using var response = invoker.Send(request, CancellationToken.None);
                        return response.StatusCode;
                    }
                }

                public class StatusOnly : DelegatingHandler
                {
                    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                    {
                        using var inner = await base.SendAsync(request, cancellationToken);
                        return new HttpResponseMessage(inner.StatusCode);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task GetStreamAsyncStreamNotReadToTheEnd()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> MagicAsync(HttpClient client, string url)
                    {
                        {|#10:var stream = await {|#0:client.GetStreamAsync(url)|};|}
                        return stream.ReadByte();
                    }

                    public async Task TouchAsync(HttpClient client, string url)
                    {
                        await {|#1:client.GetStreamAsync(url)|};
                    }
                }
                """,
            ExpectedDiagnostics =
            {
                Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("Catalog.MagicAsync", "GetStreamAsync", "as a stream over the unread content"),
                Verify.Diagnostic().WithLocation(1).WithArguments("Catalog.TouchAsync", "GetStreamAsync", "as a stream over the unread content"),
            },
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task<int> MagicAsync(HttpClient client, string url)
                    {
                        using var stream = await client.GetStreamAsync(url);
                        return stream.ReadByte();
                    }

                    public async Task TouchAsync(HttpClient client, string url)
                    {
                        await {|CH0005:client.GetStreamAsync(url)|};
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ExtensionMethodNamedLikeAClientMethodIsReportedOnce()
    {
        // Matched both by its name and as an extension method: one diagnostic, not two.
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Streaming
                {
                    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, string url, HttpCompletionOption option)
                        => client.GetAsync(url, option);
                }

                public class Catalog
                {
                    public async Task<long?> SizeAsync(HttpClient client, string url)
                    {
                        var response = await [|client.SendAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                        return response.Content.Headers.ContentLength;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Streaming
                {
                    public static Task<HttpResponseMessage> SendAsync(this HttpClient client, string url, HttpCompletionOption option)
                        => client.GetAsync(url, option);
                }

                public class Catalog
                {
                    public async Task<long?> SizeAsync(HttpClient client, string url)
                    {
                        using var response = await client.SendAsync(url, HttpCompletionOption.ResponseHeadersRead);
                        return response.Content.Headers.ContentLength;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ExtensionMethodThatStreams()
    {
        await new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Streaming
                {
                    public static Task<HttpResponseMessage> OpenAsync(this HttpClient client, string url, HttpCompletionOption option = HttpCompletionOption.ResponseHeadersRead)
                        => client.GetAsync(url, option);
                }

                public class Catalog
                {
                    public async Task<long?> SizeAsync(HttpClient client, string url)
                    {
                        var response = await [|client.OpenAsync(url)|];
                        return response.Content.Headers.ContentLength;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                public static class Streaming
                {
                    public static Task<HttpResponseMessage> OpenAsync(this HttpClient client, string url, HttpCompletionOption option = HttpCompletionOption.ResponseHeadersRead)
                        => client.GetAsync(url, option);
                }

                public class Catalog
                {
                    public async Task<long?> SizeAsync(HttpClient client, string url)
                    {
                        using var response = await client.OpenAsync(url);
                        return response.Content.Headers.ContentLength;
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
                var response = await [|client.GetAsync("https://example.org", HttpCompletionOption.ResponseHeadersRead)|];
                Console.WriteLine(response.StatusCode);
                """,
            FixedCode = """
                using System;
                using System.Net.Http;

                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                using var response = await client.GetAsync("https://example.org", HttpCompletionOption.ResponseHeadersRead);
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
                    var first = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                    var second = await [|client.GetAsync(url + "/2", HttpCompletionOption.ResponseHeadersRead)|];
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
                    var response = [|client.Send(request, HttpCompletionOption.ResponseHeadersRead)|];
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
                    using var first = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    using var second = await client.GetAsync(url + "/2", HttpCompletionOption.ResponseHeadersRead);
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
                    using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
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
                using System.Threading;
                using System.Threading.Tasks;

                public class Catalog
                {
                    public async Task NotifyAsync(HttpClient client, HttpMessageInvoker invoker, string url)
                    {
                        await [|client.SendAsync(new HttpRequestMessage(HttpMethod.Post, url), HttpCompletionOption.ResponseHeadersRead)|];
                        _ = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                        (await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|]).EnsureSuccessStatusCode();
                        await [|invoker.SendAsync(new HttpRequestMessage(HttpMethod.Delete, url), CancellationToken.None)|];
                    }

                    public HttpStatusCode Status(HttpClient client, HttpRequestMessage request)
                        => [|client.Send(request, HttpCompletionOption.ResponseHeadersRead)|].StatusCode;
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
                    private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;

                    public async Task<HttpStatusCode> RetryAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url, Streamed)|];
                        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
                        {
                            response = await [|client.GetAsync(url, Streamed)|];
                        }

                        return response.StatusCode;
                    }

                    public async Task<Func<HttpStatusCode>> LaterAsync(HttpClient client, string url)
                    {
                        var response = await [|client.GetAsync(url, Streamed)|];
                        return () => response.StatusCode;
                    }

                    public async Task<HttpStatusCode> SwitchAsync(HttpClient client, string url, int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                var response = await [|client.GetAsync(url, Streamed)|];
                                return response.StatusCode;
                            default:
                                return HttpStatusCode.OK;
                        }
                    }

                    public async Task<HttpStatusCode> AssignedAsync(HttpClient client, string url)
                    {
                        HttpResponseMessage response;
                        response = await [|client.GetAsync(url, Streamed)|];
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
                        var response = await [|client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|];
                        return response.IsSuccessStatusCode;
                    }
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    // ----- Negatives -----

    /// <summary>
    /// The default calls read the body into a buffer before they return: the connection is already back in the pool,
    /// so a response that is never disposed, never read, or thrown away holds nothing (measured in ResponseProofTests).
    /// </summary>
    [Fact]
    public async Task BufferedResponsesAreNotReported()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net;
            using System.Net.Http;
            using System.Net.Http.Json;
            using System.Threading;
            using System.Threading.Tasks;

            public class Catalog
            {
                public async Task<HttpStatusCode> PingAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url);
                    response.EnsureSuccessStatusCode();
                    return response.StatusCode;
                }

                public async Task<bool> AllAsync(HttpClient client, string url, HttpContent content, CancellationToken ct)
                {
                    var a = await client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
                    var b = await client.PostAsync(url, content).ConfigureAwait(false);
                    var c = client.PutAsync(url, content).Result;
                    var d = client.DeleteAsync(url).GetAwaiter().GetResult();
                    var e = client.Send(new HttpRequestMessage(HttpMethod.Get, url));
                    HttpResponseMessage f = await client.PatchAsync(url, content);
                    var g = await client.GetAsync(url, HttpCompletionOption.ResponseContentRead, ct);
                    var h = await ((HttpMessageInvoker)client).SendAsync(new HttpRequestMessage(HttpMethod.Get, url), ct);
                    return a.IsSuccessStatusCode && b.IsSuccessStatusCode && c.IsSuccessStatusCode && d.IsSuccessStatusCode
                        && e.IsSuccessStatusCode && f.IsSuccessStatusCode && g.IsSuccessStatusCode && h.IsSuccessStatusCode;
                }

                public async Task NotifyAsync(HttpClient client, string url, HttpContent content, object body)
                {
                    await client.PostAsync(url, content);
                    _ = await client.PutAsync(url, content);
                    (await client.DeleteAsync(url)).EnsureSuccessStatusCode();
                    await client.PostAsJsonAsync(url, body);
                    var posted = await client.PutAsJsonAsync(url, body);
                    _ = posted.StatusCode;
                }

                public HttpStatusCode Status(HttpClient client, HttpRequestMessage request) => client.Send(request).StatusCode;

                public async Task<int> FirstByteAsync(HttpClient client, string url)
                {
                    // The body is already in memory: the stream is a buffer, not the connection.
                    var response = await client.GetAsync(url);
                    var stream = await response.Content.ReadAsStreamAsync();
                    return stream.ReadByte();
                }

                public async Task<HttpStatusCode> KnownOptionAsync(HttpClient client, string url)
                {
                    var option = HttpCompletionOption.ResponseContentRead;
                    var response = await client.GetAsync(url, option);
                    return response.StatusCode;
                }

                public async Task<HttpStatusCode> HelperAsync(HttpClient client, string url)
                {
                    // What a helper of the user's own does inside is its own business; it asks for no option here.
                    var response = await client.FetchAsync(url);
                    return response.StatusCode;
                }
            }

            public static class Helpers
            {
                public static Task<HttpResponseMessage> FetchAsync(this HttpClient client, string url) => client.GetAsync(url);
            }
            """);
    }

    [Fact]
    public async Task DisposedResponses()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Catalog
            {
                private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;

                public async Task<HttpStatusCode> UsingDeclarationAsync(HttpClient client, string url)
                {
                    using var response = await client.GetAsync(url, Streamed);
                    return response.StatusCode;
                }

                public async Task<HttpStatusCode> UsingStatementAsync(HttpClient client, string url)
                {
                    using (var response = await client.GetAsync(url, Streamed))
                    {
                        return response.StatusCode;
                    }
                }

                public async Task<HttpStatusCode> UsingLocalAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    using (response)
                    {
                        return response.StatusCode;
                    }
                }

                public async Task<HttpStatusCode> DisposeAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    var status = response.StatusCode;
                    response.Dispose();
                    return status;
                }

                public async Task<HttpStatusCode> FinallyAsync(HttpClient client, string url)
                {
                    HttpResponseMessage? response = null;
                    try
                    {
                        response = await client.GetAsync(url, Streamed);
                        return response.StatusCode;
                    }
                    finally
                    {
                        response?.Dispose();
                    }
                }

                public async Task<HttpStatusCode> EnsuredAsync(HttpClient client, string url)
                {
                    using var response = (await client.GetAsync(url, Streamed)).EnsureSuccessStatusCode();
                    return response.StatusCode;
                }

                public async Task DiscardedUsingAsync(HttpClient client, string url)
                {
                    using (await client.GetAsync(url, Streamed))
                    {
                    }
                }

                public async Task DisposedDirectlyAsync(HttpClient client, string url)
                    => (await client.GetAsync(url, Streamed)).Dispose();

                public void DisposedContent(HttpClient client, HttpRequestMessage request)
                {
                    var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
                    response.Content.Dispose();
                }

                public async Task<int> StreamDisposedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    using var stream = await response.Content.ReadAsStreamAsync();
                    return stream.ReadByte();
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
            using System.Threading;
            using System.Threading.Tasks;

            public record Item(string Name);

            public class Catalog
            {
                private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;

                public async Task<string> StringAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    response.EnsureSuccessStatusCode();
                    return await response.Content.ReadAsStringAsync();
                }

                public async Task<byte[]> BytesAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    return await response.Content.ReadAsByteArrayAsync();
                }

                public async Task<Item?> JsonAsync(HttpMessageInvoker invoker, string url)
                {
                    var response = await invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), CancellationToken.None);
                    return await response.Content.ReadFromJsonAsync<Item>();
                }

                public async Task CopyAsync(HttpClient client, string url, Stream target)
                {
                    var response = await client.GetAsync(url, Streamed);
                    await response.Content.CopyToAsync(target);
                }

                public async Task StreamCopiedAsync(HttpClient client, string url, Stream target)
                {
                    var response = await client.GetAsync(url, Streamed);
                    var stream = await response.Content.ReadAsStreamAsync();
                    await stream.CopyToAsync(target);
                }

                public async Task StreamCopiedDirectlyAsync(HttpClient client, string url, Stream target)
                {
                    var response = await client.GetAsync(url, Streamed);
                    await (await response.Content.ReadAsStreamAsync()).CopyToAsync(target);
                }

                public Task<string> DirectAsync(HttpClient client, string url)
                    => client.GetAsync(url, Streamed).Result.Content.ReadAsStringAsync();

                public async Task StreamOfGetStreamCopiedAsync(HttpClient client, string url, Stream target)
                {
                    var stream = await client.GetStreamAsync(url);
                    await stream.CopyToAsync(target);
                }

                public async Task<string> StreamOfGetStreamReadAsync(HttpClient client, string url)
                {
                    using var reader = new StreamReader(await client.GetStreamAsync(url));
                    return await reader.ReadToEndAsync();
                }

                public async Task<int> StreamOfGetStreamDisposedAsync(HttpClient client, string url)
                {
                    using var stream = await client.GetStreamAsync(url);
                    return stream.ReadByte();
                }

                public Task<Stream> StreamOfGetStreamReturned(HttpClient client, string url) => client.GetStreamAsync(url);
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
            using System.Text.Json;
            using System.Threading.Tasks;

            public class Catalog
            {
                private const HttpCompletionOption Streamed = HttpCompletionOption.ResponseHeadersRead;
                private HttpResponseMessage? _last;
                private readonly List<HttpResponseMessage> _all = new();

                public Task<HttpResponseMessage> ForwardAsync(HttpClient client, string url) => client.GetAsync(url, Streamed);

                public async Task<HttpResponseMessage> ReturnedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    response.EnsureSuccessStatusCode();
                    return response;
                }

                public async Task<HttpResponseMessage> ReturnedDirectlyAsync(HttpClient client, string url)
                    => await client.GetAsync(url, Streamed);

                public async Task StoredAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    _last = response;
                    _last = await client.GetAsync(url, Streamed);
                }

                public async Task PassedOnAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    _all.Add(response);
                    Handle(await client.GetAsync(url, Streamed));
                }

                public async Task<Stream> StreamReturnedAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    return await response.Content.ReadAsStreamAsync();
                }

                public async Task<T?> StreamDeserializedAsync<T>(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
                    var stream = await response.Content.ReadAsStreamAsync();
                    return await JsonSerializer.DeserializeAsync<T>(stream);
                }

                public Task<HttpResponseMessage[]> AllAsync(HttpClient client, string url)
                    => Task.WhenAll(client.GetAsync(url, Streamed), client.GetAsync(url, Streamed));

                public Func<Task<HttpResponseMessage>> Deferred(HttpClient client, string url)
                    => async () => await client.GetAsync(url, Streamed);

                public async Task<string> ExtensionAsync(HttpClient client, string url)
                {
                    var response = await client.GetAsync(url, Streamed);
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
                    // The response goes on up the pipeline: it is the caller's to dispose.
                    var response = await base.SendAsync(request, cancellationToken);
                    response.Headers.Add("X-Stamp", "1");
                    return response;
                }

                protected override HttpResponseMessage Send(HttpRequestMessage request, CancellationToken cancellationToken)
                    => base.Send(request, cancellationToken);
            }

            public class CatalogTests
            {
                [Xunit.Fact]
                public async Task Pings()
                {
                    var client = new HttpClient();
                    var response = await client.GetAsync("https://example.org", HttpCompletionOption.ResponseHeadersRead);
                    response.EnsureSuccessStatusCode();
                }
            }

            namespace Xunit
            {
                public sealed class FactAttribute : System.Attribute { }
            }
            """);
    }

    [Fact]
    public async Task ContentStreamGivenToAnAbandonedReaderStillHoldsTheConnection()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class FeedPeeker
            {
                public async Task<string?> FirstLineAsync(HttpClient http, string url)
                {
                    {|#10:var response = await {|#0:http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead)|};|}
                    var stream = await response.Content.ReadAsStreamAsync();
                    var reader = new StreamReader(stream);
                    return await reader.ReadLineAsync();
                }

                public async Task<string?> DisposedReaderAsync(HttpClient http, string url)
                {
                    var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    var stream = await response.Content.ReadAsStreamAsync();
                    using var reader = new StreamReader(stream);
                    return await reader.ReadLineAsync();
                }

                public async Task<string> ReadToTheEndAsync(HttpClient http, string url)
                {
                    var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    var stream = await response.Content.ReadAsStreamAsync();
                    var reader = new StreamReader(stream);
                    return await reader.ReadToEndAsync();
                }

                public async Task<StreamReader> HandedOnAsync(HttpClient http, string url)
                {
                    var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
                    var stream = await response.Content.ReadAsStreamAsync();
                    var reader = new StreamReader(stream);
                    return reader;
                }
            }
            """,
            Verify.Diagnostic().WithLocation(0).WithLocation(10).WithArguments("FeedPeeker.FirstLineAsync", "GetAsync", "with ResponseHeadersRead"));
    }

    [Fact]
    public async Task HeadResponsesHaveNoBodyToHoldTheConnection()
    {
        await Verify.VerifyAnalyzerAsync("""
            using System.Net.Http;
            using System.Threading.Tasks;

            public class Probe
            {
                public async Task<long?> LengthAsync(HttpClient http, string url)
                {
                    var response = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), HttpCompletionOption.ResponseHeadersRead);
                    return response.Content.Headers.ContentLength;
                }

                public async Task<bool> ExistsAsync(HttpClient http, string url)
                {
                    var request = new HttpRequestMessage(HttpMethod.Head, url);
                    var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                    return response.IsSuccessStatusCode;
                }

                public async Task<bool> GetAsync(HttpClient http, string url)
                {
                    var response = await {|CH0005:http.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), HttpCompletionOption.ResponseHeadersRead)|};
                    return response.IsSuccessStatusCode;
                }
            }
            """);
    }
}
