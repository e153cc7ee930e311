using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace HttpClients;

public sealed class Fetcher
{
    public async Task<string> Get(string url)
    {
        using var client = new HttpClient(); // expect CH0001 at new HttpClient
        return await client.GetStringAsync(url);
    }

    public async Task<int> TotalLength(IReadOnlyList<string> urls)
    {
        var total = 0;
        for (var i = 0; i < urls.Count; i++)
        {
            var c = new HttpClient(); // expect CH0001 at new HttpClient
            var body = await c.GetStringAsync(urls[i]);
            total += body.Length;
        }

        return total;
    }
}
