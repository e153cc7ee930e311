// Imitates: an SDK-style API wrapper that rebuilds its handler (credentials, proxy) and client into instance fields
// at the start of every call: per-operation, not a long-lived client (reported once, as CH0002 on the handler).
using System;
using System.Net;
using System.Net.Http;
using System.Threading.Tasks;

namespace Vendor.Sdk;

public class ReportingApi
{
    private readonly string _user;
    private readonly string _password;
    private HttpClientHandler? _handler;
    private HttpClient? _http;

    public ReportingApi(string user, string password)
    {
        _user = user;
        _password = password;
    }

    public async Task<string> DownloadReportAsync(string reportId)
    {
        _handler = new HttpClientHandler { Credentials = new NetworkCredential(_user, _password) }; // expect: CH0002
        _http = new HttpClient(_handler);
        try
        {
            return await _http.GetStringAsync($"https://reports.vendor.example/api/reports/{reportId}");
        }
        finally
        {
            _http.Dispose();
        }
    }
}
