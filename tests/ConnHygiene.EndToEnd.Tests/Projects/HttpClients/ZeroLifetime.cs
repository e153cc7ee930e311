using System;
using System.Net.Http;

namespace HttpClients;

public static class ZeroLifetime
{
    // A second CH0004 shape in the same project, fixed under its own equivalence key (the lifetime is replaced, not removed).
    private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero }); // expect CH0004 at PooledConnectionLifetime

    public static HttpClient Client => s_client;
}
