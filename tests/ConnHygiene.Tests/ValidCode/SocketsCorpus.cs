namespace ConnHygiene.Tests.ValidCode;

/// <summary>Correct socket code: long-lived connections with keep-alive, connect once per batch, exact reads, framed writes, a server accept loop.</summary>
internal static class SocketsCorpus
{
    public static CorpusProject Project => new("sockets", new[]
    {
        ("/0/Sockets/LongLivedConnection.cs", LongLivedConnection),
        ("/0/Sockets/Batches.cs", Batches),
        ("/0/Sockets/Framing.cs", Framing),
        ("/0/Sockets/Server.cs", Server),
    });

    private const string LongLivedConnection = """
        using System;
        using System.Buffers.Binary;
        using System.Net.Sockets;

        namespace Corpus.Sockets;

        /// <summary>A connection kept in a field, with TCP keep-alive so a dead peer is noticed.</summary>
        public sealed class TelemetryConnection : IDisposable
        {
            private readonly TcpClient _client;

            public TelemetryConnection(string host, int port)
            {
                _client = new TcpClient();
                _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                _client.LingerState = new LingerOption(true, 5);
                _client.NoDelay = true;
                _client.Connect(host, port);
            }

            /// <summary>Length-prefixed: a 4-byte big-endian length, then the payload.</summary>
            public void Send(ReadOnlySpan<byte> payload)
            {
                Span<byte> header = stackalloc byte[4];
                BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
                var stream = _client.GetStream();
                stream.Write(header);
                stream.Write(payload);
            }

            public void Dispose() => _client.Dispose();
        }

        public sealed class RawSocketConnection : IDisposable
        {
            private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

            public RawSocketConnection()
            {
                _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                _socket.LingerState = new LingerOption(false, 0);
            }

            public void Dispose() => _socket.Dispose();
        }
        """;

    private const string Batches = """
        using System;
        using System.Buffers.Binary;
        using System.Collections.Generic;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Sockets;

        public interface IConnectionLease : IAsyncDisposable
        {
            Stream Stream { get; }
        }

        public interface IConnectionSource
        {
            ValueTask<IConnectionLease> RentAsync(CancellationToken cancellationToken);
        }

        public sealed class BatchSender(IConnectionSource pool)
        {
            /// <summary>One connection rented from the pool, reused for the whole batch.</summary>
            public async Task SendAllAsync(IReadOnlyList<byte[]> payloads, CancellationToken cancellationToken)
            {
                await using var lease = await pool.RentAsync(cancellationToken);
                var header = new byte[4];
                foreach (var payload in payloads)
                {
                    BinaryPrimitives.WriteInt32BigEndian(header, payload.Length);
                    await lease.Stream.WriteAsync(header, cancellationToken);
                    await lease.Stream.WriteAsync(payload, cancellationToken);
                }
            }
        }

        public static class Batch
        {
            /// <summary>Connect once before the loop, close after it.</summary>
            public static async Task<int> SendAsync(IPEndPoint endPoint, IReadOnlyList<byte[]> messages, CancellationToken cancellationToken)
            {
                using var client = new TcpClient();
                await client.ConnectAsync(endPoint, cancellationToken);
                var stream = client.GetStream();
                var header = new byte[4];
                var ack = new byte[1];
                var acknowledged = 0;
                foreach (var message in messages)
                {
                    BinaryPrimitives.WriteInt32BigEndian(header, message.Length);
                    await stream.WriteAsync(header, cancellationToken);
                    await stream.WriteAsync(message, cancellationToken);
                    await stream.ReadExactlyAsync(ack, cancellationToken);
                    acknowledged += ack[0];
                }

                client.Client.Shutdown(SocketShutdown.Both);
                return acknowledged;
            }

            public static int ReceiveAll(Socket socket, byte[] buffer, int count)
            {
                var read = 0;
                while (read < count)
                {
                    var received = socket.Receive(buffer, read, count - read, SocketFlags.None);
                    if (received == 0)
                    {
                        throw new EndOfStreamException($"The peer closed the connection after {read} of {count} bytes.");
                    }

                    read += received;
                }

                return read;
            }
        }
        """;

    private const string Framing = """
        using System;
        using System.Buffers.Binary;
        using System.IO;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Sockets;

        public static class Frames
        {
            private const int MaxFrameSize = 1 << 20;

            public static byte[] Read(Stream stream)
            {
                Span<byte> header = stackalloc byte[4];
                stream.ReadExactly(header);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length < 0 || length > MaxFrameSize)
                {
                    throw new InvalidDataException($"Frame length {length} is outside 0..{MaxFrameSize}.");
                }

                var payload = new byte[length];
                stream.ReadExactly(payload);
                return payload;
            }

            public static async Task<byte[]> ReadAsync(Stream stream, CancellationToken cancellationToken)
            {
                var header = new byte[4];
                await stream.ReadExactlyAsync(header, cancellationToken);
                var length = BinaryPrimitives.ReadInt32BigEndian(header);
                if (length < 0 || length > MaxFrameSize)
                {
                    throw new InvalidDataException($"Frame length {length} is outside 0..{MaxFrameSize}.");
                }

                var payload = new byte[length];
                await stream.ReadExactlyAsync(payload, cancellationToken);
                return payload;
            }

            /// <summary>The classic fill loop, for frameworks without ReadExactly.</summary>
            public static void Fill(Stream stream, byte[] buffer, int count)
            {
                var read = 0;
                while (read < count)
                {
                    var r = stream.Read(buffer, read, count - read);
                    if (r == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    read += r;
                }
            }

            /// <summary>Copying to the end uses every count it reads.</summary>
            public static long CopyToEnd(Stream source, Stream destination)
            {
                var buffer = new byte[81920];
                long total = 0;
                int read;
                while ((read = source.Read(buffer, 0, buffer.Length)) > 0)
                {
                    destination.Write(buffer, 0, read);
                    total += read;
                }

                return total;
            }
        }
        """;

    private const string Server = """
        using System;
        using System.Buffers.Binary;
        using System.IO;
        using System.Net;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        namespace Corpus.Sockets;

        /// <summary>A loopback echo server: an accept loop, one task per connection, framed echo.</summary>
        public sealed class EchoServer : IDisposable
        {
            private readonly TcpListener _listener = new(IPAddress.Loopback, 0);

            public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

            public async Task RunAsync(CancellationToken cancellationToken)
            {
                _listener.Start();
                while (!cancellationToken.IsCancellationRequested)
                {
                    var client = await _listener.AcceptTcpClientAsync(cancellationToken);
                    _ = HandleAsync(client, cancellationToken);
                }
            }

            private static async Task HandleAsync(TcpClient client, CancellationToken cancellationToken)
            {
                using (client)
                {
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    var stream = client.GetStream();
                    var header = new byte[4];
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        try
                        {
                            await stream.ReadExactlyAsync(header, cancellationToken);
                        }
                        catch (EndOfStreamException)
                        {
                            return;
                        }

                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        if (length < 0 || length > 1 << 20)
                        {
                            return;
                        }

                        var payload = new byte[length];
                        await stream.ReadExactlyAsync(payload, cancellationToken);
                        await stream.WriteAsync(header, cancellationToken);
                        await stream.WriteAsync(payload, cancellationToken);
                    }
                }
            }

            public void Dispose() => _listener.Stop();
        }
        """;
}
