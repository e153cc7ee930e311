using System;
using System.Linq;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnHygiene.Runtime.Testing.Tests;

/// <summary>Kestrel on 127.0.0.1 (a free port) answering <c>/</c> with "ok"; counts the connections it accepted, as a second witness.</summary>
internal sealed class HttpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly StrongBox<int> _accepted;

    private HttpTestServer(WebApplication app, StrongBox<int> accepted, IPEndPoint endPoint)
    {
        _app = app;
        _accepted = accepted;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public Uri Url => new("http://" + EndPoint + "/");

    public int AcceptedConnections => Volatile.Read(ref _accepted.Value);

    public static async Task<HttpTestServer> StartAsync()
    {
        var accepted = new StrongBox<int>();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(options => options.Listen(IPAddress.Loopback, 0, listen => listen.Use(next => connection =>
        {
            Interlocked.Increment(ref accepted.Value);
            return next(connection);
        })));
        var app = builder.Build();
        app.MapGet("/", () => "ok");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        return new HttpTestServer(app, accepted, new IPEndPoint(IPAddress.Loopback, new Uri(address).Port));
    }

    /// <summary>Waits (bounded) until the server has accepted <paramref name="expected"/> connections; returns what it accepted.</summary>
    public async Task<int> AcceptedAfterSettlingAsync(int expected)
    {
        for (var i = 0; i < 100 && AcceptedConnections < expected; i++)
        {
            await Task.Delay(20);
        }

        return AcceptedConnections;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
