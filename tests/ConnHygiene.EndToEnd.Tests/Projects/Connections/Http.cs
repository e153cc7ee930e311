using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Connections;

public sealed class Downloads
{
    private static readonly HttpClient s_client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) });

    public async Task<byte[]> GetCompressedAsync(string url)
    {
        var handler = new HttpClientHandler { AutomaticDecompression = DecompressionMethods.GZip }; // expect CH0002 at new HttpClientHandler
        using var client = new HttpClient(handler);
        return await client.GetByteArrayAsync(url);
    }

    public async Task<HttpStatusCode> PingAsync(string url)
    {
        var response = await s_client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead); // expect CH0005 at s_client.GetAsync
        return response.StatusCode;
    }

#pragma warning disable SYSLIB0014 // WebClient is obsolete: that is the point of CH0006.
    public async Task<string> LegacyAsync(string url)
    {
        using var wc = new WebClient(); // expect CH0006 at new WebClient
        return await wc.DownloadStringTaskAsync(url);
    }
#pragma warning restore SYSLIB0014
}
