// Imitates: an ASP.NET Core API controller that calls a downstream service through IHttpClientFactory and
// fires a buffered POST whose response it never looks at (correct: buffered responses are back in the pool).
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Shop.Api.Controllers;

public sealed record CatalogItem(int Id, string Name, decimal Price);

[ApiController]
[Route("api/[controller]")]
public class CatalogController : ControllerBase
{
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly ILogger<CatalogController> _logger;

    public CatalogController(IHttpClientFactory httpClientFactory, ILogger<CatalogController> logger)
    {
        _httpClientFactory = httpClientFactory;
        _logger = logger;
    }

    [HttpGet("{id:int}")]
    public async Task<ActionResult<CatalogItem>> Get(int id, CancellationToken cancellationToken)
    {
        var client = _httpClientFactory.CreateClient("catalog");
        var item = await client.GetFromJsonAsync<CatalogItem>($"items/{id}", cancellationToken);
        if (item is null)
        {
            return NotFound();
        }

        // Audit trail: fire and forget, the status does not matter here.
        var audit = _httpClientFactory.CreateClient("audit");
        await audit.PostAsJsonAsync("events", new { Kind = "catalog.read", id }, cancellationToken);
        return item;
    }

    [HttpDelete("{id:int}")]
    public async Task<IActionResult> Delete(int id)
    {
        var client = _httpClientFactory.CreateClient("catalog");
        var response = await client.DeleteAsync($"items/{id}");
        _logger.LogInformation("Deleted item {Id}: {Status}", id, response.StatusCode);
        return response.IsSuccessStatusCode ? NoContent() : StatusCode((int)response.StatusCode);
    }
}
