// Imitates: a configuration-style helper whose expression-bodied property returns a new HttpClient every time it is
// read, used in every API call.
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Forum.Client;

public sealed class ForumApi
{
    private readonly string _token;

    public ForumApi(string token) => _token = token;

    private HttpClient Http => new HttpClient { BaseAddress = new Uri("https://forum.example.com/api/") }; // expect: CH0001

    public Task<string> GetThreadAsync(int id) => Http.GetStringAsync($"threads/{id}?token={_token}");

    public Task<string> GetUserAsync(string name) => Http.GetStringAsync($"users/{name}?token={_token}");
}
