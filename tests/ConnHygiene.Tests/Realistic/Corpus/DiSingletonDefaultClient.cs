// Imitates: Startup.ConfigureServices registering one HttpClient instance as a singleton on the default handler
// (long-lived; connections never see DNS changes).
using System;
using System.Net.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Legacy.Api;

public class Startup
{
    public void ConfigureServices(IServiceCollection services)
    {
        services.AddControllers();
        services.AddSingleton(new HttpClient { BaseAddress = new Uri("https://search.internal/") }); // expect: CH0003
    }
}
