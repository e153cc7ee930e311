// Imitates: a console sync tool whose Main loops over pages and calls a static helper that creates a client per
// call (the helper runs once per page, not once per program).
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace SyncTool;

internal static class Api
{
    public static async Task<string> GetPageAsync(int page)
    {
        using var client = new HttpClient(); // expect: CH0001
        return await client.GetStringAsync($"https://api.example.com/items?page={page}");
    }
}

internal static class Program
{
    private static async Task Main()
    {
        for (var page = 1; page <= 50; page++)
        {
            var json = await Api.GetPageAsync(page);
            Console.WriteLine($"page {page}: {json.Length} chars");
        }
    }
}
