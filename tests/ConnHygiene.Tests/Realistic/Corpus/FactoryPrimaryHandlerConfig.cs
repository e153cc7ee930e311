// Imitates: AddHttpClient registrations whose primary handler is built in ConfigurePrimaryHttpMessageHandler: the
// factory creates and recycles those handlers itself (correct code; the lambda is not per request).
using System;
using System.Net;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Integrations.Registration;

public static class HttpRegistrations
{
    public static IServiceCollection AddPartnerClients(this IServiceCollection services)
    {
        services.AddHttpClient("partner")
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
            {
                AutomaticDecompression = DecompressionMethods.All,
                MaxConnectionsPerServer = 16,
            });

        services.AddHttpClient("legacy-partner")
            .ConfigurePrimaryHttpMessageHandler(() => new HttpClientHandler
            {
                Credentials = new NetworkCredential("svc", "secret"),
            })
            .SetHandlerLifetime(TimeSpan.FromMinutes(10));
        return services;
    }
}
