// Imitates: an IHostedService that warms up a remote cache once at startup with a throwaway client, disposed right
// after the single call (correct: once per process and not kept, like a one-shot program).
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Catalog.Startup;

public sealed class CacheWarmup : BackgroundService
{
    private readonly ILogger<CacheWarmup> _logger;

    public CacheWarmup(ILogger<CacheWarmup> logger) => _logger = logger;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new HttpClient();
        using var response = await client.PostAsync("http://cache.internal/warmup", null, stoppingToken);
        _logger.LogInformation("Cache warm-up returned {Status}", response.StatusCode);
    }
}
