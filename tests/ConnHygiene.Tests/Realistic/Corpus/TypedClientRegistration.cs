// Imitates: a typed HttpClient (AddHttpClient<T>) for a third-party REST API, the pattern the ASP.NET Core docs
// recommend, with a discarded buffered PostAsJsonAsync for a webhook acknowledgement (correct code).
using System;
using System.Net.Http;
using System.Net.Http.Json;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Integrations.GitHub;

public sealed record Repo(string Name, int Stars);

public sealed class GitHubClient
{
    private readonly HttpClient _http;

    public GitHubClient(HttpClient http)
    {
        _http = http;
        _http.BaseAddress = new Uri("https://api.github.com/");
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("corpus-sample/1.0");
    }

    public Task<Repo[]?> GetReposAsync(string owner) => _http.GetFromJsonAsync<Repo[]>($"users/{owner}/repos");

    public async Task AcknowledgeAsync(string deliveryId)
    {
        await _http.PostAsJsonAsync("hooks/ack", new { deliveryId });
    }
}

public static class GitHubRegistration
{
    public static IServiceCollection AddGitHub(this IServiceCollection services)
    {
        services.AddHttpClient<GitHubClient>()
            .SetHandlerLifetime(TimeSpan.FromMinutes(5));
        return services;
    }
}
