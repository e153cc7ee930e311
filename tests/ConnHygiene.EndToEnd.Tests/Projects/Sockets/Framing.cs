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

    // The SDK's CA2022 (on by default for net10.0) reports this dropped Stream.Read; CH0014 leaves it to CA2022, which it can
    // tell only through the build properties the package's build/ConnHygiene.props makes visible.
    public static short ReadKind(NetworkStream stream)
    {
        var kind = new byte[2];
        stream.Read(kind, 0, kind.Length);
        return BinaryPrimitives.ReadInt16BigEndian(kind);
    }
}
