using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Framing;

/// <summary>
/// Writes length-prefixed frames (type byte, 4-byte big-endian length, payload) to a <see cref="Stream"/>. A frame that
/// fits the write buffer goes out in one write; a larger payload is sent straight from the caller's memory (on a
/// <see cref="NetworkStream"/> in one gathering send together with the header).
/// Safe for concurrent writers: frames never interleave. The writer does not own the stream.
/// </summary>
public sealed class FrameWriter : IDisposable, IAsyncDisposable
{
    private readonly Stream _stream;
    private readonly int _maxFrameSize;
    private readonly bool _needsFlush;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Socket? _socket;
    private readonly ArraySegment<byte>[] _gather = new ArraySegment<byte>[2];
    private byte[] _buffer;
    private int _count;
    private bool _faulted;
    private bool _disposed;
    private int _disposing; // set by the first Dispose/DisposeAsync: new writes fail from then on

    /// <summary>Creates a writer over <paramref name="stream"/>.</summary>
    public FrameWriter(Stream stream, FramingOptions? options = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        options ??= FramingOptions.Default;
        options.Validate();
        _maxFrameSize = options.MaxFrameSize;
        _needsFlush = !(stream is NetworkStream);
#if NET
        _socket = (stream as NetworkStream)?.Socket;
#else
        _socket = null; // NetworkStream.Socket is not public in netstandard2.0: large frames take the buffered path
#endif
        _buffer = ArrayPool<byte>.Shared.Rent(options.WriteBufferSize);
    }

    /// <summary>The largest payload accepted.</summary>
    public int MaxFrameSize => _maxFrameSize;

    /// <summary>True after a write failed or was canceled midway: the stream no longer carries valid framing.</summary>
    public bool IsFaulted => Volatile.Read(ref _faulted);

    /// <summary>Writes one frame and sends it.</summary>
    /// <exception cref="FrameTooLargeException">The payload exceeds <see cref="MaxFrameSize"/>.</exception>
    public ValueTask WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(type, correlated: false, 0, payload, flush: true, cancellationToken);

    /// <summary>
    /// Writes one frame; with <paramref name="flush"/> false it stays in the write buffer (sent when the buffer fills or
    /// on <see cref="FlushAsync"/>), so many small frames go out in one write.
    /// </summary>
    public ValueTask WriteAsync(FrameType type, ReadOnlyMemory<byte> payload, bool flush, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(type, correlated: false, 0, payload, flush, cancellationToken);

    /// <summary>Sends a heartbeat (<see cref="FrameType.Ping"/>) frame.</summary>
    public ValueTask WriteHeartbeatAsync(CancellationToken cancellationToken = default) =>
        WriteCoreAsync(FrameType.Ping, correlated: false, 0, default, flush: true, cancellationToken);

    /// <summary>Writes a frame whose payload starts with a 4-byte big-endian correlation ID.</summary>
    public ValueTask WriteCorrelatedAsync(FrameType type, int correlationId, ReadOnlyMemory<byte> body, CancellationToken cancellationToken = default) =>
        WriteCoreAsync(type, correlated: true, correlationId, body, flush: true, cancellationToken);

    /// <summary>Sends buffered frames.</summary>
#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
#endif
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        ThrowIfDisposing();
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            await SendBufferAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!(ex is ObjectDisposedException || ex is InvalidOperationException))
        {
            _faulted = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Waits for writes in flight, sends the frames still buffered (written with <c>flush: false</c>), and returns the
    /// buffer to the pool. Does not close the stream. Prefer this to <see cref="Dispose"/>.
    /// </summary>
    /// <exception cref="IOException">Sending the buffered frames failed (the writer is disposed nonetheless).</exception>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            return;
        }

        await _gate.WaitAsync().ConfigureAwait(false);
        await FinishDisposeAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Never waits. When the writer is idle with nothing buffered, returns the buffer to the pool at once. Otherwise
    /// (a write in flight, or frames written with <c>flush: false</c> not yet sent) it starts what
    /// <see cref="DisposeAsync"/> does in the background: the buffered frames are sent after the write in flight,
    /// unless the stream is closed first, and a failure to send them is lost. New writes fail at once either way.
    /// Does not close the stream.
    /// </summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposing, 1) != 0)
        {
            return;
        }

        if (_gate.Wait(0))
        {
            if (_count == 0 || _faulted)
            {
                ReleaseBufferLocked();
                _gate.Release();
                return;
            }

            _ = FinishDisposeQuietlyAsync(gateHeld: true);
            return;
        }

        _ = FinishDisposeQuietlyAsync(gateHeld: false);
    }

    private async Task FinishDisposeQuietlyAsync(bool gateHeld)
    {
        try
        {
            if (!gateHeld)
            {
                await _gate.WaitAsync().ConfigureAwait(false);
            }

            await FinishDisposeAsync().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Dispose has returned already: nobody is left to tell (documented; DisposeAsync reports it).
        }
    }

    /// <summary>Called with the gate held; sends what is buffered, then releases the buffer and the gate.</summary>
    private async ValueTask FinishDisposeAsync()
    {
        try
        {
            if (!_faulted)
            {
                await SendBufferAsync(CancellationToken.None).ConfigureAwait(false);
                if (_needsFlush)
                {
                    await _stream.FlushAsync().ConfigureAwait(false);
                }
            }
        }
        finally
        {
            ReleaseBufferLocked();
            _gate.Release();
        }
    }

    private void ReleaseBufferLocked()
    {
        if (!_disposed)
        {
            _disposed = true;
            _count = 0;
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }

#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder))]
#endif
    private async ValueTask WriteCoreAsync(FrameType type, bool correlated, int correlationId, ReadOnlyMemory<byte> body, bool flush, CancellationToken cancellationToken)
    {
        int prefix = correlated ? 4 : 0;
        long payloadLength = (long)prefix + body.Length;
        if (payloadLength > _maxFrameSize)
        {
            throw new FrameTooLargeException(payloadLength, _maxFrameSize);
        }

        ThrowIfDisposing(); // at once, not after the write in flight
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ThrowIfUnusable();
            int headerLength = Frame.HeaderSize + prefix;
            if (_count + headerLength + body.Length > _buffer.Length && _count > 0)
            {
                await SendBufferAsync(cancellationToken).ConfigureAwait(false);
            }

            Span<byte> header = _buffer.AsSpan(_count, headerLength);
            header[0] = (byte)type;
            BinaryPrimitives.WriteUInt32BigEndian(header.Slice(1), (uint)payloadLength);
            if (correlated)
            {
                BinaryPrimitives.WriteInt32BigEndian(header.Slice(Frame.HeaderSize), correlationId);
            }

            _count += headerLength;
            if (_count + body.Length <= _buffer.Length)
            {
                body.Span.CopyTo(_buffer.AsSpan(_count));
                _count += body.Length;
                if (flush)
                {
                    await SendBufferAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            else if (_socket != null && MemoryMarshal.TryGetArray(body, out ArraySegment<byte> payloadSegment))
            {
                // One gathering send of buffer (header) + payload: no tiny header packet, no copy of the payload.
                _gather[0] = new ArraySegment<byte>(_buffer, 0, _count);
                _gather[1] = payloadSegment;
                _count = 0;
                try
                {
                    await _socket.SendAsync(_gather, SocketFlags.None).ConfigureAwait(false);
                }
                finally
                {
                    _gather[0] = _gather[1] = default;
                }
            }
            else
            {
                // Fill the buffer with the start of the payload so the header never goes out alone.
                int head = _buffer.Length - _count;
                body.Span.Slice(0, head).CopyTo(_buffer.AsSpan(_count));
                _count += head;
                await SendBufferAsync(cancellationToken).ConfigureAwait(false);
                await WriteToStreamAsync(body.Slice(head), cancellationToken).ConfigureAwait(false);
            }

            if (flush && _needsFlush)
            {
                await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (!(ex is ObjectDisposedException || ex is InvalidOperationException))
        {
            // A frame may be half written: the stream no longer carries valid framing.
            _faulted = true;
            throw;
        }
        finally
        {
            _gate.Release();
        }
    }

    private void ThrowIfDisposing()
    {
        if (Volatile.Read(ref _disposing) != 0)
        {
            throw new ObjectDisposedException(nameof(FrameWriter));
        }
    }

    private void ThrowIfUnusable()
    {
        ThrowIfDisposing();

        if (_faulted)
        {
            throw new InvalidOperationException("The frame writer is unusable after an earlier write failed or was canceled inside a frame.");
        }
    }

    private ValueTask SendBufferAsync(CancellationToken cancellationToken)
    {
        int count = _count;
        if (count == 0)
        {
            return default;
        }

        _count = 0;
        return WriteToStreamAsync(new ReadOnlyMemory<byte>(_buffer, 0, count), cancellationToken);
    }

    private ValueTask WriteToStreamAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
#if NET
        return _stream.WriteAsync(data, cancellationToken);
#else
        if (MemoryMarshal.TryGetArray(data, out ArraySegment<byte> segment))
        {
            return new ValueTask(_stream.WriteAsync(segment.Array!, segment.Offset, segment.Count, cancellationToken));
        }

        return new ValueTask(WriteCopyAsync(data, cancellationToken));
#endif
    }

#if !NET
    private async Task WriteCopyAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        byte[] copy = ArrayPool<byte>.Shared.Rent(data.Length);
        try
        {
            data.CopyTo(copy);
            await _stream.WriteAsync(copy, 0, data.Length, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(copy);
        }
    }
#endif
}
