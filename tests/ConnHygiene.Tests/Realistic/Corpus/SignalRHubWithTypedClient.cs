// Imitates: a SignalR hub (per-connection/per-invocation type) that uses an injected typed client to look up data
// (correct: the hub creates nothing itself).
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.SignalR;

namespace Live.Hubs;

public sealed record Score(string Team, int Points);

public sealed class ScoresApi
{
    private readonly HttpClient _http;

    public ScoresApi(HttpClient http) => _http = http;

    public Task<Score[]?> GetAsync(string match) => _http.GetFromJsonAsync<Score[]>($"matches/{match}/scores");
}

public sealed class ScoreHub : Hub
{
    private readonly ScoresApi _scores;

    public ScoreHub(ScoresApi scores) => _scores = scores;

    public async Task Subscribe(string match)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, match);
        var scores = await _scores.GetAsync(match);
        await Clients.Caller.SendAsync("scores", scores);
    }
}
