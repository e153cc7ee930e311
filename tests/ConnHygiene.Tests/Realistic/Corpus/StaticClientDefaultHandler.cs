// Imitates: the common "fixed" version of per-request clients: one static HttpClient on the default handler used by
// a service for the life of the process (never sees DNS changes).
using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;

namespace Shipping.Tracking;

public sealed record TrackingEvent(string Status, DateTimeOffset At);

public class CarrierTrackingClient
{
    private static readonly HttpClient Client = new HttpClient // expect: CH0003
    {
        BaseAddress = new Uri("https://tracking.carrier.example/"),
        Timeout = TimeSpan.FromSeconds(20),
    };

    public async Task<TrackingEvent[]> GetEventsAsync(string trackingNumber) =>
        await Client.GetFromJsonAsync<TrackingEvent[]>($"api/track/{trackingNumber}") ?? Array.Empty<TrackingEvent>();
}
