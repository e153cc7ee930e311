// Imitates: a .NET Framework-era utility ported to .NET that still downloads with WebClient and WebRequest.
using System;
using System.IO;
using System.Net;

namespace Utilities.Net;

#pragma warning disable SYSLIB0014
public static class Downloader
{
    public static string DownloadText(string url)
    {
        using var client = new WebClient(); // expect: CH0006
        client.Headers.Add(HttpRequestHeader.UserAgent, "utilities");
        return client.DownloadString(url);
    }

    public static byte[] DownloadBytes(string url)
    {
        var request = (HttpWebRequest)WebRequest.Create(url); // expect: CH0006
        request.Timeout = 30000;
        using var response = request.GetResponse();
        using var stream = response.GetResponseStream();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }
}
#pragma warning restore SYSLIB0014
