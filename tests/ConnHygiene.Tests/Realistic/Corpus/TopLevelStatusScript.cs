// Imitates: a top-level-statements script that checks a handful of health endpoints once and exits (correct: one
// client, made once, in a one-shot program; the foreach only uses it).
// corpus: exe
using System;
using System.Net.Http;

var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
string[] endpoints = { "http://localhost:5000/health", "http://localhost:5001/health" };
var failures = 0;
foreach (var endpoint in endpoints)
{
    try
    {
        var response = await http.GetAsync(endpoint);
        Console.WriteLine($"{endpoint}: {(int)response.StatusCode}");
        if (!response.IsSuccessStatusCode) failures++;
    }
    catch (HttpRequestException ex)
    {
        Console.WriteLine($"{endpoint}: {ex.Message}");
        failures++;
    }
}

return failures;
