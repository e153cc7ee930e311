// Imitates: an old SOAP-ish integration that posts XML with HttpWebRequest and switches keep-alive off to avoid a
// "connection was closed unexpectedly" error.
using System.IO;
using System.Net;
using System.Text;

namespace Erp.Soap;

#pragma warning disable SYSLIB0014
public sealed class ErpSoapClient
{
    private readonly string _endpoint;

    public ErpSoapClient(string endpoint) => _endpoint = endpoint;

    public string Call(string action, string envelope)
    {
        var request = (HttpWebRequest)WebRequest.Create(_endpoint); // expect: CH0006
        request.Method = "POST";
        request.ContentType = "text/xml; charset=utf-8";
        request.Headers.Add("SOAPAction", action);
        request.KeepAlive = false; // expect: CH0004
        var bytes = Encoding.UTF8.GetBytes(envelope);
        using (var body = request.GetRequestStream())
        {
            body.Write(bytes, 0, bytes.Length);
        }

        using var response = (HttpWebResponse)request.GetResponse();
        using var reader = new StreamReader(response.GetResponseStream());
        return reader.ReadToEnd();
    }
}
#pragma warning restore SYSLIB0014
