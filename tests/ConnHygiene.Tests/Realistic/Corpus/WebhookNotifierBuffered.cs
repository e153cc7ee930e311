// Imitates: a notification service (Slack/Teams webhook sender) with an injected HttpClient that posts and ignores
// the response, the shape issue 8 found flagged wrongly six times: buffered responses hold no connection.
using System;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace Ops.Notifications;

public interface INotifier
{
    Task NotifyAsync(string text, CancellationToken cancellationToken = default);
}

public sealed class WebhookNotifier : INotifier
{
    private readonly HttpClient _http;
    private readonly Uri _webhook;
    private readonly ILogger<WebhookNotifier> _logger;

    public WebhookNotifier(HttpClient http, Uri webhook, ILogger<WebhookNotifier> logger)
    {
        _http = http;
        _webhook = webhook;
        _logger = logger;
    }

    public async Task NotifyAsync(string text, CancellationToken cancellationToken = default)
    {
        var body = JsonSerializer.Serialize(new { text });
        await _http.PostAsync(_webhook, new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
    }

    public async Task NotifyWithRetryAsync(string text)
    {
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, _webhook)
            {
                Content = new StringContent(JsonSerializer.Serialize(new { text }), Encoding.UTF8, "application/json"),
            };
            var response = await _http.SendAsync(request);
            if (response.IsSuccessStatusCode)
            {
                return;
            }

            _logger.LogWarning("Webhook attempt {Attempt} failed with {Status}", attempt, response.StatusCode);
            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }

    public async Task PutStatusAsync(string status) =>
        _ = await _http.PutAsync(new Uri(_webhook, "status"), new StringContent(status));
}
