// Imitates: a home-automation client that sends JSON commands with Socket.Send on a long-lived socket (keep-alive
// on), back to back, with no delimiter or length prefix.
// corpus: enable CH0015
using System;
using System.Net.Sockets;
using System.Text;

namespace Home.Automation;

public sealed class HubLink : IDisposable
{
    private readonly Socket _socket;

    public HubLink(Socket connected)
    {
        _socket = connected;
    }

    public void Switch(string device, bool on)
    {
        var json = $"{{\"device\":\"{device}\",\"on\":{(on ? "true" : "false")}}}";
        _socket.Send(Encoding.UTF8.GetBytes(json)); // expect: CH0015
    }

    public void Dispose() => _socket.Dispose();
}
