// Imitates: a YARP-style health probe that sends through a raw HttpMessageInvoker (never buffers) and reads only the
// status code, never disposing the response.
using System;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Gateway.Health;

public sealed class ActiveHealthProbe
{
    private static readonly HttpMessageInvoker Invoker = new(new SocketsHttpHandler
    {
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        UseProxy = false,
    });

    public async Task<bool> ProbeAsync(Uri destination, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(destination, "/healthz"));
        var response = await Invoker.SendAsync(request, cancellationToken); // expect: CH0005
        return response.StatusCode == HttpStatusCode.OK;
    }
}
