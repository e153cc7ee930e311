namespace HttpMistakes.Services;

public sealed class WeatherService
{
    // CH0003: long-lived client on the default handler: its connections never see DNS changes.
    private static readonly HttpClient s_client = new HttpClient { BaseAddress = new Uri("https://weather.example.com/") };

    static WeatherService()
    {
        // CH0004: keep-alive off; every request pays a new TCP and TLS handshake.
        s_client.DefaultRequestHeaders.ConnectionClose = true;
    }

    // CH0005: with ResponseHeadersRead the body is still on the connection when GetAsync returns; the response is
    // never disposed and its body never read, so its connection stays out of the pool.
    public async Task<long?> GetRadarImageSize(string region)
    {
        var response = await s_client.GetAsync($"radar/{region}.png", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        return response.Content.Headers.ContentLength;
    }
}
