// Imitates: a minimal API Program.cs that creates one HttpClient at the top and captures it in its endpoints: a
// server, not a one-shot script, so the client lives for the process on the default handler.
// corpus: exe
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
var http = new HttpClient { BaseAddress = new System.Uri("https://pricing.internal/") }; // expect: CH0003

app.MapGet("/price/{sku}", async (string sku) => Results.Text(await http.GetStringAsync($"prices/{sku}")));

app.Run();
