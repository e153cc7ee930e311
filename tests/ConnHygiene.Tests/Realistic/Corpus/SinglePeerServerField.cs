// Imitates: a device simulator / test-bench server that accepts exactly one controller connection, keeps it in a
// field and serves commands from it for the life of the process, with no keep-alive. It listens on loopback only, so
// its peer is on the same machine: when the peer's process dies the kernel closes the connection, and there is no
// cable, NAT or firewall to lose it silently (relabelled correct with CH0012's loopback exclusion, issue 8 scan).
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
        _controller = await _listener.AcceptTcpClientAsync(cancellationToken);
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
