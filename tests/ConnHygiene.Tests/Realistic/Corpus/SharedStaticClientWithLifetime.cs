// Imitates: a library's internal static HttpClient shared by every call, on a SocketsHttpHandler with
// PooledConnectionLifetime, as the .NET guidelines recommend for code without DI (correct code).
using System;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;

namespace Acme.Geocoding;

public static class GeocodingApi
{
    private static readonly HttpClient Http = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        AutomaticDecompression = DecompressionMethods.All,
    })
    {
        BaseAddress = new Uri("https://geocode.example.com/"),
        Timeout = TimeSpan.FromSeconds(15),
    };

    public static Task<string> LookupAsync(string address) =>
        Http.GetStringAsync("v1/search?q=" + Uri.EscapeDataString(address));

    public static async Task<bool> ReportBadResultAsync(string query)
    {
        var response = await Http.PostAsync("v1/feedback", new StringContent(query, Encoding.UTF8, "text/plain"));
        return response.StatusCode == HttpStatusCode.Accepted;
    }
}
