using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Framing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

/// <summary>Disposing a frame writer neither blocks on a write in flight nor drops buffered frames.</summary>
public class FrameWriterDisposeTests
{
    /// <summary>A stream whose writes wait until <see cref="Release"/> (a peer that does not read).</summary>
    private sealed class GatedStream : MemoryStream
    {
        private readonly TaskCompletionSource<bool> _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource<bool> WriteStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Release() => _open.TrySetResult(true);

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            WriteStarted.TrySetResult(true);
            await _open.Task;
            Write(buffer.Span);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    }

    private static byte[] Frame(byte type, params byte[] payload)
    {
        byte[] frame = new byte[5 + payload.Length];
        frame[0] = type;
        frame[4] = (byte)payload.Length;
        payload.CopyTo(frame, 5);
        return frame;
    }

    [Fact]
    public async Task DisposeAsync_sends_frames_written_without_flush()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream);
        await writer.WriteAsync(FrameType.Data, new byte[] { 1, 2 }, flush: false);
        Assert.Equal(0, stream.Length);

        await writer.DisposeAsync();
        Assert.Equal(Frame((byte)FrameType.Data, 1, 2), stream.ToArray());
        await Assert.ThrowsAsync<ObjectDisposedException>(() => writer.WriteAsync(FrameType.Data, new byte[] { 3 }).AsTask());
    }

    [Fact]
    public async Task Dispose_of_an_idle_writer_sends_what_is_buffered()
    {
        var stream = new MemoryStream();
        var writer = new FrameWriter(stream);
        await writer.WriteAsync(FrameType.Data, new byte[] { 9 }, flush: false);
        writer.Dispose();
        Assert.True(await Eventually.TrueAsync(() => stream.ToArray().Length == 6));
        Assert.Equal(Frame((byte)FrameType.Data, 9), stream.ToArray());
    }

    [Fact]
    public async Task Dispose_does_not_wait_for_a_write_in_flight_and_refuses_later_writes()
    {
        var stream = new GatedStream();
        var writer = new FrameWriter(stream, new FramingOptions { WriteBufferSize = 64 });
        Task inFlight = writer.WriteAsync(FrameType.Data, new byte[] { 1 }).AsTask();
        await Eventually.Within(stream.WriteStarted.Task);
        Task queued = writer.WriteAsync(FrameType.Data, new byte[] { 2 }, flush: false).AsTask();

        // The peer is not reading: Dispose must return anyway (run off the test thread so a regression fails, not hangs).
        await Eventually.Within(Task.Run(writer.Dispose), 10);
        Assert.False(inFlight.IsCompleted);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Eventually.Within(writer.WriteAsync(FrameType.Data, new byte[] { 3 }).AsTask())); // at once, not after the write in flight

        stream.Release();
        await Eventually.Within(inFlight);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Eventually.Within(queued)); // queued behind Dispose: refused, not lost silently
        Assert.True(await Eventually.TrueAsync(() => stream.ToArray().Length == 6));
        Assert.Equal(Frame((byte)FrameType.Data, 1), stream.ToArray());
    }
}
