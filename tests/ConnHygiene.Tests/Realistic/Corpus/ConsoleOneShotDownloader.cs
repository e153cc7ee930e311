// Imitates: a small console tool (static Main) that downloads one JSON document, prints a summary and exits: a
// client used once by a one-shot program is neither per operation nor long-lived (correct code).
using System;
using System.Net.Http;
using System.Text.Json;
using System.Threading.Tasks;

namespace ReleaseNotesTool;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var url = args.Length > 0 ? args[0] : "https://api.example.com/releases/latest";
        using var client = new HttpClient();
        client.DefaultRequestHeaders.UserAgent.ParseAdd("release-notes-tool");
        try
        {
            var json = await client.GetStringAsync(url);
            using var document = JsonDocument.Parse(json);
            Console.WriteLine(document.RootElement.GetProperty("name").GetString());
            return 0;
        }
        catch (HttpRequestException ex)
        {
            Console.Error.WriteLine($"Download failed: {ex.Message}");
            return 1;
        }
    }
}
