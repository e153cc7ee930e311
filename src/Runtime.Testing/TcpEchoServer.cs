using System;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Testing;

/// <summary>A loopback TCP echo server: every byte received is sent back.</summary>
public sealed class TcpEchoServer : LoopbackServer
{
    private TcpEchoServer(LoopbackServerOptions? options)
        : base(options)
    {
    }

    /// <summary>Starts a server on 127.0.0.1 (port 0 unless the options say otherwise).</summary>
    public static TcpEchoServer Start(LoopbackServerOptions? options = null) => new(options);

    private protected override async Task ServeAsync(ServerConnection connection, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[16 * 1024];
        while (true)
        {
            int read = await connection.Stream.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0 || ChaosReset(connection))
            {
                return;
            }

            connection.Touch();
            await connection.Stream.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
            connection.Touch();
        }
    }
}
