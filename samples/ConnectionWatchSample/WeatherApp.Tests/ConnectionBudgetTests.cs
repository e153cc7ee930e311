using System.Net;
using ConnHygiene.Runtime.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using WeatherApp;
using Xunit;
using Xunit.Abstractions;

namespace WeatherApp.Tests;

/// <summary>
/// An integration test with a connection budget: a report over 100 cities may use at most 2 TCP connections.
/// <c>SAMPLE_CLIENT=percall dotnet test</c> runs the budget test on the code before the CH0001 fix and shows the failure.
/// </summary>
public class ConnectionBudgetTests(ITestOutputHelper output)
{
    private static readonly string[] Cities = Enumerable.Range(1, 100).Select(i => "city-" + i).ToArray();

    [Fact]
    public async Task AReportOverManyCitiesStaysWithinTwoConnections()
    {
        await using var service = await FakeWeatherService.StartAsync();
        IForecastClient client = Environment.GetEnvironmentVariable("SAMPLE_CLIENT") == "percall"
            ? new PerCallForecastClient(service.BaseAddress)
            : new SharedForecastClient(service.BaseAddress);

        using var watch = ConnectionWatch.Start(service.EndPoint);
        var report = await ForecastReport.BuildAsync(client, Cities);

        Assert.Equal(Cities.Length, report.Count);
        watch.AssertAtMost(2);
    }

    [Fact]
    public async Task TheClientBeforeTheFixBreaksTheBudget()
    {
        await using var service = await FakeWeatherService.StartAsync();
        using var watch = ConnectionWatch.Start(service.EndPoint);
        await ForecastReport.BuildAsync(new PerCallForecastClient(service.BaseAddress), Cities);

        var churn = Assert.Throws<ConnectionChurnException>(() => watch.AssertAtMost(2));
        output.WriteLine(churn.Message);
        Assert.Equal(Cities.Length, churn.Snapshot.Opened);
        Assert.Contains("CH0001", churn.Message);
    }

    /// <summary>The weather service, faked on 127.0.0.1 with Kestrel.</summary>
    private sealed class FakeWeatherService(WebApplication app, IPEndPoint endPoint) : IAsyncDisposable
    {
        public IPEndPoint EndPoint => endPoint;

        public Uri BaseAddress => new("http://" + endPoint + "/");

        public static async Task<FakeWeatherService> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            app.MapGet("/forecast/{city}", (string city) => "sunny in " + city);
            await app.StartAsync();
            var port = new Uri(app.Urls.Single()).Port;
            return new FakeWeatherService(app, new IPEndPoint(IPAddress.Loopback, port));
        }

        public async ValueTask DisposeAsync() => await app.DisposeAsync();
    }
}
