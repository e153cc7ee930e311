// Imitates: an RSS reader that opens the response stream with ResponseHeadersRead, parses only the first item and
// returns, never disposing the response or its stream.
using System.IO;
using System.Net.Http;
using System.Threading.Tasks;

namespace Feeds.Rss;

public sealed class FeedPeeker
{
    private readonly HttpClient _http;

    public FeedPeeker(HttpClient http) => _http = http;

    public async Task<string?> FirstTitleAsync(string url)
    {
        var response = await _http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead); // expect: CH0005
        var stream = await response.Content.ReadAsStreamAsync();
        var reader = new StreamReader(stream);
        string? line;
        while ((line = await reader.ReadLineAsync()) is not null)
        {
            var start = line.IndexOf("<title>", System.StringComparison.Ordinal);
            if (start >= 0)
            {
                return line.Substring(start + 7).Replace("</title>", string.Empty);
            }
        }

        return null;
    }
}
