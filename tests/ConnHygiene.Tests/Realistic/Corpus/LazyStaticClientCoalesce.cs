// Imitates: a helper class that creates its shared client lazily with ??= on a SocketsHttpHandler with a pooled
// connection lifetime (correct: created once per process and recycles connections).
using System;
using System.Net.Http;
using System.Threading.Tasks;

namespace Common.Http;

public static class ApiHttp
{
    private static HttpClient? s_client;
    private static readonly object s_gate = new();

    private static HttpClient Client
    {
        get
        {
            if (s_client is null)
            {
                lock (s_gate)
                {
                    s_client ??= new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
                }
            }

            return s_client;
        }
    }

    public static Task<string> GetAsync(string url) => Client.GetStringAsync(url);

    public static Task<byte[]> GetBytesAsync(string url) => Client.GetByteArrayAsync(url);
}
