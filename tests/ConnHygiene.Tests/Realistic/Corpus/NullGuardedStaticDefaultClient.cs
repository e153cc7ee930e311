// Imitates: a helper that lazily creates its static client on first use with a null check inside the per-call
// method: created once (long-lived), so the problem is the default handler (CH0003), not per-call creation.
using System.Net.Http;
using System.Threading.Tasks;

namespace Legacy.Helpers;

public static class RestHelper
{
    private static HttpClient? _client;

    public static async Task<string> GetAsync(string url)
    {
        if (_client == null)
        {
            _client = new HttpClient(); // expect: CH0003
        }

        return await _client.GetStringAsync(url);
    }
}
