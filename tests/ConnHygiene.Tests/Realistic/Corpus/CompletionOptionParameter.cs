// Imitates: a REST SDK's low-level request method that takes the completion option from its caller and returns only
// the status, never disposing the response: with ResponseHeadersRead passed in, the connection stays busy.
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Sdk.Core;

public sealed class RestTransport
{
    private readonly HttpClient _http;

    public RestTransport(HttpClient http) => _http = http;

    public async Task<HttpStatusCode> HeadAsync(string path, HttpCompletionOption completion)
    {
        var response = await _http.GetAsync(path, completion); // expect: CH0005
        return response.StatusCode;
    }

    public Task<HttpStatusCode> ExistsAsync(string path) => HeadAsync(path, HttpCompletionOption.ResponseHeadersRead);
}
