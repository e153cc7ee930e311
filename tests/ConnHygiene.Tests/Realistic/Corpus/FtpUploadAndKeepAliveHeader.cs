// Imitates: a backup tool that uploads by FTP with FtpWebRequest (not HTTP: no HttpWebRequest involved) and talks to
// an HTTP API with an injected client, sending an explicit Connection: keep-alive header (correct code).
using System.IO;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Backup.Upload;

#pragma warning disable SYSLIB0014
public sealed class BackupUploader
{
    private readonly HttpClient _http;

    public BackupUploader(HttpClient http)
    {
        _http = http;
        _http.DefaultRequestHeaders.Add("Connection", "keep-alive");
    }

    public void UploadArchive(byte[] archive)
    {
        var request = (FtpWebRequest)WebRequest.Create("ftp://backup.example.com/archives/latest.zip");
        request.Method = WebRequestMethods.Ftp.UploadFile;
        request.Credentials = new NetworkCredential("backup", "secret");
        using (var body = request.GetRequestStream())
        {
            body.Write(archive, 0, archive.Length);
        }

        using var response = (FtpWebResponse)request.GetResponse();
    }

    public async Task<string> GetRetentionPolicyAsync()
    {
        using var response = await _http.GetAsync("https://backup.example.com/api/retention");
        return await response.Content.ReadAsStringAsync();
    }
}
#pragma warning restore SYSLIB0014
