using System;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// A loopback Kestrel server that answers <c>/n/{i}</c> with a body of i % 97 + 1 bytes and GET or POST
/// <c>/bytes/{size}</c> with a body of size bytes, and counts accepted connections.
/// </summary>
internal sealed class CountingKestrelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _connections;

    private CountingKestrelServer(WebApplication app) => _app = app;

    public int AcceptedConnections => Volatile.Read(ref _connections);

    public int Port { get; private set; }

    public string BaseAddress => "http://" + ProofHarness.Host + ":" + Port;

    /// <summary>
    /// Runs a snippet — <c>public static Task&lt;long&gt; Snippet.RunAsync(string target, int requests)</c>, target being
    /// the server's base address — against a fresh server and counts what it did to the network.
    /// </summary>
    public static async Task<Measurement<long>> MeasureAsync(string source, int requests)
    {
        await using var server = await StartAsync();
        return await ProofHarness.MeasureAsync(server.Port, () => server.AcceptedConnections, () => ProofHarness.RunAsync<long>(source, server.BaseAddress, requests));
    }

    /// <summary>
    /// Starts a server on <paramref name="listenAddress"/> (default 127.0.0.1, always a loopback address) and
    /// <paramref name="port"/> (default: any free port). Besides <c>/n/{i}</c> it answers <c>/address</c> with the local
    /// address the request arrived on, so a client that cannot see where it connected learns which server answered.
    /// </summary>
    public static async Task<CountingKestrelServer> StartAsync(IPAddress? listenAddress = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        CountingKestrelServer? server = null;
        builder.WebHost.ConfigureKestrel(options => options.Listen(listenAddress ?? IPAddress.Loopback, port, listen => listen.Use(next => async connection =>
        {
            if (server is not null)
            {
                Interlocked.Increment(ref server._connections);
            }

            await next(connection);
        })));
        var app = builder.Build();
        app.MapGet("/n/{i:int}", (int i) => new string('x', i % 97 + 1));
        app.MapGet("/address", (HttpContext context) => context.Connection.LocalIpAddress?.ToString() ?? "unknown");
        app.MapMethods("/bytes/{size:int}", new[] { HttpMethods.Get, HttpMethods.Post }, (int size) => Results.Bytes(new byte[size]));
        server = new CountingKestrelServer(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Single()
            ?? throw new InvalidOperationException("Kestrel reported no address.");
        server.Port = new Uri(address).Port;
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
