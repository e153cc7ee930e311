// Imitates: a reverse-proxy helper that sends with ResponseHeadersRead and returns the response to its caller, which
// copies and disposes it (correct: ownership moves to the caller, who disposes it).
using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;

namespace Gateway.Proxy;

public sealed class UpstreamForwarder
{
    private readonly HttpMessageInvoker _invoker;

    public UpstreamForwarder(HttpMessageInvoker invoker) => _invoker = invoker;

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        _invoker.SendAsync(request, cancellationToken);

    public async Task ForwardAsync(HttpContext context, Uri upstream)
    {
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), upstream);
        using var response = await SendAsync(request, context.RequestAborted);
        context.Response.StatusCode = (int)response.StatusCode;
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted);
    }
}
