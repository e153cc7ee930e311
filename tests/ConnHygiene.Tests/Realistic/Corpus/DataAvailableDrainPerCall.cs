// Imitates: a weighing-scale (serial-over-TCP) client that connects per weight request, reads with a
// do { } while (stream.DataAvailable) drain loop and closes: per operation; the drain loop is not long-running.
using System.Net.Sockets;
using System.Text;

namespace Scales.Client;

public sealed class ScaleClient
{
    private readonly string _host;

    public ScaleClient(string host) => _host = host;

    public string ReadWeight()
    {
        using var client = new TcpClient(); // expect: CH0010
        client.Connect(_host, 4001);
        var stream = client.GetStream();
        stream.Write(Encoding.ASCII.GetBytes("W\r\n"));
        var text = new StringBuilder();
        var buffer = new byte[128];
        do
        {
            var n = stream.Read(buffer, 0, buffer.Length);
            text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        }
        while (stream.DataAvailable);

        return text.ToString().Trim();
    }
}
