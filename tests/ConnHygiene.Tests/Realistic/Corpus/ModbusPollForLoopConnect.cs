// Imitates: a Modbus/PLC poller that reads N registers by connecting, asking and closing once per register inside a
// for loop.
using System.Net.Sockets;

namespace Plant.Modbus;

public sealed class RegisterPoller
{
    public int[] ReadRegisters(string host, int count)
    {
        var values = new int[count];
        for (var register = 0; register < count; register++)
        {
            var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp); // expect: CH0011
            socket.Connect(host, 502);
            socket.Send(new byte[] { 0, 1, 0, 0, 0, 6, 1, 3, 0, (byte)register, 0, 1 });
            var reply = new byte[11];
            var received = 0;
            while (received < reply.Length)
            {
                var n = socket.Receive(reply, received, reply.Length - received, SocketFlags.None);
                if (n == 0) break;
                received += n;
            }

            values[register] = (reply[9] << 8) | reply[10];
            socket.Close();
        }

        return values;
    }
}
