using System.Collections.Immutable;

namespace ConnHygiene.Benchmarks.Generation;

/// <summary>Socket code: connect/close per call and in loops, long-lived sockets, reads that ignore counts, and the correct shapes.</summary>
internal static class SocketCode
{
    public const int TemplateCount = 6;

    private const string Usings = """
        using System;
        using System.Buffers.Binary;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;
        """;

    /// <summary>The source of template <paramref name="template"/>, and the rule IDs of the mistakes it plants.</summary>
    public static (string Text, ImmutableArray<string> Planted) Create(int template, int i, string ns) => template switch
    {
        0 => (ConnectPerCall(i, ns), ImmutableArray.Create("CH0010")),
        1 => (ConnectInLoop(i, ns), ImmutableArray.Create("CH0011")),
        2 => (LongLivedField(i, ns), ImmutableArray.Create("CH0012")),
        3 => (InexactReads(i, ns), ImmutableArray.Create("CH0014", "CH0014")),
        4 => (AbortiveClose(i, ns), ImmutableArray.Create("CH0013")),
        _ => (KeepAliveSession(i, ns), ImmutableArray<string>.Empty),
    };

    private static string ConnectPerCall(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Telemetry{{i}}Sender
        {
            private readonly string _host;
            private readonly int _port;

            public Telemetry{{i}}Sender(string host, int port)
            {
                _host = host;
                _port = port;
            }

            public async Task SendAsync(byte[] payload, CancellationToken cancellationToken)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(_host, _port, cancellationToken).ConfigureAwait(false);
                var stream = client.GetStream();
                await stream.WriteAsync(payload, cancellationToken).ConfigureAwait(false);
                client.Close();
            }
        }
        """;

    private static string ConnectInLoop(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Broadcast{{i}}
        {
            public static int SendToAll(IReadOnlyList<IPEndPoint> endpoints, byte[] heartbeat, int attempts)
            {
                var reachable = 0;
                for (var attempt = 0; attempt < attempts; attempt++)
                {
                    foreach (var endpoint in endpoints)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        try
                        {
                            socket.Connect(endpoint);
                            socket.Send(heartbeat);
                            reachable++;
                        }
                        catch (SocketException)
                        {
                        }
                        finally
                        {
                            socket.Close();
                        }
                    }
                }

                return reachable;
            }
        }
        """;

    private static string LongLivedField(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Feed{{i}}Connection : IDisposable
        {
            private readonly TcpClient _client = new TcpClient();

            public void Open(string host, int port) => _client.Connect(host, port);

            public async Task<int> PumpAsync(Memory<byte> buffer, CancellationToken cancellationToken)
            {
                var total = 0;
                var stream = _client.GetStream();
                while (!cancellationToken.IsCancellationRequested)
                {
                    var read = await stream.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
                    if (read == 0)
                    {
                        break;
                    }

                    total += read;
                }

                return total;
            }

            public void Dispose() => _client.Dispose();
        }
        """;

    private static string InexactReads(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public static class Frame{{i}}Reader
        {
            public static async Task<byte[]> ReadMessageAsync(NetworkStream stream, CancellationToken cancellationToken)
            {
                var header = new byte[4];
                await stream.ReadAsync(header, 0, header.Length, cancellationToken).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length < 0 || length > 1 << 20)
                {
                    throw new InvalidDataException("Bad frame length " + length + ".");
                }

                var payload = new byte[length];
                var read = stream.Read(payload, 0, length);
                return payload.AsSpan(0, read).ToArray();
            }
        }
        """;

    private static string AbortiveClose(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Push{{i}}Channel : IDisposable
        {
            private readonly Socket _socket;

            public Push{{i}}Channel(Socket socket)
            {
                _socket = socket;
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _socket.LingerState = new LingerOption(true, 0);
            }

            public int Send(ReadOnlySpan<byte> data) => _socket.Send(data);

            public void Dispose() => _socket.Dispose();
        }
        """;

    private static string KeepAliveSession(int i, string ns) => $$"""
        {{Usings}}

        namespace {{ns}};

        public sealed class Session{{i}} : IAsyncDisposable
        {
            private readonly Socket _socket;
            private readonly NetworkStream _stream;

            public Session{{i}}(Socket socket)
            {
                _socket = socket;
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                _stream = new NetworkStream(_socket, ownsSocket: false);
            }

            public async Task<byte[]> ReceiveFrameAsync(CancellationToken cancellationToken)
            {
                var header = new byte[4];
                await _stream.ReadExactlyAsync(header, cancellationToken).ConfigureAwait(false);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length < 0 || length > 1 << 20)
                {
                    throw new InvalidDataException("Bad frame length " + length + ".");
                }

                var payload = new byte[length];
                await _stream.ReadExactlyAsync(payload, cancellationToken).ConfigureAwait(false);
                return payload;
            }

            public async ValueTask DisposeAsync()
            {
                await _stream.DisposeAsync().ConfigureAwait(false);
                _socket.Dispose();
            }
        }
        """;
}
