// Imitates: a composition root that registers HttpClient itself with AddScoped and a factory lambda, so every request
// scope builds a new client and connection pool.
using System;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Store.Startup;

public static class StoreServices
{
    public static IServiceCollection AddStoreHttp(this IServiceCollection services)
    {
        services.AddScoped(_ => new HttpClient { BaseAddress = new Uri("https://store-api.internal/") }); // expect: CH0001
        return services;
    }
}
