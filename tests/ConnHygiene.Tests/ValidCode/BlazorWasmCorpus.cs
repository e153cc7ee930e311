using Microsoft.CodeAnalysis;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>
/// A Blazor WebAssembly app: the browser's fetch pools connections, so HttpClient rules do not apply. Its own
/// compilation, because WebAssemblyHostBuilder marks the whole compilation as a browser app. The type is a
/// stand-in declared in source, as if Microsoft.AspNetCore.Components.WebAssembly were referenced.
/// </summary>
internal static class BlazorWasmCorpus
{
    public static CorpusProject Project => new("blazor wasm", new[]
    {
        ("/0/Blazor/WebAssemblyHosting.cs", WebAssemblyHosting),
        ("/0/Blazor/Program.cs", Program),
        ("/0/Blazor/WeatherPage.cs", WeatherPage),
    })
    {
        OutputKind = OutputKind.ConsoleApplication,
    };

    private const string WebAssemblyHosting = """
        using System.Threading.Tasks;
        using Microsoft.Extensions.DependencyInjection;

        namespace Microsoft.AspNetCore.Components.WebAssembly.Hosting
        {
            public sealed class WebAssemblyHostEnvironment
            {
                public string BaseAddress { get; } = "https://localhost/";
            }

            public sealed class WebAssemblyHost
            {
                public Task RunAsync() => Task.CompletedTask;
            }

            public sealed class WebAssemblyHostBuilder
            {
                public static WebAssemblyHostBuilder CreateDefault(string[]? args = null) => new();

                public IServiceCollection Services { get; } = new ServiceCollection();

                public WebAssemblyHostEnvironment HostEnvironment { get; } = new();

                public WebAssemblyHost Build() => new();
            }
        }
        """;

    private const string Program = """
        using System;
        using System.Net.Http;
        using Microsoft.AspNetCore.Components.WebAssembly.Hosting;
        using Microsoft.Extensions.DependencyInjection;

        var builder = WebAssemblyHostBuilder.CreateDefault(args);
        builder.Services.AddScoped(sp => new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) });
        var http = new HttpClient { BaseAddress = new Uri(builder.HostEnvironment.BaseAddress) };
        Console.WriteLine(http.BaseAddress);
        await builder.Build().RunAsync();
        """;

    private const string WeatherPage = """
        using System.Net.Http;
        using System.Threading.Tasks;

        namespace Corpus.Blazor;

        public sealed class WeatherPage
        {
            public string? Forecast { get; private set; }

            public async Task OnInitializedAsync()
            {
                using var http = new HttpClient(new HttpClientHandler());
                Forecast = await http.GetStringAsync("sample-data/weather.json");
            }
        }
        """;
}
