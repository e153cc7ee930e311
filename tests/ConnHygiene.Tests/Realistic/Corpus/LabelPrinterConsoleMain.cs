// Imitates: a console utility that sends one print job (a file) to a network printer's raw port and exits
// (correct: a one-shot program; the socket is used once).
using System;
using System.IO;
using System.Net.Sockets;

namespace RawPrint;

public static class Program
{
    public static int Main(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: rawprint <printer-host> <file>");
            return 2;
        }

        var job = File.ReadAllBytes(args[1]);
        using (var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            socket.Connect(args[0], 9100);
            socket.Send(job);
            socket.Shutdown(SocketShutdown.Send);
        }

        Console.WriteLine($"Sent {job.Length} bytes to {args[0]}");
        return 0;
    }
}
