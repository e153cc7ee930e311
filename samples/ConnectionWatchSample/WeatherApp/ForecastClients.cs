namespace WeatherApp;

/// <summary>Fetches one city's forecast from the weather service.</summary>
public interface IForecastClient
{
    Task<string> GetForecastAsync(string city);
}

/// <summary>
/// Before the fix: a new HttpClient per call (ConnHygiene reports it as CH0001). Every call opens a TCP connection
/// and closes it, leaving a TIME_WAIT socket behind; under load the machine runs out of ephemeral ports.
/// </summary>
public sealed class PerCallForecastClient(Uri baseAddress) : IForecastClient
{
    public async Task<string> GetForecastAsync(string city)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        return await client.GetStringAsync("forecast/" + Uri.EscapeDataString(city));
    }
}

/// <summary>After the fix (CH0001's "shared client" fix): one client for the process, its connections pooled.</summary>
public sealed class SharedForecastClient(Uri baseAddress) : IForecastClient
{
    private static readonly HttpClient Client = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public Task<string> GetForecastAsync(string city) => Client.GetStringAsync(new Uri(baseAddress, "forecast/" + Uri.EscapeDataString(city)));
}

/// <summary>The code under test: a report over many cities, one request each.</summary>
public static class ForecastReport
{
    public static async Task<IReadOnlyList<string>> BuildAsync(IForecastClient client, IEnumerable<string> cities)
    {
        var lines = new List<string>();
        foreach (var city in cities)
        {
            lines.Add(city + ": " + await client.GetForecastAsync(city));
        }

        return lines;
    }
}
