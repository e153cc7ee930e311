// Imitates: a minimal API whose endpoint lambda news up an HttpClient for every request (and disposes it).
// corpus: exe
using System.Net.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

var app = WebApplication.CreateBuilder(args).Build();

app.MapGet("/avatar/{user}", async (string user) =>
{
    using var http = new HttpClient(); // expect: CH0001
    var bytes = await http.GetByteArrayAsync($"https://avatars.example.com/{user}.png");
    return Results.File(bytes, "image/png");
});

app.Run();
