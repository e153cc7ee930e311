// Imitates: a SIP-over-TCP transport that keeps the registrar connection in a field and configures keep-alive with
// IOControl(KeepAliveValues), the Windows-era way (correct code).
using System;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Voip.Sip;

public sealed class SipTcpTransport : IDisposable
{
    private readonly Socket _socket;

    public SipTcpTransport(IPEndPoint registrar)
    {
        _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var values = new byte[12];
        BitConverter.GetBytes(1).CopyTo(values, 0);
        BitConverter.GetBytes(30000).CopyTo(values, 4);
        BitConverter.GetBytes(5000).CopyTo(values, 8);
        _socket.IOControl(IOControlCode.KeepAliveValues, values, null);
        _socket.Connect(registrar);
    }

    public void Send(string sipMessage) => _socket.Send(Encoding.UTF8.GetBytes(sipMessage));

    public void Dispose() => _socket.Dispose();
}
