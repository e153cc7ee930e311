// Imitates: a shared client that already moved to SocketsHttpHandler for tuning but forgot PooledConnectionLifetime.
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Telemetry.Export;

public static class Exporter
{
    private static readonly SocketsHttpHandler Handler = new()
    {
        MaxConnectionsPerServer = 8,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
    };

    private static readonly HttpClient Client = new(Handler); // expect: CH0003

    public static async Task ExportAsync(string json)
    {
        using var content = new StringContent(json);
        using var response = await Client.PostAsync("https://collector.example.com/v1/traces", content);
        response.EnsureSuccessStatusCode();
    }
}
