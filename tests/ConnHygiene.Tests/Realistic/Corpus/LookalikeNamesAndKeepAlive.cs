// Imitates: an application with its own types named WebClient and ConnectionMultiplexer (a domain wrapper and a
// game lobby), plus requests that say Connection: keep-alive explicitly (correct: nothing here is the framework API).
using System.Net.Http;
using System.Threading.Tasks;

namespace Acme.Net
{
    public sealed class WebClient
    {
        private readonly HttpClient _http;

        public WebClient(HttpClient http) => _http = http;

        public async Task<string> FetchAsync(string url)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.ConnectionClose = false;
            request.Headers.Connection.Add("keep-alive");
            using var response = await _http.SendAsync(request);
            return await response.Content.ReadAsStringAsync();
        }
    }
}

namespace Acme.Games
{
    public sealed class ConnectionMultiplexer
    {
        public static ConnectionMultiplexer Connect(string lobby) => new();
        public int Players { get; private set; }
    }

    public sealed class LobbyService
    {
        private readonly HttpClient _http;

        public LobbyService(HttpClient http) => _http = http;

        public async Task<int> JoinAsync(string lobby)
        {
            var wrapper = new Acme.Net.WebClient(_http);
            var info = await wrapper.FetchAsync("https://lobbies.example.com/" + lobby);
            var multiplexer = ConnectionMultiplexer.Connect(lobby);
            return multiplexer.Players + info.Length;
        }
    }
}
