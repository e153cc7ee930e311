using System.Net;

namespace HttpMistakes.Services;

public sealed class LegacyFeedReader
{
    // CH0006: WebClient builds a new HttpClient and connection for every download on modern .NET.
#pragma warning disable SYSLIB0014 // silenced years ago, and the connections kept burning
    public string ReadFeed(string url)
    {
        using var web = new WebClient();
        return web.DownloadString(url);
    }
#pragma warning restore SYSLIB0014
}
