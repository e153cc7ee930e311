// Imitates: a shared client tuned to "avoid stale connections" by giving idle connections no lifetime at all, which
// closes every connection after its request (keep-alive off in effect).
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Search.Client;

public static class SearchHttp
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(1),
        PooledConnectionIdleTimeout = TimeSpan.Zero, // expect: CH0004
    });

    public static Task<string> QueryAsync(string q) => Client.GetStringAsync("https://search.example.com/?q=" + Uri.EscapeDataString(q));
}
