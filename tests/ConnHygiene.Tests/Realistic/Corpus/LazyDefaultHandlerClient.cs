// Imitates: a Lazy<HttpClient> singleton on an HttpClientHandler (for a custom certificate check) in a shared library:
// created once per process, but HttpClientHandler never recycles its connections.
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Internal.Clients;

public static class InventoryClient
{
    private static readonly Lazy<HttpClient> Client = new(() =>
        new HttpClient(new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, _, _, _) => true }) // expect: CH0003
        {
            BaseAddress = new Uri("https://inventory.internal/"),
        });

    public static Task<string> GetStockAsync(string sku) => Client.Value.GetStringAsync($"stock/{sku}");
}
