// Imitates: a service registered AddScoped whose constructor creates its own HttpClient, so a new client (and
// connection pool) is made for every request scope.
using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Checkout.Services;

public sealed record ChargeResult(string Id, bool Approved);

public sealed class PaymentGateway
{
    private readonly HttpClient _http;

    public PaymentGateway()
    {
        _http = new HttpClient { BaseAddress = new Uri("https://pay.example.com/") }; // expect: CH0001
    }

    public async Task<ChargeResult?> ChargeAsync(decimal amount, string token)
    {
        using var response = await _http.PostAsJsonAsync("v1/charges", new { amount, token });
        return await response.Content.ReadFromJsonAsync<ChargeResult>();
    }
}

public static class CheckoutRegistration
{
    public static IServiceCollection AddCheckout(this IServiceCollection services) =>
        services.AddScoped<PaymentGateway>();
}
