// Imitates: a PLC status poller whose System.Threading.Timer callback calls a private helper that opens and closes
// a socket for every command (twice a second).
using System;
using System.Net.Sockets;
using System.Threading;

namespace Factory.Plc;

public sealed class StatusPoller : IDisposable
{
    private readonly Timer _timer;
    private readonly string _host;

    public StatusPoller(string host)
    {
        _host = host;
        _timer = new Timer(_ => Poll(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(500));
    }

    public string LastStatus { get; private set; } = string.Empty;

    private void Poll() => LastStatus = SendCommand("STATUS?");

    private string SendCommand(string command)
    {
        using var client = new TcpClient(_host, 502); // expect: CH0010
        var stream = client.GetStream();
        var request = System.Text.Encoding.ASCII.GetBytes(command);
        stream.Write(request, 0, request.Length);
        var reply = new byte[256];
        var read = stream.Read(reply, 0, reply.Length);
        return System.Text.Encoding.ASCII.GetString(reply, 0, read);
    }

    public void Dispose() => _timer.Dispose();
}
