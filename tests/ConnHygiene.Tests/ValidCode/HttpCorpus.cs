using Microsoft.CodeAnalysis;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>Correct HttpClient code: long-lived clients that recycle connections, cheap clients over a shared handler, disposed responses, keep-alive on.</summary>
internal static class HttpCorpus
{
    public static CorpusProject Project => new("http", new[]
    {
        ("/0/Http/LongLivedClients.cs", LongLivedClients),
        ("/0/Http/SharedHandler.cs", SharedHandler),
        ("/0/Http/ResponsesAndKeepAlive.cs", ResponsesAndKeepAlive),
        ("/0/Http/BufferedAndStreamedResponses.cs", BufferedAndStreamedResponses),
        ("/0/Http/TestDoublesAndFactories.cs", TestDoublesAndFactories),
        ("/0/Http/OwnHttpClient.cs", OwnHttpClient),
        ("/0/Http/OncePerProcess.cs", OncePerProcess),
        ("/0/Http/Program.cs", Program),
    })
    {
        OutputKind = OutputKind.ConsoleApplication,
    };

    private const string LongLivedClients = """
        using System;
        using System.Collections.Concurrent;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        /// <summary>One client for the process, on a handler that recycles its connections.</summary>
        public static class Api
        {
            private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            });

            public static HttpClient Shared { get; } = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            {
                Timeout = TimeSpan.FromSeconds(30),
            };

            public static Task<string> GetAsync(string url, CancellationToken cancellationToken) => s_client.GetStringAsync(url, cancellationToken);
        }

        public sealed class LazyClient
        {
            private static readonly Lazy<HttpClient> s_client = new(() => new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            })
            {
                Timeout = TimeSpan.FromSeconds(30),
            });

            public Task<string> GetAsync(string url) => s_client.Value.GetStringAsync(url);
        }

        public sealed class StaticConstructorClient
        {
            private static readonly HttpClient s_client;

            static StaticConstructorClient()
            {
                var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };
                s_client = new HttpClient(handler) { BaseAddress = new Uri("https://example.org/") };
            }

            public Task<string> GetAsync(string path) => s_client.GetStringAsync(path);
        }

        public sealed class OnDemandClient
        {
            private static HttpClient? s_client;

            public Task<string> GetAsync(string url)
            {
                s_client ??= new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                return s_client.GetStringAsync(url);
            }
        }

        public sealed class ClientPerHost
        {
            private static readonly ConcurrentDictionary<string, HttpClient> s_clients = new();

            public Task<string> GetAsync(string host, string path)
                => s_clients.GetOrAdd(host, h => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
                {
                    BaseAddress = new Uri("https://" + h + "/"),
                }).GetStringAsync(path);
        }

        /// <summary>A client used across a long-running loop in the method that creates it.</summary>
        public sealed class Poller
        {
            public async Task PollAsync(Uri url, CancellationToken cancellationToken)
            {
                using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                while (!cancellationToken.IsCancellationRequested)
                {
                    using var response = await client.GetAsync(url, cancellationToken);
                    await Task.Delay(TimeSpan.FromSeconds(10), cancellationToken);
                }
            }
        }
        """;

    private const string SharedHandler = """
        using System;
        using System.Net.Http;
        using System.Net.Http.Headers;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        /// <summary>Per-call clients are cheap when they share one handler and do not dispose it.</summary>
        public sealed class PerCallClients
        {
            private static readonly SocketsHttpHandler s_handler = new() { PooledConnectionLifetime = TimeSpan.FromMinutes(2) };

            public async Task<string> GetAsync(Uri baseAddress, string path, string token)
            {
                using var client = new HttpClient(s_handler, disposeHandler: false) { BaseAddress = baseAddress };
                client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
                return await client.GetStringAsync(path);
            }

            public async Task<string[]> GetManyAsync(Uri[] urls)
            {
                var results = new string[urls.Length];
                for (var i = 0; i < urls.Length; i++)
                {
                    using var client = new HttpClient(s_handler, false);
                    results[i] = await client.GetStringAsync(urls[i]);
                }

                return results;
            }
        }
        """;

    private const string ResponsesAndKeepAlive = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        public sealed class Downloads
        {
            private readonly HttpClient _client;

            public Downloads(HttpClient client)
            {
                _client = client;
                _client.DefaultRequestHeaders.ConnectionClose = false;
            }

            public async Task<long?> LengthAsync(string url, CancellationToken cancellationToken)
            {
                using var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return response.Content.Headers.ContentLength;
            }

            public async Task<string> KeepAliveAsync(string url, CancellationToken cancellationToken)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                request.Headers.ConnectionClose = false;
                request.Headers.Connection.Add("keep-alive");
                using var response = await _client.SendAsync(request, cancellationToken);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancellationToken);
            }

            public async Task<int> StatusAsync(string url)
            {
                using (var response = await _client.GetAsync(url))
                {
                    return (int)response.StatusCode;
                }
            }

        #pragma warning disable SYSLIB0014 // ServicePoint is obsolete; still correct where it is used
            public static void KeepTcpAlive(Uri endpoint)
                => ServicePointManager.FindServicePoint(endpoint).SetTcpKeepAlive(true, 30_000, 1_000);
        #pragma warning restore SYSLIB0014
        }
        """;

    /// <summary>
    /// Responses that hold no connection: the default buffered calls read the body before they return, so a response
    /// from them that is discarded or never disposed is released already; streamed responses read to the end, handed
    /// to a deserializer, or returned up a handler pipeline.
    /// </summary>
    private const string BufferedAndStreamedResponses = """
        using System;
        using System.IO;
        using System.Net;
        using System.Net.Http;
        using System.Net.Http.Json;
        using System.Text.Json;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        public sealed record Reading(string Sensor, double Value);

        public sealed class Notifier
        {
            private readonly HttpClient _client;

            public Notifier(HttpClient client) => _client = client;

            public async Task NotifyAsync(string url, Reading reading, CancellationToken cancellationToken)
            {
                await _client.PostAsJsonAsync(url, reading, cancellationToken);
                await _client.PostAsync(url + "/ping", new StringContent(reading.Sensor), cancellationToken);
            }

            public async Task<bool> ExistsAsync(string url)
            {
                var response = await _client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));
                return response.StatusCode == HttpStatusCode.OK;
            }

            public async Task<string> ReadAsync(string url)
            {
                var response = await _client.GetAsync(url);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync();
            }

            public bool Delete(string url) => _client.DeleteAsync(url).Result.IsSuccessStatusCode;
        }

        public sealed class Streamer
        {
            private readonly HttpClient _client;

            public Streamer(HttpClient client) => _client = client;

            public async Task<Reading?> LatestAsync(string url, CancellationToken cancellationToken)
            {
                var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
                return await JsonSerializer.DeserializeAsync<Reading>(stream, cancellationToken: cancellationToken);
            }

            public async Task SaveAsync(string url, Stream target, CancellationToken cancellationToken)
            {
                var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                await response.Content.CopyToAsync(target, cancellationToken);
            }

            public async Task<Stream> OpenAsync(string url, CancellationToken cancellationToken)
            {
                var response = await _client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                return await response.Content.ReadAsStreamAsync(cancellationToken);
            }
        }

        public sealed class RetryOnceHandler : DelegatingHandler
        {
            protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                var response = await base.SendAsync(request, cancellationToken);
                if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
                {
                    return response;
                }

                response.Dispose();
                return await base.SendAsync(request, cancellationToken);
            }
        }

        public sealed class RawSender
        {
            private readonly HttpMessageInvoker _invoker;

            public RawSender(HttpMessageInvoker invoker) => _invoker = invoker;

            public async Task<HttpStatusCode> StatusAsync(Uri uri, CancellationToken cancellationToken)
            {
                using var response = await _invoker.SendAsync(new HttpRequestMessage(HttpMethod.Get, uri), cancellationToken);
                return response.StatusCode;
            }
        }
        """;

    private const string TestDoublesAndFactories = """
        using System;
        using System.Net;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        /// <summary>A test double: no connections at all.</summary>
        public sealed class StubHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
                => Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("ok") });
        }

        public sealed class RecordingHandler : DelegatingHandler
        {
            public int Calls { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Calls++;
                return base.SendAsync(request, cancellationToken);
            }
        }

        public static class StubClients
        {
            public static async Task<string> RoundTripAsync(string path)
            {
                using var client = new HttpClient(new StubHandler()) { BaseAddress = new Uri("http://localhost/") };
                return await client.GetStringAsync(path);
            }

            public static async Task<int> CountAsync(int requests)
            {
                var recorder = new RecordingHandler { InnerHandler = new StubHandler() };
                for (var i = 0; i < requests; i++)
                {
                    using var client = new HttpClient(recorder, disposeHandler: false);
                    using var response = await client.GetAsync("http://localhost/");
                }

                return recorder.Calls;
            }
        }

        /// <summary>A public factory: the caller decides how long the client lives.</summary>
        public static class ClientFactory
        {
            public static HttpClient Create(Uri baseAddress) => new HttpClient(new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            })
            {
                BaseAddress = baseAddress,
            };
        }
        """;

    private const string OwnHttpClient = """
        using System;

        namespace Corpus.Http.Own
        {
            /// <summary>The user's own type that happens to be called HttpClient.</summary>
            public sealed class HttpClient : IDisposable
            {
                public string Get(string path) => path;

                public void Dispose()
                {
                }
            }

            public sealed class HttpClientHandler
            {
            }

            public sealed class UsesOwnClient
            {
                public string[] GetAll(string[] paths)
                {
                    var results = new string[paths.Length];
                    for (var i = 0; i < paths.Length; i++)
                    {
                        using var client = new HttpClient();
                        var handler = new HttpClientHandler();
                        results[i] = client.Get(paths[i]) + handler.GetHashCode();
                    }

                    return results;
                }
            }
        }
        """;

    /// <summary>
    /// Shapes that run once per process although they contain a loop or a lambda, and a client subclass that brings
    /// its own handler. (Found by the meta work: see the report; the analyzers flag these today.)
    /// </summary>
    private const string OncePerProcess = """
        using System;
        using System.Linq;
        using System.Net.Http;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        /// <summary>A client subclass that passes its own recycling handler to the base constructor.</summary>
        public sealed class GitHubClient : HttpClient
        {
            public GitHubClient()
                : base(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            {
                BaseAddress = new Uri("https://api.github.com/");
            }
        }

        public static class ShardedClients
        {
            private static readonly GitHubClient s_github = new GitHubClient();

            /// <summary>A fixed set of clients made once, in a static initializer.</summary>
            private static readonly HttpClient[] s_shards = Enumerable.Range(0, 4)
                .Select(_ => new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }))
                .ToArray();

            private static readonly HttpClient[] s_regions = new HttpClient[3];

            /// <summary>A loop in a static constructor runs once per process.</summary>
            static ShardedClients()
            {
                for (var i = 0; i < s_regions.Length; i++)
                {
                    s_regions[i] = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                }
            }

            public static Task<string> GetAsync(int key, string path)
                => s_shards[key % s_shards.Length].GetStringAsync(path);

            public static Task<string> GetRegionAsync(int region, string path)
                => s_regions[region % s_regions.Length].GetStringAsync(path);

            public static Task<string> GetRepoAsync(string path) => s_github.GetStringAsync(path);
        }
        """;

    private const string Program = """
        using System;
        using System.Net.Http;
        using System.Threading.Tasks;

        namespace Corpus.Http;

        public static class Program
        {
            /// <summary>Main runs once: one client for the whole run.</summary>
            public static async Task<int> Main(string[] args)
            {
                using var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });
                foreach (var url in args)
                {
                    using var response = await client.GetAsync(url);
                    Console.WriteLine($"{url}: {(int)response.StatusCode}");
                }

                return 0;
            }
        }
        """;
}
