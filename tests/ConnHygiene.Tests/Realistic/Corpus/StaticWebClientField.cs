// Imitates: a "fixed" helper that keeps one static WebClient: WebClient holds no connections and every download is a
// new HttpWebRequest, so the rule reports it wherever it is made.
using System.Net;

namespace Updater.Core;

#pragma warning disable SYSLIB0014
public static class UpdateChecker
{
    private static readonly WebClient Client = new WebClient(); // expect: CH0006

    public static string GetLatestVersion() => Client.DownloadString("https://updates.example.com/latest.txt").Trim();
}
#pragma warning restore SYSLIB0014
