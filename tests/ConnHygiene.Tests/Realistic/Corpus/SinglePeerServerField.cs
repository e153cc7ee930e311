// Imitates: a device simulator / test-bench server that accepts exactly one controller connection, keeps it in a
// field and serves commands from it for the life of the process, with no keep-alive (a vanished peer is never seen).
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Bench.Simulator;

public sealed class DeviceSimulator
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 5025);
    private TcpClient? _controller;

    public async Task ServeAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        _controller = await _listener.AcceptTcpClientAsync(cancellationToken); // expect: CH0012
        using var reader = new StreamReader(_controller.GetStream());
        using var writer = new StreamWriter(_controller.GetStream()) { AutoFlush = true };
        while (!cancellationToken.IsCancellationRequested)
        {
            var command = await reader.ReadLineAsync(cancellationToken);
            if (command is null) break;
            await writer.WriteLineAsync(command == "*IDN?" ? "SIM,1.0" : "OK");
        }
    }
}
