// Imitates: a composition root that registers one shared HttpClient as a singleton, built on a SocketsHttpHandler
// with PooledConnectionLifetime, for a service that is itself a singleton (correct code).
using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Billing.Startup;

public sealed class ExchangeRateService
{
    private readonly HttpClient _http;

    public ExchangeRateService(HttpClient http) => _http = http;

    public async Task<decimal> GetRateAsync(string from, string to)
    {
        var text = await _http.GetStringAsync($"https://rates.example.com/latest?from={from}&to={to}");
        return decimal.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }
}

public static class BillingServices
{
    public static IServiceCollection AddBilling(this IServiceCollection services)
    {
        services.AddSingleton(_ => new HttpClient(new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = 20,
        }));
        services.AddSingleton<ExchangeRateService>();
        return services;
    }
}
