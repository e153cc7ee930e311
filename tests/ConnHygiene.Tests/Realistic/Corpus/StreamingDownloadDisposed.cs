// Imitates: a file-download helper that streams a large body with ResponseHeadersRead and disposes the response
// (correct: the unbuffered response is disposed, so its connection returns to the pool).
using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Tools.Downloads;

public sealed class ArtifactDownloader
{
    private readonly HttpClient _http;

    public ArtifactDownloader(HttpClient http) => _http = http;

    public async Task DownloadAsync(Uri source, string destinationPath, IProgress<long>? progress, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(source, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        await using var file = File.Create(destinationPath);
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            total += read;
            progress?.Report(total);
        }
    }

    public async Task<long?> GetSizeAsync(Uri source)
    {
        using (var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, source), HttpCompletionOption.ResponseHeadersRead))
        {
            return response.Content.Headers.ContentLength;
        }
    }
}
