// Imitates: a console chat client: Main connects once and then reads server lines in an endless loop with no
// keep-alive (not one-shot: the connection lives for the whole session, and a dead peer is never noticed).
using System;
using System.IO;
using System.Net.Sockets;

namespace Chat.ConsoleApp;

internal static class Program
{
    private static void Main(string[] args)
    {
        var client = new TcpClient(); // expect: CH0012
        client.Connect(args.Length > 0 ? args[0] : "localhost", 7777);
        var reader = new StreamReader(client.GetStream());
        while (true)
        {
            var line = reader.ReadLine();
            if (line is null) break;
            Console.WriteLine(line);
        }
    }
}
