// Imitates: a game-server packet decoder that reads typed fields with BinaryReader over a NetworkStream (ReadInt32,
// ReadBytes loop for you) (correct code).
using System.IO;
using System.Net.Sockets;
using System.Text;

namespace Game.Net;

public sealed record Packet(short Opcode, string Player, byte[] Body);

public static class PacketDecoder
{
    public static Packet Read(NetworkStream stream)
    {
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var opcode = reader.ReadInt16();
        var player = reader.ReadString();
        var length = reader.ReadInt32();
        var body = reader.ReadBytes(length);
        if (body.Length != length) throw new EndOfStreamException();
        return new Packet(opcode, player, body);
    }
}
