using System.Buffers.Binary;
using System.Net.Sockets;

namespace Sockets;

public static class Framing
{
    public static void Configure(Socket socket)
    {
        socket.NoDelay = true;
        socket.LingerState = new LingerOption(true, 0); // expect CH0013 at socket.LingerState
    }

    public static int ReadLength(Socket socket)
    {
        var header = new byte[4];
        socket.Receive(header); // expect CH0014 at socket.Receive
        return BinaryPrimitives.ReadInt32BigEndian(header);
    }
}
