// Imitates: a static client created in a static constructor on an HttpClientHandler with decompression and a
// cookie container (long-lived, no PooledConnectionLifetime possible on HttpClientHandler).
using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Scraper.Core;

public static class SiteClient
{
    private static readonly HttpClient Http;

    static SiteClient()
    {
        var handler = new HttpClientHandler
        {
            AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
            CookieContainer = new CookieContainer(),
        };
        Http = new HttpClient(handler); // expect: CH0003
        Http.DefaultRequestHeaders.UserAgent.ParseAdd("Mozilla/5.0 (compatible; corpus-bot)");
    }

    public static Task<string> GetPageAsync(string url) => Http.GetStringAsync(url);
}
