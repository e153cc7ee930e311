// Imitates: a worker-service BackgroundService that polls a price feed every minute with a client from
// IHttpClientFactory (correct: the factory pools handlers; the buffered response needs no disposal).
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Workers.Prices;

public sealed class PricePoller : BackgroundService
{
    private readonly IHttpClientFactory _factory;
    private readonly ILogger<PricePoller> _logger;

    public PricePoller(IHttpClientFactory factory, ILogger<PricePoller> logger)
    {
        _factory = factory;
        _logger = logger;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(1));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            var client = _factory.CreateClient("prices");
            try
            {
                var response = await client.GetAsync("v2/spot?symbols=EURUSD,GBPUSD", stoppingToken);
                var body = await response.Content.ReadAsStringAsync(stoppingToken);
                _logger.LogInformation("Prices: {Body}", body);
                await client.PostAsync("v2/heartbeat", null, stoppingToken);
            }
            catch (HttpRequestException ex)
            {
                _logger.LogWarning(ex, "Price poll failed");
            }
        }
    }
}
