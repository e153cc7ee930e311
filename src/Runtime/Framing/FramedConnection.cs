using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Text;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Framing;

/// <summary>
/// A framed, multiplexed connection over a stream: requests carry correlation IDs so many can be in flight at once;
/// one-way data frames; heartbeats (<see cref="FrameType.Ping"/>) when nothing arrives for
/// <see cref="FramingOptions.HeartbeatInterval"/>, and the peer declared dead after
/// <see cref="FramingOptions.MaxMissedHeartbeats"/> unanswered ones. Once dead or closed, <see cref="IsAlive"/> is false
/// (a <see cref="ConnectionPool{T}"/> validating with it destroys the connection) and every pending request fails.
/// The connection owns the stream.
/// </summary>
public sealed class FramedConnection : IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly FrameReader _reader;
    private readonly FrameWriter _writer;
    private readonly FramingOptions _options;
    private readonly Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? _requestHandler;
    private readonly Dictionary<int, TaskCompletionSource<byte[]>> _pending = new();
    private readonly Channel<byte[]> _received;
    private readonly CancellationTokenSource _closing = new();
    private readonly TaskCompletionSource<bool> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ITimer? _heartbeatTimer;
    private readonly Task _receiveLoop;
    private int _nextId;
    private int _receivedSinceTick;
    private int _unansweredHeartbeats;
    private long _framesReceived;
    private long _heartbeatsSent;
    private Exception? _failure;
    private int _closed;

    /// <summary>
    /// Starts a framed connection over <paramref name="stream"/> (which it owns). <paramref name="requestHandler"/>,
    /// when given, answers the peer's requests.
    /// </summary>
    public FramedConnection(Stream stream, FramingOptions? options = null, Func<ReadOnlyMemory<byte>, CancellationToken, ValueTask<ReadOnlyMemory<byte>>>? requestHandler = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _options = options ?? FramingOptions.Default;
        _options.Validate();
        _requestHandler = requestHandler;
        _reader = new FrameReader(stream, _options);
        _writer = new FrameWriter(stream, _options);
        _received = Channel.CreateBounded<byte[]>(new BoundedChannelOptions(_options.ReceiveQueueCapacity) { SingleWriter = true });
        if (_options.HeartbeatsEnabled)
        {
            var weak = new WeakReference<FramedConnection>(this);
            _heartbeatTimer = new Internal.TimeSource(_options.TimeProvider).Provider.CreateTimer(OnHeartbeatTimer, weak, _options.HeartbeatInterval, _options.HeartbeatInterval);
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync);
    }

    /// <summary>Connects a TCP socket (NoDelay, TCP keep-alive) to <paramref name="endPoint"/> and starts a framed connection on it.</summary>
    public static async ValueTask<FramedConnection> ConnectAsync(EndPoint endPoint, FramingOptions? options = null, TcpConnectionPoolOptions? socketOptions = null, CancellationToken cancellationToken = default)
    {
        TcpConnection tcp = await TcpConnection.ConnectAsync(endPoint, socketOptions ?? new TcpConnectionPoolOptions(), cancellationToken).ConfigureAwait(false);
        return new FramedConnection(tcp.Stream, options);
    }

    /// <summary>A validator for <see cref="ConnectionPoolOptions{T}.Validate"/>: a dead or closed connection is destroyed by the pool.</summary>
    public static Func<FramedConnection, CancellationToken, ValueTask<bool>> Validator { get; } = static (c, _) => new ValueTask<bool>(c.IsAlive);

    /// <summary>False once the connection closed, failed or the peer was declared dead.</summary>
    public bool IsAlive => Volatile.Read(ref _closed) == 0;

    /// <summary>Completes when the connection ends: faulted with the reason when it failed or the peer was declared dead.</summary>
    public Task Completion => _completion.Task;

    /// <summary>Requests waiting for their response.</summary>
    public int PendingRequests
    {
        get
        {
            lock (_pending)
            {
                return _pending.Count;
            }
        }
    }

    /// <summary>Heartbeats sent so far.</summary>
    public long HeartbeatsSent => Interlocked.Read(ref _heartbeatsSent);

    /// <summary>Frames of any type (heartbeat answers included) received so far.</summary>
    public long FramesReceived => Interlocked.Read(ref _framesReceived);

    /// <summary>Sends a request and waits for the response with the same correlation ID; other requests may be in flight meanwhile.</summary>
    /// <exception cref="IOException">The connection failed or closed before the response arrived.</exception>
    public async ValueTask<byte[]> RequestAsync(ReadOnlyMemory<byte> request, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        var response = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        int id;
        lock (_pending)
        {
            do
            {
                id = ++_nextId;
            }
            while (_pending.ContainsKey(id));
            _pending.Add(id, response);
        }

        if (Volatile.Read(ref _closed) != 0)
        {
            // Closed between the check and the registration: FailAll may have run already.
            RemovePending(id);
            ThrowIfClosed();
        }

        using (cancellationToken.Register(() =>
        {
            if (RemovePending(id))
            {
                response.TrySetCanceled(cancellationToken);
            }
        }))
        {
            try
            {
                await _writer.WriteCorrelatedAsync(FrameType.Request, id, request, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                RemovePending(id);
                if (ex is OperationCanceledException)
                {
                    if (_writer.IsFaulted)
                    {
                        Fail(new IOException("A request write was canceled midway; the connection was closed.", ex));
                    }

                    throw;
                }

                Fail(ex);
                throw new IOException("Sending the request failed; the connection was closed.", ex);
            }

            return await response.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Sends a one-way <see cref="FrameType.Data"/> frame.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default)
    {
        ThrowIfClosed();
        try
        {
            await _writer.WriteAsync(FrameType.Data, payload, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is FrameTooLargeException) && !(ex is OperationCanceledException && !_writer.IsFaulted))
        {
            Fail(ex);
            throw;
        }
    }

    /// <summary>Receives the next one-way data frame; null once the connection has closed cleanly.</summary>
    public async ValueTask<byte[]?> ReceiveAsync(CancellationToken cancellationToken = default)
    {
        while (await _received.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (_received.Reader.TryRead(out byte[]? payload))
            {
                return payload;
            }
        }

        return null;
    }

    /// <summary>Closes the connection: pending requests fail, the stream is disposed.</summary>
    public async ValueTask DisposeAsync()
    {
        Fail(null);
        try
        {
            await _receiveLoop.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The loop reports through Completion.
        }

        _reader.Dispose();
        _writer.Dispose();
        _closing.Dispose();
    }

    private bool RemovePending(int id)
    {
        lock (_pending)
        {
            return _pending.Remove(id);
        }
    }

    private void ThrowIfClosed()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            throw _failure is PeerUnresponsiveException dead
                ? new PeerUnresponsiveException(dead.Message)
                : new IOException("The framed connection is closed.", _failure);
        }
    }

    private async Task ReceiveLoopAsync()
    {
        try
        {
            while (true)
            {
                Frame? next = await _reader.ReadAsync(_closing.Token).ConfigureAwait(false);
                if (next is not Frame frame)
                {
                    Fail(new EndOfStreamException("The peer closed the connection."));
                    return;
                }

                Volatile.Write(ref _receivedSinceTick, 1);
                Interlocked.Increment(ref _framesReceived);
                switch (frame.Type)
                {
                    case FrameType.Response:
                    case FrameType.Error:
                        CompleteRequest(frame);
                        break;
                    case FrameType.Request:
                        _ = AnswerRequestAsync(ReadCorrelationId(frame), frame.Payload.Slice(4).ToArray());
                        break;
                    case FrameType.Data:
                        await _received.Writer.WriteAsync(frame.Payload.ToArray(), _closing.Token).ConfigureAwait(false);
                        break;
                    case FrameType.Ping:
                        await _writer.WriteAsync(FrameType.Pong, default, _closing.Token).ConfigureAwait(false);
                        break;
                    case FrameType.Pong:
                        break;
                    default:
                        throw new InvalidFrameException($"Unknown frame type {(byte)frame.Type} on a framed connection.");
                }
            }
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private static int ReadCorrelationId(Frame frame)
    {
        if (frame.Payload.Length < 4)
        {
            throw new InvalidFrameException($"A {frame.Type} frame of {frame.Payload.Length} bytes has no correlation ID.");
        }

        return BinaryPrimitives.ReadInt32BigEndian(frame.Payload.Span);
    }

    private void CompleteRequest(Frame frame)
    {
        int id = ReadCorrelationId(frame);
        TaskCompletionSource<byte[]>? response;
        lock (_pending)
        {
            if (_pending.TryGetValue(id, out response))
            {
                _pending.Remove(id);
            }
        }

        if (response == null)
        {
            return; // the request was canceled; a late response is dropped
        }

        ReadOnlyMemory<byte> body = frame.Payload.Slice(4);
        if (frame.Type == FrameType.Response)
        {
            response.TrySetResult(body.ToArray());
        }
        else
        {
            response.TrySetException(new IOException("The peer failed the request: " + Encoding.UTF8.GetString(body.ToArray())));
        }
    }

    private async Task AnswerRequestAsync(int id, byte[] request)
    {
        try
        {
            if (_requestHandler == null)
            {
                await _writer.WriteCorrelatedAsync(FrameType.Error, id, Encoding.UTF8.GetBytes("No request handler."), _closing.Token).ConfigureAwait(false);
                return;
            }

            ReadOnlyMemory<byte> response;
            try
            {
                response = await _requestHandler(request, _closing.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (!_closing.IsCancellationRequested)
            {
                await _writer.WriteCorrelatedAsync(FrameType.Error, id, Encoding.UTF8.GetBytes(ex.Message), _closing.Token).ConfigureAwait(false);
                return;
            }

            await _writer.WriteCorrelatedAsync(FrameType.Response, id, response, _closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    private static void OnHeartbeatTimer(object? state)
    {
        if (state is WeakReference<FramedConnection> weak && weak.TryGetTarget(out FramedConnection? connection))
        {
            connection.OnHeartbeatTick();
        }
    }

    private bool OnHeartbeatTick()
    {
        if (Volatile.Read(ref _closed) != 0)
        {
            return false;
        }

        if (Interlocked.Exchange(ref _receivedSinceTick, 0) == 1)
        {
            Volatile.Write(ref _unansweredHeartbeats, 0);
            return true;
        }

        int missed = Volatile.Read(ref _unansweredHeartbeats);
        if (missed >= _options.MaxMissedHeartbeats)
        {
            Fail(new PeerUnresponsiveException(
                $"The peer was declared dead: {missed} heartbeats sent {_options.HeartbeatInterval.TotalMilliseconds:0} ms apart went unanswered (MaxMissedHeartbeats={_options.MaxMissedHeartbeats})."));
            return false;
        }

        Volatile.Write(ref _unansweredHeartbeats, missed + 1);
        Interlocked.Increment(ref _heartbeatsSent);
        _ = SendHeartbeatAsync();
        return true;
    }

    private async Task SendHeartbeatAsync()
    {
        try
        {
            await _writer.WriteHeartbeatAsync(_closing.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            Fail(ex);
        }
    }

    /// <summary>Ends the connection once: records the reason, fails pending requests, closes the stream.</summary>
    private void Fail(Exception? reason)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0)
        {
            return;
        }

        _failure = reason;
        _heartbeatTimer?.Dispose();
        try
        {
            _closing.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }

        List<TaskCompletionSource<byte[]>> pending;
        lock (_pending)
        {
            pending = new List<TaskCompletionSource<byte[]>>(_pending.Values);
            _pending.Clear();
        }

        foreach (TaskCompletionSource<byte[]> response in pending)
        {
            response.TrySetException(reason is PeerUnresponsiveException dead
                ? new PeerUnresponsiveException(dead.Message)
                : new IOException("The framed connection closed before the response arrived.", reason));
        }

        _received.Writer.TryComplete(reason is null || reason is EndOfStreamException ? null : reason);
        _stream.Dispose();
        if (reason == null || reason is EndOfStreamException)
        {
            _completion.TrySetResult(true);
        }
        else
        {
            _completion.TrySetException(reason);
        }
    }
}
