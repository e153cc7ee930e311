// Imitates: a stock-quote wrapper whose static field is reassigned a new HttpClient in every call (issue 8
// section 3: per-operation creation, CH0001, not a long-lived client).
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Trading.Quotes;

public class QuoteService
{
    private static HttpClient _client = null!;

    public async Task<string> GetQuoteAsync(string symbol)
    {
        _client = new HttpClient(); // expect: CH0001
        _client.BaseAddress = new Uri("https://quotes.example.com/");
        _client.Timeout = TimeSpan.FromSeconds(10);
        return await _client.GetStringAsync($"v1/quote/{symbol}");
    }

    public async Task<string> GetHistoryAsync(string symbol, int days)
    {
        _client = new HttpClient(); // expect: CH0001
        _client.BaseAddress = new Uri("https://quotes.example.com/");
        return await _client.GetStringAsync($"v1/history/{symbol}?days={days}");
    }
}
