// Imitates: a quote client that opens a socket per request and sets linger 0 so the close does not leave TIME_WAIT:
// two mistakes, the per-request socket and the abortive close.
using System.Net.Sockets;
using System.Text;

namespace Quotes.Legacy;

public sealed class QuoteRequester
{
    public string Request(string host, string symbol)
    {
        using var client = new TcpClient(host, 7001); // expect: CH0010
        client.LingerState = new LingerOption(true, 0); // expect: CH0013
        var stream = client.GetStream();
        var request = Encoding.ASCII.GetBytes("Q " + symbol + "\n");
        stream.Write(request, 0, request.Length);
        using var reader = new System.IO.StreamReader(stream);
        return reader.ReadLine() ?? string.Empty;
    }
}
