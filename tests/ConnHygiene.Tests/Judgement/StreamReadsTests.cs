using ConnHygiene.Analyzers.Streams;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// <see cref="StreamReads"/> and <see cref="FrameReads"/>: which read is the marked call, what does the code do with the
/// count it returns, and does it read a whole frame in one call?
/// </summary>
public class StreamReadsTests
{
    private sealed record Read(JudgementFixture Fixture, IInvocationOperation Call, StreamTypes Types)
    {
        public ReadKind Kind => StreamReads.Classify(Call.TargetMethod, Types);

        public (CountUse Use, Microsoft.CodeAnalysis.ILocalSymbol? Local, FrameRead Frame) Judge()
            => StreamReads.Judge(Call, Fixture.ContainingSymbol(Call), Types);
    }

    private static Read Marked(string body, string members = "")
    {
        var fixture = JudgementFixture.Compile($$"""
            using System;
            using System.Buffers.Binary;
            using System.IO;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            public class Subject
            {
                private static void Process(byte[] data, int count) { }
            {{members}}
                public async Task<int> Run(NetworkStream stream, Socket socket, BinaryReader reader, StreamReader text, byte[] buffer, CancellationToken token)
                {
                    await Task.Yield();
            {{body}}
                }
            }
            """);
        var types = StreamTypes.Create(fixture.Types);
        Assert.NotNull(types);
        return new Read(fixture, fixture.OperationAt<IInvocationOperation>(), types!);
    }

    // ---- Classify ----

    [Theory]
    [InlineData("return /*here*/stream.Read(buffer, 0, buffer.Length);", nameof(ReadKind.StreamRead))]
    [InlineData("return /*here*/stream.Read(buffer.AsSpan());", nameof(ReadKind.StreamRead))]
    [InlineData("return await /*here*/stream.ReadAsync(buffer, 0, buffer.Length, token);", nameof(ReadKind.StreamReadAsync))]
    [InlineData("return await /*here*/stream.ReadAsync(buffer.AsMemory(), token);", nameof(ReadKind.StreamReadAsync))]
    [InlineData("return /*here*/socket.Receive(buffer);", nameof(ReadKind.SocketReceive))]
    [InlineData("return await /*here*/socket.ReceiveAsync(buffer, SocketFlags.None);", nameof(ReadKind.SocketReceiveAsync))]
    [InlineData("return /*here*/reader.Read(buffer, 0, buffer.Length);", nameof(ReadKind.BinaryReaderRead))]
    public void Single_shot_reads_are_classified(string body, string kind)
    {
        Assert.Equal(kind, Marked(body).Kind.ToString());
    }

    [Theory]
    [InlineData("return /*here*/stream.ReadByte();")]
    [InlineData("stream.ReadExactly(buffer); return /*here*/stream.ReadAtLeast(buffer, 4);")]
    [InlineData("return /*here*/reader.Read(new char[4], 0, 4);")]
    [InlineData("return /*here*/text.Read(new char[4], 0, 4);")]
    [InlineData("return /*here*/reader.ReadInt32();")]
    public void Reads_whose_count_needs_no_check_are_not_classified(string body)
    {
        Assert.Equal(ReadKind.None, Marked(body).Kind);
    }

    // ---- what happens to the count ----

    [Theory]
    [InlineData("/*here*/stream.Read(buffer, 0, 4); return 0;")]
    [InlineData("_ = /*here*/stream.Read(buffer, 0, 4); return 0;")]
    [InlineData("await /*here*/stream.ReadAsync(buffer, 0, 4, token).ConfigureAwait(false); return 0;")]
    public void Count_thrown_away_is_discarded(string body)
    {
        Assert.Equal(CountUse.Discarded, Marked(body).Judge().Use);
    }

    [Fact]
    public void Count_stored_in_a_local_nothing_reads_is_unread()
    {
        var (use, local, _) = Marked("var n = /*here*/stream.Read(buffer, 0, 4); return 0;").Judge();
        Assert.Equal(CountUse.UnreadLocal, use);
        Assert.Equal("n", local?.Name);
    }

    [Fact]
    public void Count_ignored_inside_a_DataAvailable_loop()
    {
        Assert.Equal(CountUse.IgnoredInDataAvailableLoop, Marked("""
                    while (stream.DataAvailable) { /*here*/stream.Read(buffer, 0, buffer.Length); }
                    return 0;
            """).Judge().Use);
        Assert.Equal(CountUse.IgnoredInDataAvailableLoop, Marked("""
                    int n = 0;
                    while (stream.DataAvailable) { n = /*here*/stream.Read(buffer, 0, buffer.Length); }
                    return n;
            """).Judge().Use);
    }

    [Fact]
    public void Count_read_inside_the_DataAvailable_loop_is_used()
    {
        Assert.Equal(CountUse.Used, Marked("""
                    int total = 0;
                    while (stream.DataAvailable) { var n = /*here*/stream.Read(buffer, 0, buffer.Length); total += n; }
                    return total;
            """).Judge().Use);
    }

    [Theory]
    [InlineData("int read = 0; while (read < 4) { read += /*here*/stream.Read(buffer, read, 4 - read); } return read;")]
    [InlineData("int n; while ((n = /*here*/stream.Read(buffer, 0, buffer.Length)) > 0) { Process(buffer, n); } return 0;")]
    [InlineData("return /*here*/stream.Read(buffer, 0, buffer.Length);")]
    [InlineData("var n = /*here*/stream.Read(buffer, 0, buffer.Length); Process(buffer, n); return 0;")]
    [InlineData("var n = /*here*/stream.Read(buffer, 0, 4); if (n < 4) throw new EndOfStreamException(); return BitConverter.ToInt32(buffer, 0);")]
    public void Count_that_handles_short_reads_is_used_and_no_frame(string body)
    {
        var (use, _, frame) = Marked(body).Judge();
        Assert.Equal(CountUse.Used, use);
        Assert.Equal(FrameShape.None, frame.Shape);
    }

    // ---- frames read in one call ----

    [Fact]
    public void End_of_stream_test_then_decoding_at_fixed_positions_reads_as_if_full()
    {
        var (use, _, frame) = Marked("""
                    var header = new byte[4];
                    var n = /*here*/stream.Read(header, 0, 4);
                    if (n == 0) return -1;
                    return BitConverter.ToInt32(header, 0);
            """).Judge();
        Assert.Equal(CountUse.UsedWithoutFillLoop, use);
        Assert.Equal(FrameShape.DecodedAsFull, frame.Shape);
        Assert.True(frame.WholeRequestNeeded);
    }

    [Fact]
    public void Asking_for_more_than_the_code_decodes_does_not_need_the_whole_request()
    {
        var (_, _, frame) = Marked("""
                    var n = /*here*/stream.Read(buffer, 0, 1024);
                    if (n <= 0) return -1;
                    return BitConverter.ToInt32(buffer, 0);
            """).Judge();
        Assert.Equal(FrameShape.DecodedAsFull, frame.Shape);
        Assert.False(frame.WholeRequestNeeded);
    }

    [Fact]
    public void End_of_stream_test_with_only_the_first_byte_decoded_is_no_frame()
    {
        var (use, _, frame) = Marked("""
                    var n = /*here*/stream.Read(buffer, 0, 1);
                    if (n == 0) return -1;
                    return buffer[0];
            """).Judge();
        Assert.Equal(CountUse.Used, use);
        Assert.Equal(FrameShape.None, frame.Shape);
    }

    [Fact]
    public void Body_read_with_a_decoded_length_in_one_call_is_length_prefixed()
    {
        var (use, _, frame) = Marked("""
                    var length = BinaryPrimitives.ReadInt32BigEndian(buffer);
                    var body = new byte[length];
                    var n = /*here*/stream.Read(body, 0, length);
                    if (n == 0) return -1;
                    return body[0];
            """).Judge();
        Assert.Equal(CountUse.UsedWithoutFillLoop, use);
        Assert.Equal(FrameShape.LengthPrefixed, frame.Shape);
        Assert.True(frame.WholeRequestNeeded);
    }

    [Fact]
    public void Body_read_with_a_length_that_is_not_received_data_is_no_frame()
    {
        var (use, _, frame) = Marked("""
                    var length = buffer.Length / 2;
                    var body = new byte[length];
                    var n = /*here*/stream.Read(body, 0, length);
                    if (n == 0) return -1;
                    return body[0];
            """).Judge();
        Assert.Equal(CountUse.Used, use);
        Assert.Equal(FrameShape.None, frame.Shape);
    }

    [Fact]
    public void Length_prefixed_body_read_in_a_fill_loop_is_no_frame()
    {
        var (_, _, frame) = Marked("""
                    var length = IPAddress.NetworkToHostOrder(BitConverter.ToInt32(buffer, 0));
                    var body = new byte[length];
                    int read = 0;
                    while (read < length) { var n = /*here*/stream.Read(body, read, length - read); if (n == 0) return -1; read += n; }
                    return body[0];
            """).Judge();
        Assert.Equal(FrameShape.None, frame.Shape);
    }

    [Fact]
    public void Memory_stream_reads_are_never_frames_and_are_memory_backed()
    {
        var read = Marked("""
                    var memory = new MemoryStream(buffer);
                    var n = /*here*/memory.Read(buffer, 0, 4);
                    if (n == 0) return -1;
                    return BitConverter.ToInt32(buffer, 0);
            """);
        Assert.Equal(FrameShape.None, read.Judge().Frame.Shape);
        Assert.True(FrameReads.IsMemoryOrFileBacked(read.Call.Instance, read.Types));
    }

    [Theory]
    [InlineData("var r = new BinaryReader(new MemoryStream(buffer)); return /*here*/r.Read(buffer, 0, 4);", true)]
    [InlineData("var f = File.OpenRead(\"x\"); return /*here*/f.Read(buffer, 0, 4);", true)]
    [InlineData("return /*here*/stream.Read(buffer, 0, 4);", false)]
    [InlineData("var r = new BinaryReader(stream); return /*here*/r.Read(buffer, 0, 4);", false)]
    public void Memory_or_file_backed_instances(string body, bool backed)
    {
        var read = Marked(body);
        Assert.Equal(backed, FrameReads.IsMemoryOrFileBacked(read.Call.Instance, read.Types));
    }

    [Theory]
    [InlineData("return /*here*/stream.Read(buffer, 0, 16);", 16)]
    [InlineData("return /*here*/stream.Read(new byte[32].AsSpan());", 32)]
    [InlineData("var b = new byte[64]; return /*here*/stream.Read(b.AsSpan(0, 8));", 8)]
    [InlineData("var b = new byte[64]; return /*here*/stream.Read(b);", 64)]
    public void Request_size_is_the_count_or_the_visible_buffer_length(string body, int size)
    {
        Assert.Equal(size, FrameReads.RequestSize(Marked(body).Call)?.ConstantValue.Value);
    }

    [Fact]
    public void Request_size_of_an_unknown_buffer_is_unknown()
    {
        Assert.Null(FrameReads.RequestSize(Marked("return /*here*/stream.Read(buffer.AsSpan());").Call));
    }

    // ---- datagrams ----

    [Fact]
    public void Receive_on_a_datagram_socket_reads_whole_messages()
    {
        var read = Marked("""
                    var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    return /*here*/udp.Receive(buffer);
            """);
        Assert.True(StreamReads.IsDatagramReceive(read.Call, read.Fixture.ContainingSymbol(read.Call)));
    }

    [Fact]
    public void Receive_on_a_stream_socket_is_not_a_datagram_receive()
    {
        var read = Marked("""
                    var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    return /*here*/tcp.Receive(buffer);
            """);
        Assert.False(StreamReads.IsDatagramReceive(read.Call, read.Fixture.ContainingSymbol(read.Call)));
    }

    [Fact]
    public void Receive_on_a_socket_field_of_a_type_that_makes_datagram_sockets_is_a_datagram_receive()
    {
        var read = Marked(
            "return /*here*/_socket.Receive(buffer);",
            "private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);");
        Assert.True(StreamReads.IsDatagramReceive(read.Call, read.Fixture.ContainingSymbol(read.Call)));
    }
}
