// Imitates: a vendor SDK wrapper whose private CreateClient() builds a handler (client certificate) and a client for
// every API call (one mistake, one finding: a client on an explicit handler is reported as CH0002 on the handler).
using System;
using System.Net.Http;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Tasks;

namespace Bank.OpenApi;

public sealed class AccountsApi
{
    private readonly X509Certificate2 _certificate;
    private readonly Uri _baseAddress;

    public AccountsApi(X509Certificate2 certificate, Uri baseAddress)
    {
        _certificate = certificate;
        _baseAddress = baseAddress;
    }

    private HttpClient CreateClient()
    {
        var handler = new HttpClientHandler(); // expect: CH0002
        handler.ClientCertificates.Add(_certificate);
        return new HttpClient(handler) { BaseAddress = _baseAddress };
    }

    public async Task<string> GetBalancesAsync(string accountId)
    {
        using var client = CreateClient();
        return await client.GetStringAsync($"accounts/{accountId}/balances");
    }

    public async Task<string> GetTransactionsAsync(string accountId)
    {
        using var client = CreateClient();
        return await client.GetStringAsync($"accounts/{accountId}/transactions");
    }
}
