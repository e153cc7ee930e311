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
    private bool _faulted;
    private bool _disposed;
#if NET
    private CancellationTokenSource? _deadline;
#endif

    /// <summary>Creates a reader over <paramref name="stream"/>.</summary>
    public FrameReader(Stream stream, FramingOptions? options = null)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        options ??= FramingOptions.Default;
        options.Validate();
        _maxFrameSize = options.MaxFrameSize;
        _frameReadTimeout = options.FrameReadTimeout;
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
#if NET
            _deadline?.Dispose();
#endif
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
        bool deadlineArmed = false;
        CancellationToken readToken = cancellationToken;
#if NET
        CancellationTokenRegistration link = default;
#else
        CancellationTokenSource? deadline = null;
#endif
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
                        return frame;
                    }
                }

                MakeRoom(needed);
                if (available > 0 && !deadlineArmed && _frameReadTimeout != Timeout.InfiniteTimeSpan)
                {
                    deadlineArmed = true;
#if NET
                    if (_deadline == null || !_deadline.TryReset())
                    {
                        _deadline?.Dispose();
                        _deadline = new CancellationTokenSource();
                    }

                    if (cancellationToken.CanBeCanceled)
                    {
                        link = cancellationToken.UnsafeRegister(static s => ((CancellationTokenSource)s!).Cancel(), _deadline);
                    }

                    _deadline.CancelAfter(_frameReadTimeout);
                    readToken = _deadline.Token;
#else
                    deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    deadline.CancelAfter(_frameReadTimeout);
                    readToken = deadline.Token;
#endif
                }

                int read;
                try
                {
#if NET
                    read = await _stream.ReadAsync(_buffer.AsMemory(_end), readToken).ConfigureAwait(false);
#else
                    read = await _stream.ReadAsync(_buffer, _end, _buffer.Length - _end, readToken).ConfigureAwait(false);
#endif
                }
                catch (Exception ex) when (deadlineArmed && !cancellationToken.IsCancellationRequested && readToken.IsCancellationRequested)
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
#if NET
            link.Dispose();
            if (deadlineArmed && !_faulted)
            {
                _deadline?.TryReset();
            }
#else
            deadline?.Dispose();
#endif
        }
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
