using System.IO;
using System.Linq;
using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Tests.VerifierTests.NewObjectAnalyzer>;

namespace ConnHygiene.Tests.VerifierTests;

public class ReferenceAssembliesTests
{
    /// <summary>A netstandard-like System.Net.Http: HttpClient and HttpClientHandler, no SocketsHttpHandler.</summary>
    private static readonly MetadataReference OldHttp = ReferenceAssemblies.MetadataReferenceFromSource(
        "System.Net.Http",
        """
        namespace System.Net.Http
        {
            public abstract class HttpMessageHandler { }
            public class HttpClientHandler : HttpMessageHandler { }
            public class HttpClient
            {
                public HttpClient() { }
                public HttpClient(HttpMessageHandler handler) { }
            }
        }
        """);

    private const string UsesFactory = """
        using System.Net.Http;

        public class C
        {
            public C(IHttpClientFactory factory) => Client = factory.CreateClient();

            public HttpClient Client { get; }
        }
        """;

    [Fact]
    public Task IHttpClientFactory_resolves_with_AspNetCore_references_by_default() =>
        Verify.VerifyAnalyzerAsync(UsesFactory);

    [Fact]
    public Task IHttpClientFactory_does_not_resolve_with_Net10_alone() =>
        new Verify.Test
        {
            TestCode = UsesFactory.Replace("C(IHttpClientFactory factory)", "C({|CS0246:IHttpClientFactory|} factory)"),
            ReferenceAssemblies = ReferenceAssemblies.Net10,
        }.RunAsync();

    [Fact]
    public Task Net10_without_AspNetCore_fails_a_test_that_needs_it() =>
        Assert.ThrowsAsync<VerificationException>(() => new Verify.Test
        {
            TestCode = UsesFactory,
            ReferenceAssemblies = ReferenceAssemblies.Net10,
        }.RunAsync());

    [Fact]
    public Task Custom_references_without_SocketsHttpHandler() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Http;

                class C
                {
                    HttpClient A() => new HttpClient(new HttpClientHandler());
                    object B() => new {|CS0246:SocketsHttpHandler|}();
                    object D() => [|new object()|];
                }
                """,
            ReferenceAssemblies = ReferenceAssemblies.Custom(ReferenceAssemblies.SystemRuntime, OldHttp),
        }.RunAsync();

    [Fact]
    public Task Fix_not_offered_where_SocketsHttpHandler_is_absent() =>
        new CSharpCodeFixVerifier<NewObjectAnalyzer, SocketsOnlyFix>.Test
        {
            TestCode = "class C { object A() => [|new object()|]; }",
            ReferenceAssemblies = ReferenceAssemblies.Custom(ReferenceAssemblies.SystemRuntime, OldHttp),
            CodeActionExpected = false,
        }.RunAsync();

    [Fact]
    public Task Fix_offered_where_SocketsHttpHandler_resolves() =>
        CSharpCodeFixVerifier<NewObjectAnalyzer, SocketsOnlyFix>.VerifyCodeFixAsync(
            "class C { object A() => [|new object()|]; }",
            "class C { object A() => new string('x', 1); }");

    [Fact]
    public Task No_fix_expectation_fails_where_SocketsHttpHandler_resolves() =>
        Assert.ThrowsAsync<VerificationException>(() => new CSharpCodeFixVerifier<NewObjectAnalyzer, SocketsOnlyFix>.Test
        {
            TestCode = "class C { object A() => [|new object()|]; }",
            CodeActionExpected = false,
        }.RunAsync());

    [Fact]
    public Task Net10_with_System_Net_Http_replaced() =>
        new Verify.Test
        {
            TestCode = """
                using System.Net.Http;
                using System.Threading.Tasks;

                class C
                {
                    Task<HttpClient> A() => Task.FromResult(new HttpClient(new HttpClientHandler()));
                    object B() => new {|CS0246:SocketsHttpHandler|}();
                }
                """,
            ReferenceAssemblies = ReferenceAssemblies.Net10.Without("System.Net.Http").With(OldHttp),
        }.RunAsync();

    [Fact]
    public Task Additional_references_are_compiled_against() =>
        new Verify.Test
        {
            TestCode = "class C { object A() => Lib.Widget.Make(); }",
            AdditionalReferences =
            {
                ReferenceAssemblies.MetadataReferenceFromSource(
                    "Lib", "namespace Lib { public static class Widget { public static object Make() => new object(); } }"),
            },
        }.RunAsync();

    [Fact]
    public void MetadataReferenceFromSource_reports_compile_errors()
    {
        var failure = Assert.Throws<VerificationException>(() => ReferenceAssemblies.MetadataReferenceFromSource("Bad", "class X { int Y() => \"s\"; }"));
        Assert.Contains("CS0029", failure.Message);
    }

    [Fact]
    public void Sets_are_loaded_once_and_AspNetCore_extends_Net10()
    {
        Assert.Same(ReferenceAssemblies.Net10, ReferenceAssemblies.Net10);
        Assert.Same(ReferenceAssemblies.Net10AspNetCore, ReferenceAssemblies.Net10AspNetCore);
        var net10 = ReferenceAssemblies.Net10.References;
        var aspNet = ReferenceAssemblies.Net10AspNetCore.References;
        Assert.Contains(net10, r => Path.GetFileName(r.Display) == "System.Runtime.dll");
        Assert.DoesNotContain(net10, r => Path.GetFileName(r.Display) == "Microsoft.Extensions.Http.dll");
        Assert.Contains(aspNet, r => Path.GetFileName(r.Display) == "Microsoft.Extensions.Http.dll");
        Assert.True(net10.All(r => aspNet.Contains(r)));
    }

    [Fact]
    public void Without_removes_only_the_named_assembly()
    {
        var without = ReferenceAssemblies.Net10.Without("System.Net.Http");
        Assert.DoesNotContain(without.References, r => Path.GetFileName(r.Display) == "System.Net.Http.dll");
        Assert.Equal(ReferenceAssemblies.Net10.References.Length - 1, without.References.Length);
    }
}
