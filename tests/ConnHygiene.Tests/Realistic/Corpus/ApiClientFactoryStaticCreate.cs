// Imitates: a shared "ApiClientFactory.Create(token)" utility returning a configured new HttpClient, called from a
// service method on every call (per-operation creation through a public static helper).
using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading.Tasks;

namespace Tickets.Shared
{
    public static class ApiClientFactory
    {
        public static HttpClient Create(string token) => new HttpClient // expect: CH0001
        {
            BaseAddress = new Uri("https://tickets.example.com/api/"),
            DefaultRequestHeaders = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        };
    }
}

namespace Tickets.Services
{
    using Tickets.Shared;

    public sealed class TicketService
    {
        public async Task<string> GetTicketAsync(string token, int id)
        {
            using var client = ApiClientFactory.Create(token);
            return await client.GetStringAsync($"tickets/{id}");
        }
    }
}
