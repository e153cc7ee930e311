using System;
using System.Buffers;
using System.IO;
using System.IO.Pipelines;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Framing;

/// <summary>A frame read by <see cref="PipeFrameReader"/>: the payload is a slice of the pipe's own buffers (no copy).</summary>
public readonly struct PipeFrame
{
    /// <summary>Creates a frame.</summary>
    public PipeFrame(FrameType type, ReadOnlySequence<byte> payload)
    {
        Type = type;
        Payload = payload;
    }

    /// <summary>The frame type.</summary>
    public FrameType Type { get; }

    /// <summary>The payload; valid until the next <see cref="PipeFrameReader.ReadAsync"/>.</summary>
    public ReadOnlySequence<byte> Payload { get; }
}

/// <summary>
/// Reads frames from a <see cref="PipeReader"/> (Kestrel connections, <c>PipeReader.Create(stream)</c>) without copying
/// payloads out of the pipe, with the same checks as <see cref="FrameReader"/>: maximum size from the header before any
/// allocation, negative lengths, truncation (<see cref="EndOfStreamException"/>) and the per-frame read deadline.
/// </summary>
public sealed class PipeFrameReader
{
    private readonly PipeReader _reader;
    private readonly int _maxFrameSize;
    private readonly TimeSpan _frameReadTimeout;
    private readonly Internal.TimeSource _time;
    private SequencePosition _consumed;
    private bool _mustAdvance;

    /// <summary>Creates a reader over <paramref name="reader"/> (which it does not complete).</summary>
    public PipeFrameReader(PipeReader reader, FramingOptions? options = null)
    {
        _reader = reader ?? throw new ArgumentNullException(nameof(reader));
        options ??= FramingOptions.Default;
        options.Validate();
        _maxFrameSize = options.MaxFrameSize;
        _frameReadTimeout = options.FrameReadTimeout;
        _time = new Internal.TimeSource(options.TimeProvider);
    }

    /// <summary>Reads the next frame; null when the pipe completes cleanly between frames.</summary>
    /// <exception cref="FrameTooLargeException">The header announces more than the maximum frame size.</exception>
    /// <exception cref="InvalidFrameException">The header's length is negative.</exception>
    /// <exception cref="EndOfStreamException">The pipe completed inside a frame.</exception>
    /// <exception cref="TimeoutException">A started frame did not complete in time.</exception>
    public async ValueTask<PipeFrame?> ReadAsync(CancellationToken cancellationToken = default)
    {
        if (_mustAdvance)
        {
            _mustAdvance = false;
            _reader.AdvanceTo(_consumed);
        }

        CancellationTokenSource? deadline = null;
        CancellationTokenSource? linked = null;
        try
        {
            while (true)
            {
                CancellationToken token = linked?.Token ?? deadline?.Token ?? cancellationToken;
                ReadResult result;
                try
                {
                    result = await _reader.ReadAsync(token).ConfigureAwait(false);
                }
                catch (OperationCanceledException ex) when (deadline != null && !cancellationToken.IsCancellationRequested)
                {
                    throw new TimeoutException($"A frame did not complete within {_frameReadTimeout.TotalMilliseconds:0} ms.", ex);
                }

                ReadOnlySequence<byte> buffer = result.Buffer;
                if (FrameReader.TryParse(ref buffer, _maxFrameSize, out FrameType type, out ReadOnlySequence<byte> payload))
                {
                    _consumed = buffer.Start;
                    _mustAdvance = true;
                    return new PipeFrame(type, payload);
                }

                if (result.IsCompleted || result.IsCanceled)
                {
                    long left = buffer.Length;
                    _reader.AdvanceTo(buffer.End);
                    if (left == 0 && result.IsCompleted)
                    {
                        return null;
                    }

                    if (result.IsCanceled)
                    {
                        throw new OperationCanceledException("The pending read was canceled.");
                    }

                    throw new EndOfStreamException($"The pipe completed inside a frame: {left} bytes of an incomplete frame arrived.");
                }

                _reader.AdvanceTo(buffer.Start, buffer.End);
                if (deadline == null && !buffer.IsEmpty && _frameReadTimeout != Timeout.InfiniteTimeSpan)
                {
                    deadline = _time.CancelAfter(_frameReadTimeout);
                    linked = cancellationToken.CanBeCanceled ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token) : null;
                }
            }
        }
        finally
        {
            linked?.Dispose();
            deadline?.Dispose();
        }
    }
}
