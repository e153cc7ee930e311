// Imitates: a print-spooler BackgroundService that takes jobs from a queue and opens a new printer connection per job
// inside its loop (jobs arrive at machine rate; a new connection per iteration).
using System.Net.Sockets;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;
using Microsoft.Extensions.Hosting;

namespace Warehouse.Printing;

public sealed record PrintJob(string Printer, byte[] Zpl);

public sealed class PrintSpooler : BackgroundService
{
    private readonly Channel<PrintJob> _jobs = Channel.CreateUnbounded<PrintJob>();

    public ValueTask EnqueueAsync(PrintJob job) => _jobs.Writer.WriteAsync(job);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var job in _jobs.Reader.ReadAllAsync(stoppingToken))
        {
            using var client = new TcpClient(); // expect: CH0011
            await client.ConnectAsync(job.Printer, 9100, stoppingToken);
            await client.GetStream().WriteAsync(job.Zpl, stoppingToken);
        }
    }
}
