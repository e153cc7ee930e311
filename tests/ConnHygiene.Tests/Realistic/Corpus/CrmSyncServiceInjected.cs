// Imitates: a CRM integration service (Dynamics/Salesforce-style REST) that builds requests with bearer tokens,
// disposes each response and reads JSON (correct code, injected HttpClient).
using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Crm.Integration;

public sealed record Contact(string Id, string Email, string? Phone);

public interface ITokenProvider
{
    ValueTask<string> GetTokenAsync(CancellationToken cancellationToken);
}

public sealed class CrmContactSync
{
    private readonly HttpClient _http;
    private readonly ITokenProvider _tokens;

    public CrmContactSync(HttpClient http, ITokenProvider tokens)
    {
        _http = http;
        _tokens = tokens;
    }

    public async Task<IReadOnlyList<Contact>> GetChangedContactsAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/data/v9.2/contacts?$filter=modifiedon gt {since:O}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetTokenAsync(cancellationToken));
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<List<Contact>>(cancellationToken) ?? new List<Contact>();
    }

    public async Task UpsertAsync(Contact contact, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/data/v9.2/contacts({contact.Id})")
        {
            Content = JsonContent.Create(contact),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await _tokens.GetTokenAsync(cancellationToken));
        using var response = await _http.SendAsync(request, cancellationToken);
        response.EnsureSuccessStatusCode();
    }
}
