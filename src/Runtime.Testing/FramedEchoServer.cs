using System;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Framing;

namespace ConnHygiene.Runtime.Testing;

/// <summary>
/// A loopback framed echo server: a <see cref="FrameType.Request"/> is answered by a <see cref="FrameType.Response"/>
/// with the same correlation ID and body, a <see cref="FrameType.Data"/> frame is echoed, a
/// <see cref="FrameType.Ping"/> is answered with <see cref="FrameType.Pong"/> unless
/// <see cref="LoopbackServer.AnswerHeartbeats"/> is off.
/// </summary>
public sealed class FramedEchoServer : LoopbackServer
{
    private static readonly FramingOptions s_framing = new() { MaxFrameSize = 16 * 1024 * 1024, ReadBufferSize = 64 * 1024, WriteBufferSize = 64 * 1024 };
    private long _pings;

    private FramedEchoServer(LoopbackServerOptions? options)
        : base(options)
    {
    }

    /// <summary>Heartbeats received.</summary>
    public long PingsReceived => Interlocked.Read(ref _pings);

    /// <summary>Starts a server on 127.0.0.1 (port 0 unless the options say otherwise).</summary>
    public static FramedEchoServer Start(LoopbackServerOptions? options = null) => new(options);

    private protected override async Task ServeAsync(ServerConnection connection, CancellationToken cancellationToken)
    {
        using var reader = new FrameReader(connection.Stream, s_framing);
        using var writer = new FrameWriter(connection.Stream, s_framing);
        while (true)
        {
            Frame? next = await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            if (next is not Frame frame || ChaosReset(connection))
            {
                return;
            }

            connection.Touch();
            switch (frame.Type)
            {
                case FrameType.Ping:
                    Interlocked.Increment(ref _pings);
                    if (AnswerHeartbeats)
                    {
                        await writer.WriteAsync(FrameType.Pong, default, cancellationToken).ConfigureAwait(false);
                    }

                    break;
                case FrameType.Request:
                    // The payload already starts with the correlation ID: echo it as the response.
                    await writer.WriteAsync(FrameType.Response, frame.Payload, cancellationToken).ConfigureAwait(false);
                    break;
                case FrameType.Pong:
                    break;
                default:
                    await writer.WriteAsync(frame.Type, frame.Payload, cancellationToken).ConfigureAwait(false);
                    break;
            }

            connection.Touch();
        }
    }
}
