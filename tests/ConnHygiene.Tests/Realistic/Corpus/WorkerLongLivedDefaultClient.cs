// Imitates: a BackgroundService that creates one HttpClient at startup on the default handler and polls a queue API
// for days (long-lived: never sees DNS changes).
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Jobs.Poller;

public sealed class QueuePoller : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var client = new HttpClient { BaseAddress = new Uri("https://queue.internal/") }; // expect: CH0003
        while (!stoppingToken.IsCancellationRequested)
        {
            var work = await client.GetStringAsync("api/next", stoppingToken);
            if (work.Length == 0)
            {
                await Task.Delay(TimeSpan.FromSeconds(5), stoppingToken);
            }
        }
    }
}
