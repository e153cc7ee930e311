// Imitates: a binary protocol client (Modbus-TCP-like) on a socket handed in by the caller that receives the 7-byte
// MBAP header with one ReceiveAsync and ignores the count.
using System;
using System.Buffers.Binary;
using System.Net.Sockets;
using System.Threading.Tasks;

namespace Industrial.Modbus;

public sealed class ModbusReader
{
    private readonly Socket _socket;

    public ModbusReader(Socket connectedSocket) => _socket = connectedSocket;

    public async Task<byte[]> ReadResponseAsync()
    {
        var mbap = new byte[7];
        await _socket.ReceiveAsync(mbap, SocketFlags.None); // expect: CH0014
        var length = BinaryPrimitives.ReadUInt16BigEndian(mbap.AsSpan(4, 2)) - 1;
        var pdu = new byte[length];
        var received = 0;
        while (received < length)
        {
            var n = await _socket.ReceiveAsync(pdu.AsMemory(received), SocketFlags.None);
            if (n == 0) throw new System.IO.EndOfStreamException();
            received += n;
        }

        return pdu;
    }
}
