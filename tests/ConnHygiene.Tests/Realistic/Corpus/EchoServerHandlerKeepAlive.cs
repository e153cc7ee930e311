// Imitates: a line-based TCP server (TcpListener accept loop, one task per client) that turns keep-alive on for each
// accepted socket before reading from it (correct code).
using System;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;

namespace Lines.Server;

public sealed class LineServer
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 9000);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        _listener.Start();
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                _ = HandleAsync(client, cancellationToken);
            }
        }
        finally
        {
            _listener.Stop();
        }
    }

    private static async Task HandleAsync(TcpClient client, CancellationToken cancellationToken)
    {
        client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
        using (client)
        {
            var stream = client.GetStream();
            using var reader = new StreamReader(stream);
            using var writer = new StreamWriter(stream) { AutoFlush = true };
            string? line;
            while ((line = await reader.ReadLineAsync(cancellationToken)) is not null)
            {
                await writer.WriteLineAsync(line.ToUpperInvariant());
            }
        }
    }
}
