// Imitates: a .NET minimal API (Program.cs with top-level statements) that proxies to an upstream service with a
// named client from IHttpClientFactory and forwards a buffered POST (correct code).
// corpus: exe
using System.Net.Http;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddHttpClient("upstream", c => c.BaseAddress = new System.Uri("http://inventory:8080/"));
var app = builder.Build();

app.MapGet("/stock/{sku}", async (string sku, IHttpClientFactory factory) =>
{
    var client = factory.CreateClient("upstream");
    var stock = await client.GetFromJsonAsync<StockLevel>($"stock/{sku}");
    return stock is null ? Results.NotFound() : Results.Ok(stock);
});

app.MapPost("/stock/{sku}/reserve", async (string sku, int quantity, IHttpClientFactory factory) =>
{
    var client = factory.CreateClient("upstream");
    var response = await client.PostAsJsonAsync($"stock/{sku}/reservations", new { quantity });
    return Results.StatusCode((int)response.StatusCode);
});

app.Run();

internal sealed record StockLevel(string Sku, int Available);
