using System;
using System.Net.Http;

namespace HttpClients;

public static class KeepAlive
{
    private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public static void Configure(Uri baseAddress)
    {
        s_client.BaseAddress = baseAddress;
        s_client.DefaultRequestHeaders.ConnectionClose = true; // expect CH0004 at s_client.DefaultRequestHeaders
    }
}
