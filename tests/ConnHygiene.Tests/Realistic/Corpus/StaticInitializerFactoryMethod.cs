// Imitates: a static client built by a private static factory method called only from the field initializer, on a
// SocketsHttpHandler with PooledConnectionLifetime (correct: created once per process).
using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace Maps.Client;

public static class TileClient
{
    private static readonly HttpClient Client = CreateClient();

    private static HttpClient CreateClient()
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(3),
            ConnectTimeout = TimeSpan.FromSeconds(5),
        };
        var client = new HttpClient(handler) { BaseAddress = new Uri("https://tiles.example.com/") };
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("image/png"));
        return client;
    }

    public static Task<byte[]> GetTileAsync(int z, int x, int y) => Client.GetByteArrayAsync($"{z}/{x}/{y}.png");
}
