// Imitates: an API client that asks for ResponseHeadersRead (to check the status before reading) and then reads the
// body to the end with ReadAsStringAsync: a body read to the end releases the connection (correct, though disposing
// would be tidier).
using System.Net.Http;
using System.Threading.Tasks;

namespace Sdk.Search;

public sealed class SearchClient
{
    private readonly HttpClient _http;

    public SearchClient(HttpClient http) => _http = http;

    public async Task<string?> SearchAsync(string query)
    {
        var response = await _http.GetAsync("search?q=" + System.Uri.EscapeDataString(query), HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            response.Dispose();
            return null;
        }

        return await response.Content.ReadAsStringAsync();
    }
}
