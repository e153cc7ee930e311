// Imitates: a scraper that rotates proxies by building a new SocketsHttpHandler (with the next proxy) for every page,
// sharing nothing between requests.
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Scraping.Proxies;

public sealed class RotatingFetcher
{
    private readonly IReadOnlyList<string> _proxies;
    private int _next;

    public RotatingFetcher(IReadOnlyList<string> proxies) => _proxies = proxies;

    public async Task<string> FetchAsync(string url)
    {
        var proxy = new WebProxy(_proxies[_next++ % _proxies.Count]);
        var handler = new SocketsHttpHandler { Proxy = proxy, UseProxy = true }; // expect: CH0002
        using var client = new HttpClient(handler);
        return await client.GetStringAsync(url);
    }
}
