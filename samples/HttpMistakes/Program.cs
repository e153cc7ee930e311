using HttpMistakes.Services;
using HttpMistakes.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddControllers();
builder.Services.AddSingleton<WeatherService>();
builder.Services.AddSingleton<LegacyFeedReader>();
builder.Services.AddSingleton(_ => new PriceTicker("quotes.internal", 7001));

var app = builder.Build();
app.MapControllers();

// CH0001: a minimal API handler that builds a new HttpClient (and so a new connection pool) for every request.
app.MapGet("/exchange-rate/{currency}", async (string currency) =>
{
    using var client = new HttpClient();
    var rate = await client.GetStringAsync($"https://rates.example.com/latest/{currency}");
    return Results.Text(rate);
});

app.MapGet("/radar/{region}", async (string region, WeatherService weather) =>
    await weather.GetRadarImageSize(region) is { } size ? Results.Ok(size) : Results.NotFound());

app.MapPost("/inventory/push", async (IReadOnlyList<StockCount> counts, CancellationToken cancellationToken) =>
{
    await InventorySync.PushCounts("inventory.internal", 7000, counts, cancellationToken);
    return Results.NoContent();
});

app.Run();
