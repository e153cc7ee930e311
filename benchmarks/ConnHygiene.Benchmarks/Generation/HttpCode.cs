using System.Collections.Immutable;

namespace ConnHygiene.Benchmarks.Generation;

/// <summary>HTTP client code: the correct shapes (shared pooled client, IHttpClientFactory) and the mistakes each rule flags.</summary>
internal static class HttpCode
{
    public const int TemplateCount = 10;

    private const string Usings = """
        using System;
        using System.Collections.Generic;
        using System.Net;
        using System.Net.Http;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    /// <summary>The source of template <paramref name="template"/>, and the rule IDs of the mistakes it plants.</summary>
    public static (string Text, ImmutableArray<string> Planted, string? ScopedService) Create(int template, int i, string ns) => template switch
    {
        0 => (SharedPooledClient(i, ns), ImmutableArray<string>.Empty, null),
        1 => (InjectedFactory(i, ns), ImmutableArray<string>.Empty, $"{ns}.Pricing{i}Service"),
        2 => (ClientPerCall(i, ns), ImmutableArray.Create("CH0001"), null),
        3 => (ClientInLoop(i, ns), ImmutableArray.Create("CH0001"), null),
        4 => (HandlerPerCall(i, ns), ImmutableArray.Create("CH0002"), null),
        5 => (KeepAliveOff(i, ns), ImmutableArray.Create("CH0004", "CH0004"), null),
        6 => (ResponseNotDisposed(i, ns), ImmutableArray.Create("CH0005"), null),
        7 => (ControllerField(i, ns), ImmutableArray.Create("CH0001"), null),
        8 => (StaticDefaultHandler(i, ns), ImmutableArray.Create("CH0003"), null),
        _ => (LegacyWebClient(i, ns), ImmutableArray.Create("CH0006"), null),
    };

    private static string SharedPooledClient(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Catalog{{i}}Client
        {
            private static readonly HttpClient s_client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            {
                BaseAddress = new Uri("https://catalog{{i}}.example.com/"),
            };

            public static async Task<string> GetItemAsync(string id, CancellationToken cancellationToken)
            {
                using var response = await s_client.GetAsync("items/" + Uri.EscapeDataString(id), cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                return await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            }

            public static Task<string> GetPageAsync(int page, CancellationToken cancellationToken)
                => s_client.GetStringAsync($"items?page={page}", cancellationToken);
        }
        """;

    private static string InjectedFactory(int i, string ns) => $$"""
        {{Usings}}
        using System.Globalization;

        namespace {{ns}};

        public sealed class Pricing{{i}}Service
        {
            private readonly IHttpClientFactory _factory;

            public Pricing{{i}}Service(IHttpClientFactory factory) => _factory = factory;

            public async Task<decimal> PriceAsync(string sku, CancellationToken cancellationToken)
            {
                var client = _factory.CreateClient("pricing");
                using var response = await client.GetAsync("prices/" + Uri.EscapeDataString(sku), cancellationToken).ConfigureAwait(false);
                response.EnsureSuccessStatusCode();
                var text = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
                return decimal.Parse(text, CultureInfo.InvariantCulture);
            }
        }
        """;

    private static string ClientPerCall(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Weather{{i}}Client
        {
            public async Task<string> ForecastAsync(string city, CancellationToken cancellationToken)
            {
                using var client = new HttpClient();
                client.Timeout = TimeSpan.FromSeconds(10);
                return await client.GetStringAsync("https://weather{{i}}.example.com/" + Uri.EscapeDataString(city), cancellationToken).ConfigureAwait(false);
            }
        }
        """;

    private static string ClientInLoop(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Health{{i}}Checker
        {
            public static async Task<int> CountHealthyAsync(IEnumerable<Uri> endpoints, CancellationToken cancellationToken)
            {
                var healthy = 0;
                foreach (var endpoint in endpoints)
                {
                    using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
                    using var response = await client.GetAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        healthy++;
                    }
                }

                return healthy;
            }
        }
        """;

    private static string HandlerPerCall(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Redirect{{i}}Inspector
        {
            public async Task<Uri?> LocationAsync(Uri address, CancellationToken cancellationToken)
            {
                var handler = new HttpClientHandler { AllowAutoRedirect = false };
                using var client = new HttpClient(handler, disposeHandler: true);
                using var response = await client.GetAsync(address, cancellationToken).ConfigureAwait(false);
                return response.Headers.Location;
            }
        }
        """;

    private static string KeepAliveOff(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Audit{{i}}Client
        {
            private static readonly HttpClient s_client = CreateClient();

            private static HttpClient CreateClient()
            {
                var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
                client.DefaultRequestHeaders.ConnectionClose = true;
                return client;
            }

            public static async Task<bool> SendAsync(string line, CancellationToken cancellationToken)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, "https://audit{{i}}.example.com/lines") { Content = new StringContent(line) };
                request.Headers.ConnectionClose = true;
                using var response = await s_client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            }
        }
        """;

    private static string ResponseNotDisposed(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Status{{i}}Probe
        {
            private static readonly HttpClient s_client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

            public static async Task<HttpStatusCode> StatusAsync(Uri address, CancellationToken cancellationToken)
            {
                var request = new HttpRequestMessage(HttpMethod.Get, address);
                var response = await s_client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                return response.StatusCode;
            }
        }
        """;

    private static string ControllerField(int i, string ns) => $$"""
        {{Usings}}
        using Microsoft.AspNetCore.Mvc;

        namespace {{ns}};

        [ApiController]
        [Route("api/quotes{{i}}")]
        public sealed class Quotes{{i}}Controller : ControllerBase
        {
            private readonly HttpClient _http = new HttpClient();

            [HttpGet("{symbol}")]
            public async Task<IActionResult> Get(string symbol, CancellationToken cancellationToken)
            {
                if (string.IsNullOrWhiteSpace(symbol))
                {
                    return BadRequest();
                }

                var quote = await _http.GetStringAsync("https://quotes{{i}}.example.com/" + Uri.EscapeDataString(symbol), cancellationToken).ConfigureAwait(false);
                return Ok(quote);
            }
        }
        """;

    private static string StaticDefaultHandler(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Geo{{i}}Lookup
        {
            private static readonly HttpClient s_client = new HttpClient { BaseAddress = new Uri("https://geo{{i}}.example.com/") };

            public static Task<string> CountryAsync(string ip, CancellationToken cancellationToken)
                => s_client.GetStringAsync("country/" + Uri.EscapeDataString(ip), cancellationToken);
        }
        """;

    private static string LegacyWebClient(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Feed{{i}}Downloader
        {
        #pragma warning disable SYSLIB0014
            public string Download(string address)
            {
                using var web = new WebClient();
                return web.DownloadString(address);
            }
        #pragma warning restore SYSLIB0014
        }
        """;
}
