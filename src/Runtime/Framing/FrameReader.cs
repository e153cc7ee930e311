using System;
using System.Buffers;
using System.Buffers.Binary;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Framing;

/// <summary>
/// Reads length-prefixed frames (type byte, 4-byte big-endian length, payload) from a <see cref="Stream"/>.
/// The length is checked against <see cref="FramingOptions.MaxFrameSize"/> before anything is allocated for the
/// payload; a header split over several reads is reassembled; a frame cut short is an <see cref="EndOfStreamException"/>;
/// a frame that starts but does not complete within <see cref="FramingOptions.FrameReadTimeout"/> is a
/// <see cref="TimeoutException"/>. Decoding allocates nothing per frame. Not thread-safe: one reader at a time.
/// The reader does not own the stream.
/// </summary>
public sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxFrameSize;
    private readonly TimeSpan _frameReadTimeout;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private int _consumeOnNextRead;
    private int _lastLargeFrame;
    private bool _faulted;
    private bool _disposed;
    private readonly long _frameReadTimeoutMs;
    private CancellationTokenSource? _deadline; // canceled by the watchdog when a started frame overruns
    private ITimer? _watchdog;
    private readonly Internal.TimeSource _time;
    private long _frameStartedMs;              // 0: no frame in progress

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    public FrameReader(Stream stream, FramingOptions? options = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        options ??= FramingOptions.Default;
        options.Validate();
        _maxFrameSize = options.MaxFrameSize;
        _frameReadTimeout = options.FrameReadTimeout;
        _frameReadTimeoutMs = Internal.Clock.ToMs(_frameReadTimeout);
        _time = new Internal.TimeSource(options.TimeProvider);
        _buffer = ArrayPool<byte>.Shared.Rent(options.ReadBufferSize);
    }

    /// <summary>The largest payload accepted.</summary>
    public int MaxFrameSize => _maxFrameSize;

    /// <summary>
    /// Reads the next frame; null when the stream ends cleanly between frames. The returned payload is valid
    /// until the next call.
    /// </summary>
    /// <exception cref="FrameTooLargeException">The header announces more than <see cref="MaxFrameSize"/> bytes.</exception>
    /// <exception cref="InvalidFrameException">The header's length is negative.</exception>
    /// <exception cref="EndOfStreamException">The stream ended inside a frame.</exception>
    /// <exception cref="TimeoutException">A started frame did not complete in time.</exception>
    public ValueTask<Frame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_disposed)
        {
            throw new ObjectDisposedException(nameof(FrameReader));
        }

        if (_faulted)
        {
            throw new InvalidOperationException("The frame reader is unusable after an earlier read timed out or failed inside a frame.");
        }

        _start += _consumeOnNextRead;
        _consumeOnNextRead = 0;
        if (_start == _end)
        {
            _start = _end = 0;
        }

        return TryTakeBufferedFrame(out Frame frame) ? new ValueTask<Frame?>(frame) : ReadSlowAsync(cancellationToken);
    }

    /// <summary>
    /// Parses one frame from the start of <paramref name="buffer"/> (for <c>System.IO.Pipelines</c> readers): on success
    /// the payload is sliced out and <paramref name="buffer"/> advanced past the frame; false when more data is needed.
    /// </summary>
    public static bool TryParse(ref ReadOnlySequence<byte> buffer, int maxFrameSize, out FrameType type, out ReadOnlySequence<byte> payload)
    {
        type = default;
        payload = default;
        if (buffer.Length < Frame.HeaderSize)
        {
            return false;
        }

        Span<byte> header = stackalloc byte[Frame.HeaderSize];
        buffer.Slice(0, Frame.HeaderSize).CopyTo(header);
        int length = CheckLength(BinaryPrimitives.ReadUInt32BigEndian(header.Slice(1)), maxFrameSize);
        if (buffer.Length - Frame.HeaderSize < length)
        {
            return false;
        }

        type = (FrameType)header[0];
        payload = buffer.Slice(Frame.HeaderSize, length);
        buffer = buffer.Slice(payload.End);
        return true;
    }

    /// <summary>Returns the buffer to the pool. Does not close the stream.</summary>
    public void Dispose()
    {
        if (!_disposed)
        {
            _disposed = true;
            byte[] buffer = _buffer;
            _buffer = Array.Empty<byte>();
            ArrayPool<byte>.Shared.Return(buffer);
            _watchdog?.Dispose();
            _deadline?.Dispose();
        }
    }

    private static int CheckLength(uint length, int maxFrameSize)
    {
        if (length > int.MaxValue - Frame.HeaderSize)
        {
            throw new InvalidFrameException($"Frame header announces a negative or overflowing payload length (0x{length:X8}).");
        }

        if (length > (uint)maxFrameSize)
        {
            throw new FrameTooLargeException(length, maxFrameSize);
        }

        return (int)length;
    }

    private bool TryTakeBufferedFrame(out Frame frame)
    {
        int available = _end - _start;
        if (available >= Frame.HeaderSize)
        {
            int length = CheckLength(BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 1, 4)), _maxFrameSize);
            if (available - Frame.HeaderSize >= length)
            {
                frame = new Frame((FrameType)_buffer[_start], new ReadOnlyMemory<byte>(_buffer, _start + Frame.HeaderSize, length));
                _consumeOnNextRead = Frame.HeaderSize + length;
                return true;
            }
        }

        frame = default;
        return false;
    }

#if NET
    [System.Runtime.CompilerServices.AsyncMethodBuilder(typeof(System.Runtime.CompilerServices.PoolingAsyncValueTaskMethodBuilder<>))]
#endif
    private async ValueTask<Frame?> ReadSlowAsync(CancellationToken cancellationToken)
    {
        bool frameStarted = false;
        CancellationToken readToken = cancellationToken;
        CancellationTokenRegistration link = default;
        try
        {
            while (true)
            {
                int available = _end - _start;
                int needed = Frame.HeaderSize;
                if (available >= Frame.HeaderSize)
                {
                    needed += CheckLength(BinaryPrimitives.ReadUInt32BigEndian(_buffer.AsSpan(_start + 1, 4)), _maxFrameSize);
                    if (available >= needed)
                    {
                        TryTakeBufferedFrame(out Frame frame);
                        _lastLargeFrame = needed > _buffer.Length / 2 ? needed : 0;
                        return frame;
                    }
                }

                MakeRoom(needed);
                if (available > 0 && !frameStarted && _frameReadTimeoutMs != long.MaxValue)
                {
                    // A frame has started: from now on it must complete within the timeout.
                    frameStarted = true;
                    CancellationTokenSource deadline = StartFrameDeadline();
                    if (cancellationToken.CanBeCanceled)
                    {
#if NET
                        link = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), deadline);
#else
                        link = cancellationToken.Register(static s => ((CancellationTokenSource)s!).Cancel(), deadline);
#endif
                    }

                    readToken = deadline.Token;
                }

                int read;
                try
                {
#if NET
                    read = await _stream.ReadAsync(_buffer.AsMemory(_end, ReadSize(available, needed)), readToken).ConfigureAwait(false);
#else
                    read = await _stream.ReadAsync(_buffer, _end, ReadSize(available, needed), readToken).ConfigureAwait(false);
#endif
                }
                catch (Exception ex) when (frameStarted && !cancellationToken.IsCancellationRequested && readToken.IsCancellationRequested)
                {
                    _faulted = true;
                    throw new TimeoutException(
                        $"A frame did not complete within {_frameReadTimeout.TotalMilliseconds:0} ms ({_end - _start} of {needed} bytes arrived).", ex);
                }
                catch (Exception ex) when (!(ex is OperationCanceledException))
                {
                    if (available > 0)
                    {
                        _faulted = true;
                    }

                    throw;
                }

                if (read == 0)
                {
                    if (available == 0)
                    {
                        return null;
                    }

                    _faulted = true;
                    throw new EndOfStreamException($"The stream ended inside a frame: {available} of {needed} bytes arrived.");
                }

                _end += read;
            }
        }
        finally
        {
            link.Dispose();
            if (frameStarted)
            {
                Volatile.Write(ref _frameStartedMs, 0);
            }
        }
    }

    /// <summary>
    /// Marks a frame as started for the watchdog, a timer that runs a few times per timeout period and cancels the
    /// read of a frame that overran: no timer is armed or reset per frame.
    /// </summary>
    private CancellationTokenSource StartFrameDeadline()
    {
        CancellationTokenSource? deadline = _deadline;
        if (deadline == null || deadline.IsCancellationRequested)
        {
            deadline?.Dispose(); // canceled by the caller's token on an earlier read: start afresh
            deadline = new CancellationTokenSource();
            Volatile.Write(ref _deadline, deadline);
        }

        if (_watchdog == null)
        {
            long period = Math.Max(5, Math.Min(_frameReadTimeoutMs / 8, 5000));
            _watchdog = _time.CreateTimer(OnWatchdog, new WeakReference<FrameReader>(this), period, period);
        }

        Volatile.Write(ref _frameStartedMs, Math.Max(1, _time.NowMs));
        return deadline;
    }

    private static void OnWatchdog(object? state)
    {
        if (state is WeakReference<FrameReader> weak && weak.TryGetTarget(out FrameReader? reader))
        {
            long started = Volatile.Read(ref reader._frameStartedMs);
            if (started != 0 && reader._time.NowMs - started >= reader._frameReadTimeoutMs)
            {
                try
                {
                    Volatile.Read(ref reader._deadline)?.Cancel();
                }
                catch (ObjectDisposedException)
                {
                    // The reader was disposed meanwhile.
                }
            }
        }
    }

    /// <summary>
    /// How much to ask the stream for. Small frames: as much as fits, so one read brings many frames. Large frames:
    /// only the rest of the frame (and, after a large frame, the size of that frame), so a partial next frame rarely
    /// has to be moved to the front of the buffer.
    /// </summary>
    private int ReadSize(int available, int needed)
    {
        int room = _buffer.Length - _end;
        if (available >= Frame.HeaderSize && needed > _buffer.Length / 2)
        {
            return Math.Min(room, needed - available);
        }

        return available == 0 && _lastLargeFrame > 0 ? Math.Min(room, _lastLargeFrame) : room;
    }

    /// <summary>Makes sure <paramref name="needed"/> bytes from <see cref="_start"/> fit in the buffer, with room to read.</summary>
    private void MakeRoom(int needed)
    {
        int available = _end - _start;
        if (_buffer.Length - _start >= needed && _end < _buffer.Length)
        {
            return;
        }

        if (needed <= _buffer.Length)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, available);
        }
        else
        {
            byte[] larger = ArrayPool<byte>.Shared.Rent(needed);
            Buffer.BlockCopy(_buffer, _start, larger, 0, available);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        _start = 0;
        _end = available;
    }
}
