// Imitates: an ASP.NET Core middleware that forwards an audit record for every request through a named client from
// IHttpClientFactory (correct code; the buffered response is only inspected).
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Audit.Web;

public sealed class AuditMiddleware
{
    private readonly RequestDelegate _next;
    private readonly IHttpClientFactory _factory;
    private readonly ILogger<AuditMiddleware> _logger;

    public AuditMiddleware(RequestDelegate next, IHttpClientFactory factory, ILogger<AuditMiddleware> logger)
    {
        _next = next;
        _factory = factory;
        _logger = logger;
    }

    public async Task InvokeAsync(HttpContext context)
    {
        await _next(context);
        var client = _factory.CreateClient("audit");
        var response = await client.PostAsJsonAsync("records", new { context.Request.Path.Value, context.Response.StatusCode });
        if (!response.IsSuccessStatusCode)
        {
            _logger.LogWarning("Audit service returned {Status}", response.StatusCode);
        }
    }
}
