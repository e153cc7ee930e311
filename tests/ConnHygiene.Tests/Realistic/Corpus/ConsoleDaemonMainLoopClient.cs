// Imitates: a console daemon (static Main with an endless polling loop, run as a systemd service) that makes one
// HttpClient on the default handler and uses it for days: not a one-shot program, so the client is long-lived.
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Exporter.Daemon;

internal static class Program
{
    private static async Task Main()
    {
        var client = new HttpClient(); // expect: CH0003
        while (true)
        {
            try
            {
                var metrics = await client.GetStringAsync("http://app.internal:9100/metrics");
                Console.WriteLine($"{DateTime.UtcNow:O} {metrics.Length} bytes");
            }
            catch (HttpRequestException ex)
            {
                Console.Error.WriteLine(ex.Message);
            }

            await Task.Delay(TimeSpan.FromSeconds(15));
        }
    }
}
