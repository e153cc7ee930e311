using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>Code a user has half-typed: syntax errors, missing types, unterminated creations, recursion. Analyzers must not throw on any of it.</summary>
internal static class BrokenCode
{
    public static CorpusProject[] Projects => new[]
    {
        Project("unterminated creation", """
            using System.Net.Http;

            public class C
            {
                public void M()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        var client = new HttpClient(
            """),
        Project("half-typed socket owner with heartbeat names", """
            using System.Net.Sockets;

            public class Feed
            {
                private TcpClient _tcp;
                private  _pingTimer;

                public void Open(string host) { _tcp = new TcpClient(); _tcp.Connect(host, 1); var x = . ; }

                public void ReadHeader(byte[] header) { _tcp.GetStream().Read(header, 0, 4); }

                public void SendPing( { _tcp.GetStream().WriteByte(; }
            }

            public class
            {
                private Feed ;
            }
            """),
        Project("syntax errors", """
            using System;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class C
            {
                private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = });
                private readonly TcpClient _tcp = new TcpClient(;

                public async Task Fetch(string[] urls)
                {
                    foreach (var url in urls)
                    {
                        using var client = new HttpClient();
                        await client.GetStringAsync(url);
                    }
                }

                public void M(
                {
                    while (
                    using var c = new();
                    var h = new HttpClientHandler { = 3 };
                    new HttpClient(h, disposeHandler: ).GetAsync(;
                    _tcp.Client.Receive(
                    var linger = new LingerOption(true, );
                }

                public HttpClient P => new HttpClient(new
            """),
        Project("missing types", """
            using System;
            using System.Linq;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class C : MissingController
            {
                [MissingAttribute]
                public async Task M(MissingType x)
                {
                    foreach (var item in x.Items)
                    {
                        using var client = new HttpClient(new MissingHandler());
                        using var other = new MissingClient();
                        var y = new SocketsHttpHandler { NoSuchProperty = TimeSpan.Zero };
                        await client.GetAsync(item);
                    }

                    var lazy = new Lazy<MissingType>(() => new HttpClient());
                    var all = Enumerable.Range(0, 3).Select(i => new HttpClient(new HttpClientHandler(), Unknown));
                    builder.Services.AddHttpClient().ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler());
                    app.MapGet("/", () => new HttpClient().GetStringAsync("x"));
                    IHttpClientFactory f = null;
                }
            }
            """) with { References = ReferenceAssemblies.Net10 },
        Project("HttpClient without System.Net.Http", """
            using System;
            using System.Net.Http;
            using System.Net.Sockets;

            public class C
            {
                private static readonly HttpClient s_client = new HttpClient();

                public void M()
                {
                    for (var i = 0; i < 3; i++)
                    {
                        using var client = new HttpClient(new SocketsHttpHandler());
                        using var tcp = new TcpClient("localhost", 80);
                        tcp.GetStream().Read(new byte[4], 0, 4);
                    }
                }
            }
            """) with { References = ReferenceAssemblies.Custom(ReferenceAssemblies.SystemRuntime) },
        Project("top-level statements with errors", """
            using System.Net.Http;
            using System.Net.Sockets;

            for (var i = 0; i < 3; i++)
            {
                using var client = new HttpClient();
                using var tcp = new TcpClient();
                tcp.Connect("localhost", 80);
                tcp.Close();
                client.DefaultRequestHeaders.ConnectionClose = true;
                tcp.LingerState = new LingerOption(true, 0);
                var n = tcp.GetStream().Read(new byte[4]);
            }

            var local = Undefined();
            """) with { OutputKind = OutputKind.ConsoleApplication },
    };

    /// <summary>Code that compiles but has shapes walkers must survive: mutually recursive private factories, indexers, operators, finalizers, generic subclasses, interface and struct initializers.</summary>
    public static CorpusProject[] OddProjects => new[]
    {
        Project("recursive private factories and odd shapes", """
            using System;
            using System.Net.Http;
            using System.Threading.Tasks;

            public class C
            {
                private bool _flag;

                private HttpClient A() => _flag ? B() : new HttpClient();

                private HttpClient B() => _flag ? A() : C2();

                private HttpClient C2() => D();

                private HttpClient D() => E();

                private HttpClient E() => F();

                private HttpClient F() => A();

                public async Task Run()
                {
                    for (var i = 0; i < 10; i++)
                    {
                        await A().GetStringAsync("x");
                    }
                }

                public event EventHandler? Changed;

                public void Wire() => Changed += (s, e) => { using var c = new HttpClient(new HttpClientHandler()); };

                public HttpClient this[int i] => new HttpClient();

                public static implicit operator HttpClient(C c) => new HttpClient();

                ~C() { using var c = new HttpClient(); }
            }

            public class Derived<T> : HttpClient where T : HttpMessageHandler, new()
            {
                public Derived() : base(new T()) { }
            }

            public record R(HttpClient Client)
            {
                public HttpClient Other { get; init; } = new();
            }

            public struct S
            {
                public HttpClient Client = new HttpClient(new SocketsHttpHandler());

                public S() { }
            }

            public interface I
            {
                static HttpClient Shared { get; } = new HttpClient();

                HttpClient Make() => new Derived<HttpClientHandler>();
            }
            """),
    };


    private static CorpusProject Project(string name, string source) => new(name, new[] { ($"/0/Broken/{name.Replace(' ', '_')}.cs", source) });
}
