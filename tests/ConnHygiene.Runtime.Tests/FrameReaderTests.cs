using System;
using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Framing;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class FrameReaderTests
{
    private static byte[] Encode(params (FrameType Type, byte[] Payload)[] frames)
    {
        var stream = new MemoryStream();
        using (var writer = new FrameWriter(stream))
        {
            foreach (var (type, payload) in frames)
            {
                writer.WriteAsync(type, payload).AsTask().GetAwaiter().GetResult();
            }
        }

        return stream.ToArray();
    }

    private static byte[] Header(byte type, uint length)
    {
        byte[] header = new byte[5];
        header[0] = type;
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(1), length);
        return header;
    }

    [Fact]
    public void Wire_format_is_type_then_big_endian_length_then_payload()
    {
        byte[] bytes = Encode((FrameType.Request, new byte[] { 0xAA, 0xBB }));
        Assert.Equal(new byte[] { 1, 0, 0, 0, 2, 0xAA, 0xBB }, bytes);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(100000)]
    public async Task Frames_round_trip_whatever_the_read_chunking(int chunk)
    {
        var random = new Random(chunk);
        var frames = new List<(FrameType, byte[])>();
        foreach (int size in new[] { 0, 1, 4, 5, 100, 16 * 1024, 16 * 1024 + 1, 70000, 3 })
        {
            byte[] payload = new byte[size];
            random.NextBytes(payload);
            frames.Add(((FrameType)random.Next(0, 40), payload));
        }

        var stream = new TrickleStream(Encode(frames.ToArray()), chunk);
        using var reader = new FrameReader(stream, new FramingOptions { ReadBufferSize = 64 });
        foreach (var (type, payload) in frames)
        {
            Frame? frame = await reader.ReadAsync();
            Assert.NotNull(frame);
            Assert.Equal(type, frame.Value.Type);
            Assert.Equal(payload, frame.Value.Payload.ToArray());
        }

        Assert.Null(await reader.ReadAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Large_and_small_frames_cross_a_real_socket(bool wrapStream)
    {
        await using var pair = new SocketPair();
        // A NetworkStream takes the gathering-send path; a wrapped stream the buffer-then-payload path.
        Stream sendStream = wrapStream ? new BufferedStream(pair.ClientStream, 1024) : pair.ClientStream;
        var options = new FramingOptions { MaxFrameSize = 1024 * 1024, WriteBufferSize = 1024 };
        using var writer = new FrameWriter(sendStream, options);
        using var reader = new FrameReader(pair.ServerStream, options);
        var random = new Random(5);
        int[] sizes = { 0, 100, 1019, 1020, 1021, 70000, 300000, 3 };
        byte[][] payloads = sizes.Select(n =>
        {
            byte[] p = new byte[n];
            random.NextBytes(p);
            return p;
        }).ToArray();

        Task send = Task.Run(async () =>
        {
            foreach (byte[] payload in payloads)
            {
                await writer.WriteAsync(FrameType.Data, payload);
            }
        });
        foreach (byte[] payload in payloads)
        {
            Frame? frame = await Eventually.Within(reader.ReadAsync().AsTask());
            Assert.Equal(payload, frame!.Value.Payload.ToArray());
        }

        await Eventually.Within(send);
    }

    [Fact]
    public async Task Too_large_length_is_rejected_from_the_header_before_allocating()
    {
        byte[] bytes = Header(0, 0x7FFFFF00);
        using var reader = new FrameReader(new MemoryStream(bytes), new FramingOptions { MaxFrameSize = 1024 });
        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = await Assert.ThrowsAsync<FrameTooLargeException>(() => reader.ReadAsync().AsTask());
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0x7FFFFF00, error.Length);
        Assert.Equal(1024, error.MaxFrameSize);
        Assert.InRange(allocated, 0, 64 * 1024); // the exception and its message, never the announced 2 GiB
    }

    [Theory]
    [InlineData(0x80000000u)]
    [InlineData(0xFFFFFFFFu)]
    [InlineData(0xFFFFFFFBu)]
    [InlineData(0x7FFFFFFBu)]
    public async Task Negative_or_overflowing_length_is_an_invalid_frame(uint length)
    {
        using var reader = new FrameReader(new MemoryStream(Header(2, length)));
        await Assert.ThrowsAsync<InvalidFrameException>(() => reader.ReadAsync().AsTask());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(9)]
    public async Task Truncated_frame_is_end_of_stream(int keep)
    {
        byte[] full = Encode((FrameType.Data, new byte[10]));
        using var reader = new FrameReader(new TrickleStream(full.AsSpan(0, keep).ToArray(), 2));
        var error = await Assert.ThrowsAsync<EndOfStreamException>(() => reader.ReadAsync().AsTask());
        Assert.Contains("ended inside a frame", error.Message);
    }

    [Fact]
    public async Task Clean_end_between_frames_is_null()
    {
        using var reader = new FrameReader(new MemoryStream(Encode((FrameType.Data, new byte[] { 1 }))));
        Assert.NotNull(await reader.ReadAsync());
        Assert.Null(await reader.ReadAsync());
    }

    [Fact]
    public async Task Writer_refuses_payload_above_the_maximum()
    {
        using var writer = new FrameWriter(new MemoryStream(), new FramingOptions { MaxFrameSize = 10 });
        await Assert.ThrowsAsync<FrameTooLargeException>(() => writer.WriteAsync(FrameType.Data, new byte[11]).AsTask());
        await writer.WriteAsync(FrameType.Data, new byte[10]); // still usable: nothing was written
    }

    [Fact]
    public async Task Buffered_writes_go_out_on_flush()
    {
        var stream = new MemoryStream();
        using var writer = new FrameWriter(stream);
        await writer.WriteAsync(FrameType.Data, new byte[] { 1 }, flush: false);
        await writer.WriteAsync(FrameType.Data, new byte[] { 2 }, flush: false);
        Assert.Equal(0, stream.Length);
        await writer.FlushAsync();
        Assert.Equal(12, stream.Length);
    }

    [Fact]
    public async Task Slow_sender_hits_the_frame_read_deadline()
    {
        await using var server = new SocketPair();
        FakeTimeProvider time = FakeTime.Create();
        using var reader = new FrameReader(server.ClientStream, new FramingOptions { FrameReadTimeout = TimeSpan.FromMilliseconds(200), TimeProvider = time });
        // Idle time before a frame starts is not limited.
        Task<Frame?> read = reader.ReadAsync().AsTask();
        time.Advance(TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(25));
        await Task.Yield();
        Assert.False(read.IsCompleted);
        // A header, then nothing: the frame must complete within 200 ms. The reader notices the header on its own
        // schedule, so the clock moves in small steps until the read ends (bounded), and then must have moved >= 200 ms.
        await server.ServerSocket.SendAsync(Header(0, 100).AsMemory(0, 3), SocketFlags.None);
        Assert.True(await Eventually.TrueAsync(() => server.ClientSocket.Available == 0));
        DateTimeOffset headerSeen = time.GetUtcNow();
        for (int step = 0; step < 2_000 && !read.IsCompleted; step++)
        {
            time.Advance(TimeSpan.FromMilliseconds(25));
            await Task.Delay(1);
        }

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Within(read, 5));
        Assert.True(time.GetUtcNow() - headerSeen >= TimeSpan.FromMilliseconds(200));
        Assert.Contains("200 ms", error.Message);
    }

    [Fact]
    public async Task Caller_cancellation_mid_frame_is_not_a_timeout_and_reading_can_go_on()
    {
        await using var pair = new SocketPair();
        // The frame deadline's clock never moves here: only the caller's cancellation can end the read.
        using var reader = new FrameReader(pair.ClientStream, new FramingOptions { FrameReadTimeout = TimeSpan.FromSeconds(2), TimeProvider = FakeTime.Create() });
        byte[] frame = { 0, 0, 0, 0, 2, 7, 8 };
        await pair.ServerSocket.SendAsync(frame.AsMemory(0, 3), SocketFlags.None);
        using (var cts = new CancellationTokenSource())
        {
            Task<Frame?> read = reader.ReadAsync(cts.Token).AsTask();
            Assert.True(await Eventually.TrueAsync(() => pair.ClientSocket.Available == 0)); // mid-frame
            cts.Cancel();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(read, 5));
        }

        await pair.ServerSocket.SendAsync(frame.AsMemory(3), SocketFlags.None);
        Frame? next = await Eventually.Within(reader.ReadAsync().AsTask(), 5);
        Assert.Equal(new byte[] { 7, 8 }, next!.Value.Payload.ToArray());
    }

    [Fact]
    public void Pipelines_parser_handles_split_segments_and_checks_lengths()
    {
        byte[] bytes = Encode((FrameType.Data, new byte[] { 1, 2, 3 }), (FrameType.Ping, Array.Empty<byte>()));
        var first = new Segment(bytes.AsMemory(0, 2));
        Segment last = first.Append(bytes.AsMemory(2, 4)).Append(bytes.AsMemory(6));
        var buffer = new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);

        Assert.True(FrameReader.TryParse(ref buffer, 100, out FrameType type, out ReadOnlySequence<byte> payload));
        Assert.Equal(FrameType.Data, type);
        Assert.Equal(new byte[] { 1, 2, 3 }, payload.ToArray());
        Assert.True(FrameReader.TryParse(ref buffer, 100, out type, out payload));
        Assert.Equal(FrameType.Ping, type);
        Assert.True(buffer.IsEmpty);

        var partial = new ReadOnlySequence<byte>(bytes, 0, 6);
        Assert.False(FrameReader.TryParse(ref partial, 100, out _, out _));
        var huge = new ReadOnlySequence<byte>(Header(0, 1000));
        Assert.Throws<FrameTooLargeException>(() => FrameReader.TryParse(ref huge, 100, out _, out _));
    }

    [Fact]
    public async Task Seeded_random_input_only_ever_yields_frames_or_the_typed_exceptions()
    {
        var random = new Random(20261121);
        int frames = 0, tooLarge = 0, invalid = 0, truncated = 0, clean = 0;
        for (int run = 0; run < 3000; run++)
        {
            byte[] input;
            switch (run % 4)
            {
                case 0: // pure noise
                    input = new byte[random.Next(0, 64)];
                    random.NextBytes(input);
                    break;
                case 1: // valid frames, truncated at a random point
                    byte[] valid = Encode((FrameType.Data, new byte[random.Next(0, 50)]), (FrameType.Response, new byte[random.Next(0, 50)]));
                    input = valid.AsSpan(0, random.Next(0, valid.Length + 1)).ToArray();
                    break;
                case 2: // a huge or hostile length
                    uint[] lengths = { 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 0x00100001, (uint)random.Next() };
                    input = Header((byte)random.Next(256), lengths[random.Next(lengths.Length)]);
                    break;
                default: // valid frames with random bytes flipped
                    input = Encode((FrameType.Request, new byte[random.Next(0, 30)]), (FrameType.Data, new byte[random.Next(0, 30)]));
                    for (int flips = random.Next(1, 4); flips > 0; flips--)
                    {
                        input[random.Next(input.Length)] = (byte)random.Next(256);
                    }

                    break;
            }

            using var reader = new FrameReader(new TrickleStream(input, random.Next(1, 8)), new FramingOptions { MaxFrameSize = 1024 * 1024 });
            try
            {
                for (int i = 0; i < 100; i++)
                {
                    Frame? frame = await reader.ReadAsync();
                    if (frame == null)
                    {
                        clean++;
                        break;
                    }

                    Assert.InRange(frame.Value.Payload.Length, 0, 1024 * 1024);
                    frames++;
                }
            }
            catch (FrameTooLargeException)
            {
                tooLarge++;
            }
            catch (InvalidFrameException)
            {
                invalid++;
            }
            catch (EndOfStreamException)
            {
                truncated++;
            }
        }

        // Every outcome class was exercised; anything else (IndexOutOfRange, OutOfMemory, ...) failed the test above.
        Assert.True(frames > 0 && tooLarge > 0 && invalid > 0 && truncated > 0 && clean > 0, $"{frames} {tooLarge} {invalid} {truncated} {clean}");
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

/// <summary>A connected loopback socket pair.</summary>
internal sealed class SocketPair : IAsyncDisposable
{
    public SocketPair()
    {
        using var listener = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        listener.Listen(1);
        ClientSocket = new Socket(System.Net.Sockets.AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        ClientSocket.Connect(listener.LocalEndPoint!);
        ServerSocket = listener.Accept();
        ServerSocket.NoDelay = true;
        ClientStream = new NetworkStream(ClientSocket, ownsSocket: true);
        ServerStream = new NetworkStream(ServerSocket, ownsSocket: true);
    }

    public Socket ClientSocket { get; }

    public Socket ServerSocket { get; }

    public NetworkStream ClientStream { get; }

    public NetworkStream ServerStream { get; }

    public ValueTask DisposeAsync()
    {
        ClientStream.Dispose();
        ServerStream.Dispose();
        return default;
    }
}

public class PipeFrameReaderTests
{
    private static async Task WriteAsync(System.IO.Pipelines.PipeWriter writer, byte[] bytes, int chunk)
    {
        for (int i = 0; i < bytes.Length; i += chunk)
        {
            await writer.WriteAsync(bytes.AsMemory(i, Math.Min(chunk, bytes.Length - i)));
        }
    }

    private static byte[] Encode(params byte[][] payloads)
    {
        var stream = new MemoryStream();
        using (var writer = new FrameWriter(stream))
        {
            foreach (byte[] payload in payloads)
            {
                writer.WriteAsync(FrameType.Data, payload).AsTask().GetAwaiter().GetResult();
            }
        }

        return stream.ToArray();
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(4096)]
    public async Task Frames_are_read_from_a_pipe_in_any_chunking(int chunk)
    {
        byte[][] payloads = { new byte[] { 1, 2, 3 }, Array.Empty<byte>(), Enumerable.Range(0, 10000).Select(i => (byte)i).ToArray() };
        var pipe = new System.IO.Pipelines.Pipe();
        Task write = Task.Run(async () =>
        {
            await WriteAsync(pipe.Writer, Encode(payloads), chunk);
            await pipe.Writer.CompleteAsync();
        });
        var reader = new PipeFrameReader(pipe.Reader);
        foreach (byte[] payload in payloads)
        {
            PipeFrame? frame = await Eventually.Within(reader.ReadAsync().AsTask());
            Assert.Equal(payload, frame!.Value.Payload.ToArray());
        }

        Assert.Null(await reader.ReadAsync());
        await write;
    }

    [Fact]
    public async Task Pipe_reader_reports_truncation_size_and_deadline_with_the_typed_exceptions()
    {
        var truncated = new System.IO.Pipelines.Pipe();
        await truncated.Writer.WriteAsync(Encode(new byte[10]).AsMemory(0, 8));
        await truncated.Writer.CompleteAsync();
        await Assert.ThrowsAsync<EndOfStreamException>(() => new PipeFrameReader(truncated.Reader).ReadAsync().AsTask());

        var huge = new System.IO.Pipelines.Pipe();
        await huge.Writer.WriteAsync(new byte[] { 0, 0x7F, 0, 0, 0 });
        await Assert.ThrowsAsync<FrameTooLargeException>(() => new PipeFrameReader(huge.Reader).ReadAsync().AsTask());

        var slow = new System.IO.Pipelines.Pipe();
        await slow.Writer.WriteAsync(new byte[] { 0, 0, 0 });
        FakeTimeProvider time = FakeTime.Create();
        var reader = new PipeFrameReader(slow.Reader, new FramingOptions { FrameReadTimeout = TimeSpan.FromMilliseconds(150), TimeProvider = time });
        Task<PipeFrame?> read = reader.ReadAsync().AsTask(); // has the 3 bytes: the frame has started
        time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(read.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Within(read, 5));
    }
}
