// Imitates: a data-scraping tool that fans out with Parallel.ForEachAsync and creates a client inside the lambda.
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace Scraping.Batch;

public static class PageFetcher
{
    public static async Task<IDictionary<string, int>> FetchLengthsAsync(IEnumerable<string> urls)
    {
        var lengths = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(urls, async (url, cancellationToken) =>
        {
            using var client = new HttpClient(); // expect: CH0001
            var html = await client.GetStringAsync(url, cancellationToken);
            lengths[url] = html.Length;
        });
        return lengths;
    }
}
