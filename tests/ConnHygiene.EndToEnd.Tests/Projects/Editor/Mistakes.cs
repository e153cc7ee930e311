using System;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Editor;

public sealed class Mistakes
{
    private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public async Task<string> Get(string url)
    {
        using var client = new HttpClient(); // expect CH0001 at new HttpClient
        return await client.GetStringAsync(url);
    }

    public static void Configure(Uri baseAddress)
    {
        s_client.BaseAddress = baseAddress;
        s_client.DefaultRequestHeaders.ConnectionClose = true; // expect CH0004 at s_client.DefaultRequestHeaders
    }

    public static void Close(Socket socket)
    {
        socket.LingerState = new LingerOption(true, 0); // expect CH0013 at socket.LingerState
        socket.Close();
    }
}
