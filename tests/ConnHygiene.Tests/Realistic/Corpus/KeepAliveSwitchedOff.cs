// Imitates: a client for a flaky load-balanced API where someone "fixed" stale connections by sending
// Connection: close on every request (every request pays a new TCP and TLS handshake).
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Payments.Gateway;

public sealed class PaymentStatusClient
{
    private readonly HttpClient _http;

    public PaymentStatusClient(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestHeaders.Add("Connection", "close"); // expect: CH0004
    }

    public async Task<string> GetStatusAsync(string paymentId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"payments/{paymentId}/status");
        request.Headers.ConnectionClose = true; // expect: CH0004
        using var response = await _http.SendAsync(request);
        return await response.Content.ReadAsStringAsync();
    }
}
