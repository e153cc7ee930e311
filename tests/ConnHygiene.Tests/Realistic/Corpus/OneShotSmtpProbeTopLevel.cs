// Imitates: a diagnostics script (top-level statements) that connects to an SMTP server once, reads the banner with
// a drain loop, says QUIT and exits (correct: one-shot program, drain loop is not long-running).
// corpus: exe
using System;
using System.Net.Sockets;
using System.Text;
using System.Threading;

var host = args.Length > 0 ? args[0] : "localhost";
using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
socket.ReceiveTimeout = 5000;
socket.Connect(host, 25);
Thread.Sleep(200);
var banner = new StringBuilder();
var buffer = new byte[512];
while (socket.Available > 0)
{
    var n = socket.Receive(buffer);
    banner.Append(Encoding.ASCII.GetString(buffer, 0, n));
}

Console.WriteLine(banner.ToString().Trim());
socket.Send(Encoding.ASCII.GetBytes("QUIT\r\n"));
