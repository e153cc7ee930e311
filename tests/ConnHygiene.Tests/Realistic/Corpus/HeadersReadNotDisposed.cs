// Imitates: a link checker that asks only for headers (ResponseHeadersRead) to save bandwidth and never disposes the
// response, so every checked link keeps a connection busy; the buffered variant next to it is fine.
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading.Tasks;

namespace Docs.LinkChecker;

public sealed class LinkChecker
{
    private readonly HttpClient _http;

    public LinkChecker(HttpClient http) => _http = http;

    public async Task<bool> IsAliveAsync(Uri link)
    {
        var response = await _http.GetAsync(link, HttpCompletionOption.ResponseHeadersRead); // expect: CH0005
        return response.IsSuccessStatusCode;
    }

    public async Task<bool> IsAliveBufferedAsync(Uri link)
    {
        var response = await _http.GetAsync(link);
        return response.IsSuccessStatusCode;
    }

    public async Task<IReadOnlyList<Uri>> FindBrokenAsync(IEnumerable<Uri> links)
    {
        var broken = new List<Uri>();
        foreach (var link in links)
        {
            if (!await IsAliveAsync(link))
            {
                broken.Add(link);
            }
        }

        return broken;
    }
}
