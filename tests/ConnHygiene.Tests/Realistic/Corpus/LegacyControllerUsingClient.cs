// Imitates: an older ASP.NET Core controller that wraps a new HttpClient in using per action and logs a null check
// of the local (issue 8 section 4: the log line must not hide the per-request creation).
using System;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;

namespace Legacy.Web.Controllers;

public class WeatherController : Controller
{
    private readonly ILogger<WeatherController> _logger;

    public WeatherController(ILogger<WeatherController> logger) => _logger = logger;

    public async Task<IActionResult> Forecast(string city)
    {
        using (var client = new HttpClient()) // expect: CH0001
        {
            _logger.LogDebug($"client is null: {client == null}");
            client.BaseAddress = new Uri("https://weather.example.com/");
            var json = await client.GetStringAsync("forecast?city=" + Uri.EscapeDataString(city));
            return Content(json, "application/json");
        }
    }

    public async Task<IActionResult> Alerts(string region)
    {
        var client = new HttpClient(); // expect: CH0001
        _logger.LogInformation("Timeout is {Timeout}", client.Timeout);
        var json = await client.GetStringAsync($"https://weather.example.com/alerts/{region}");
        return Content(json, "application/json");
    }
}
