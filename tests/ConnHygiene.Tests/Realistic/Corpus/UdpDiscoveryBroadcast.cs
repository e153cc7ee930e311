// Imitates: LAN device discovery (SSDP-like): a UDP socket per search, broadcast and collect replies for a while
// (correct: UDP holds no connection and leaves no TIME_WAIT).
using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading.Tasks;

namespace Devices.Discovery;

public sealed class DeviceFinder
{
    public async Task<IReadOnlyList<IPEndPoint>> FindAsync(TimeSpan window)
    {
        var found = new List<IPEndPoint>();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.EnableBroadcast = true;
        var probe = Encoding.ASCII.GetBytes("M-SEARCH * HTTP/1.1\r\nST: ssdp:all\r\n\r\n");
        await socket.SendToAsync(probe, SocketFlags.None, new IPEndPoint(IPAddress.Broadcast, 1900));

        using var udp = new UdpClient();
        var deadline = DateTime.UtcNow + window;
        var buffer = new byte[2048];
        while (DateTime.UtcNow < deadline && socket.Available > 0)
        {
            EndPoint from = new IPEndPoint(IPAddress.Any, 0);
            socket.ReceiveFrom(buffer, ref from);
            if (from is IPEndPoint endPoint) found.Add(endPoint);
        }

        return found;
    }
}
