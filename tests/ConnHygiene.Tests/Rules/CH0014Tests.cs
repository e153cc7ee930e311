using System;
using System.IO;
using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using ConnHygiene.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.InexactReadAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.InexactReadAnalyzer,
    ConnHygiene.CodeFixes.Rules.InexactReadFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0014: single reads whose byte count is ignored.</summary>
public class CH0014Tests
{
    [Fact]
    public async Task DiscardedStreamRead()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;

            public class Reader
            {
                public void ReadHeader(Stream stream, byte[] header)
                {
                    {|#0:stream.Read(header, 0, 4)|};
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadHeader", "Stream.Read", "discarded"));
    }

    [Fact]
    public async Task DiscardedNetworkStreamReads()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public class Reader
            {
                public async Task ReadAsync(NetworkStream stream, byte[] buffer, int n, CancellationToken ct)
                {
                    {|#0:stream.Read(buffer, 0, n)|};
                    [|stream.Read(buffer.AsSpan(0, n))|];
                    await [|stream.ReadAsync(buffer, 0, n)|];
                    await [|stream.ReadAsync(buffer, 0, n, ct)|];
                    await [|stream.ReadAsync(buffer.AsMemory())|];
                    await [|stream.ReadAsync(buffer.AsMemory(0, n), ct)|].ConfigureAwait(false);
                    _ = [|stream.Read(buffer, 0, n)|];
                    _ = await [|stream.ReadAsync(buffer, 0, n)|];
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadAsync", "NetworkStream.Read", "discarded"));
    }

    [Fact]
    public async Task DiscardedSocketReceives()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public class Reader
            {
                public async Task ReadAsync(Socket socket, byte[] buffer, CancellationToken ct)
                {
                    {|#0:socket.Receive(buffer)|};
                    [|socket.Receive(buffer, 0, 4, SocketFlags.None)|];
                    [|socket.Receive(buffer.AsSpan())|];
                    await {|#1:socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct)|};
                    await [|socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None)|];
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadAsync", "Socket.Receive", "discarded"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Reader.ReadAsync", "Socket.ReceiveAsync", "discarded"));
    }

    [Fact]
    public async Task CountAssignedButNeverRead()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Reader
            {
                public async Task<int> ReadAsync(Stream stream, Socket socket, byte[] header)
                {
                    int n = {|#0:stream.Read(header, 0, 4)|};
                    var received = await [|socket.ReceiveAsync(header, SocketFlags.None)|];
                    int later;
                    later = [|stream.Read(header, 0, 4)|];
                    return header[0];
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadAsync", "Stream.Read", "assigned to 'n' but never read"));
    }

    [Fact]
    public async Task IgnoredInDataAvailableLoop()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            public class Reader
            {
                public List<byte[]> ReadAll(NetworkStream ns)
                {
                    var frames = new List<byte[]>();
                    while (ns.DataAvailable)
                    {
                        var buf = new byte[16];
                        {|#0:ns.Read(buf, 0, buf.Length)|};
                        frames.Add(buf);
                    }

                    int last = 0;
                    while (ns.DataAvailable)
                    {
                        var buf = new byte[16];
                        last = [|ns.Read(buf, 0, buf.Length)|];
                        frames.Add(buf);
                    }

                    System.Console.WriteLine(last);
                    return frames;
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadAll", "NetworkStream.Read", "ignored in a DataAvailable loop"));
    }

    [Fact]
    public async Task BinaryReaderReadsFromItsBaseStream()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;

            public class Reader
            {
                public byte[] ReadMessage(BinaryReader reader)
                {
                    var length = reader.ReadInt32();
                    var payload = new byte[length];
                    {|#0:reader.Read(payload, 0, length)|};
                    return payload;
                }

                public byte[] ReadFromBase(BinaryReader reader)
                {
                    var length = reader.ReadInt32();
                    var payload = new byte[length];
                    {|#1:reader.BaseStream.Read(payload, 0, length)|};
                    return payload;
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.ReadMessage", "BinaryReader.Read", "discarded"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Reader.ReadFromBase", "Stream.Read", "discarded"));
    }

    [Fact]
    public async Task LambdaAndLocalFunctionBodies()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.IO;

            public class Reader
            {
                public Action<Stream> Make(byte[] buffer)
                {
                    void Local(Stream s) => [|s.Read(buffer, 0, 4)|];
                    return s => { [|s.Read(buffer, 0, 4)|]; Local(s); };
                }
            }
            """);
    }

    [Fact]
    public async Task CountUsedOrExactReadsAreNotFlagged()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Reader
            {
                public int Checked(Stream stream, byte[] buffer)
                {
                    int n = stream.Read(buffer, 0, buffer.Length);
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    return n;
                }

                public void Accumulate(Stream stream, byte[] buffer, int len)
                {
                    int read = 0;
                    while (read < len)
                    {
                        read += stream.Read(buffer, read, len - read);
                    }
                }

                public async Task AccumulateSocketAsync(Socket socket, byte[] buffer)
                {
                    var read = 0;
                    while (read < buffer.Length)
                    {
                        var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None);
                        if (n == 0) throw new EndOfStreamException();
                        read += n;
                    }
                }

                public async Task ExactAsync(Stream stream, byte[] buffer)
                {
                    stream.ReadExactly(buffer, 0, 4);
                    await stream.ReadExactlyAsync(buffer, 0, 4);
                    stream.ReadAtLeast(buffer, 4);
                    await stream.ReadAtLeastAsync(buffer, 4);
                    var b = stream.ReadByte();
                    _ = b;
                }

                public void Copy(NetworkStream source, MemoryStream target, byte[] buf)
                {
                    int n;
                    while ((n = source.Read(buf, 0, buf.Length)) > 0)
                    {
                        target.Write(buf, 0, n);
                    }

                    var m = source.Read(buf, 0, buf.Length);
                    target.Write(buf, 0, m);
                }

                public int Returned(Stream stream, byte[] buf) => stream.Read(buf, 0, buf.Length);

                public Task<int> ReturnedTask(Stream stream, byte[] buf) => stream.ReadAsync(buf, 0, buf.Length);

                public void DataAvailableUsed(NetworkStream ns, MemoryStream target, byte[] buf)
                {
                    while (ns.DataAvailable)
                    {
                        var n = ns.Read(buf, 0, buf.Length);
                        target.Write(buf, 0, n);
                    }
                }

                public void BinaryReaderChars(BinaryReader reader, char[] chars)
                {
                    reader.Read(chars, 0, chars.Length);
                    reader.ReadBytes(4);
                }

                public void SocketEventArgs(Socket socket, SocketAsyncEventArgs args)
                {
                    socket.ReceiveAsync(args);
                }
            }
            """);
    }

    [Fact]
    public async Task LengthPrefixedPayloadReadOnce()
    {
        // The analyzer benchmark's planted shape, and its relatives: the request is a length decoded from the header, the
        // count is used (slicing, a handler, an end-of-stream test), and nothing loops until the frame is complete.
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Buffers.Binary;
            using System.IO;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public class Reader
            {
                public byte[] Benchmark(NetworkStream stream, byte[] header)
                {
                    var length = BinaryPrimitives.ReadInt32BigEndian(header);
                    var payload = new byte[length];
                    var read = {|#0:stream.Read(payload, 0, length)|};
                    return payload.AsSpan(0, read).ToArray();
                }

                public async Task Handler(Stream stream, byte[] header, CancellationToken ct)
                {
                    int size = IPAddress.NetworkToHostOrder(BitConverter.ToInt32(header, 0));
                    var buffer = new byte[size];
                    var n = await {|#1:stream.ReadAsync(buffer, 0, buffer.Length, ct)|};
                    Process(buffer, n);
                }

                public string Socket(Socket socket, BinaryReader header)
                {
                    var payload = new byte[header.ReadUInt16()];
                    int got = {|#2:socket.Receive(payload)|};
                    if (got == 0)
                    {
                        return null;
                    }

                    return System.Text.Encoding.UTF8.GetString(payload, 0, got);
                }

                public async Task<byte[]> WebSocketFrame(Socket socket, byte[] frameHeader)
                {
                    int len = frameHeader[1] & 0x7F;
                    var data = new byte[len];
                    if (await {|#3:socket.ReceiveAsync(data.AsMemory(0, len), SocketFlags.None)|} == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    return data;
                }

                private static void Process(byte[] buffer, int count) { }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.Benchmark", "NetworkStream.Read", "used without a loop that reads the whole length-prefixed frame"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Reader.Handler", "Stream.ReadAsync", "used without a loop that reads the whole length-prefixed frame"),
            VerifyAnalyzer.Diagnostic().WithLocation(2).WithArguments("Reader.Socket", "Socket.Receive", "used without a loop that reads the whole length-prefixed frame"),
            VerifyAnalyzer.Diagnostic().WithLocation(3).WithArguments("Reader.WebSocketFrame", "Socket.ReceiveAsync", "used without a loop that reads the whole length-prefixed frame"));
    }

    [Fact]
    public async Task HeaderTestedForEndOfStreamThenDecodedAsFull()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Buffers.Binary;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Reader
            {
                public int Header(NetworkStream stream)
                {
                    var header = new byte[4];
                    var n = {|#0:stream.Read(header, 0, 4)|};
                    if (n == 0)
                    {
                        throw new EndOfStreamException();
                    }

                    return BitConverter.ToInt32(header, 0);
                }

                public async Task<(byte, int)> InAMessageLoop(Socket socket, byte[] header)
                {
                    while (true)
                    {
                        if (await [|socket.ReceiveAsync(header, SocketFlags.None)|] < 1)
                        {
                            return (0, 0);
                        }

                        System.Console.WriteLine($"header {header[0]}");
                        var length = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(1));
                        if (length > 0) return (header[0], length);
                    }
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Reader.Header", "NetworkStream.Read", "only tested for the end of the stream before the buffer is decoded as if full"));
    }

    [Fact]
    public async Task UsedCountShapesAsRealClientsWriteThem()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Diagnostics;
            using System.IO;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading.Tasks;

            public class ModbusClient
            {
                private readonly NetworkStream _stream;
                private int _lastCount;

                public ModbusClient(NetworkStream stream) => _stream = stream;

                // The response is decoded at bytes 4..5 after one read tested only for the end of the stream.
                public int ReadRegisterCount()
                {
                    var response = new byte[260];
                    int n = [|_stream.Read(response, 0, response.Length)|];
                    if (n is 0) throw new IOException("closed");
                    return (response[4] << 8) | response[5];
                }

                // The payload length comes from the frame; the count is only logged and kept.
                public byte[] ReadPdu(byte[] mbap)
                {
                    var pdu = new byte[((mbap[4] << 8) | mbap[5]) - 1];
                    _lastCount = [|_stream.Read(pdu, 0, pdu.Length)|];
                    Debug.WriteLine($"read {_lastCount} bytes");
                    return pdu;
                }

                // Correct: one read, then a loop for the rest.
                public async Task<byte[]> ReadFullyAsync(int count)
                {
                    var buffer = new byte[count];
                    var offset = 0;
                    while (offset < count)
                    {
                        var read = await _stream.ReadAsync(buffer, offset, count - offset);
                        if (read == 0) throw new EndOfStreamException();
                        offset += read;
                    }

                    return buffer;
                }

                // Correct: the short header is noticed.
                public int Header(byte[] header)
                {
                    int n;
                    if ((n = _stream.Read(header, 0, 4)) != 4) throw new IOException("short header: " + n);
                    return BitConverter.ToInt32(header, 0);
                }

                // Correct: the classic echo client and chunk loops.
                public string Echo(string message)
                {
                    var data = Encoding.ASCII.GetBytes(message);
                    _stream.Write(data, 0, data.Length);
                    data = new byte[256];
                    var bytes = _stream.Read(data, 0, data.Length);
                    return Encoding.ASCII.GetString(data, 0, bytes);
                }

                public void Drain(Stream target, byte[] chunk)
                {
                    int n;
                    do
                    {
                        n = _stream.Read(chunk, 0, chunk.Length);
                        target.Write(chunk, 0, n);
                    }
                    while (n > 0);

                    for (int read; (read = _stream.Read(chunk, 0, chunk.Length)) > 0;)
                    {
                        target.Write(chunk, 0, read);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task UsedCountsThatHandleShortReadsAreNotFlagged()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Buffers.Binary;
            using System.IO;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            public class Reader
            {
                private readonly byte[] _buffer = new byte[8192];

                // A fill loop: the count is accumulated.
                public byte[] FillLoop(Stream stream, byte[] header)
                {
                    var length = BitConverter.ToInt32(header, 0);
                    var payload = new byte[length];
                    var total = 0;
                    while (total < length)
                    {
                        var n = stream.Read(payload, total, length - total);
                        if (n == 0) throw new EndOfStreamException();
                        total += n;
                    }

                    return payload;
                }

                // First read, then a loop for the rest: the count is compared with the length.
                public byte[] ReadThenTopUp(Stream stream, int length)
                {
                    var payload = new byte[BinaryPrimitives.ReadInt32BigEndian(_buffer)];
                    var read = stream.Read(payload, 0, payload.Length);
                    while (read < payload.Length)
                    {
                        read += stream.Read(payload, read, payload.Length - read);
                    }

                    return payload;
                }

                // A short read detected and rejected, not silently truncated.
                public int Checked(NetworkStream stream, byte[] header)
                {
                    var n = stream.Read(header, 0, 4);
                    if (n != 4) throw new IOException("short header");
                    return BitConverter.ToInt32(header, 0);
                }

                // Chunk processing: copy loops, text appended per chunk, a decoder fed partial input.
                public async Task Copy(NetworkStream source, Stream target, CancellationToken ct)
                {
                    int n;
                    while ((n = await source.ReadAsync(_buffer, ct)) > 0)
                    {
                        await target.WriteAsync(_buffer.AsMemory(0, n), ct);
                    }
                }

                public string Text(Socket socket)
                {
                    var text = new StringBuilder();
                    var decoder = Encoding.UTF8.GetDecoder();
                    var chars = new char[8192];
                    while (true)
                    {
                        var n = socket.Receive(_buffer);
                        if (n == 0) break;
                        var c = decoder.GetChars(_buffer, 0, n, chars, 0);
                        text.Append(chars, 0, c);
                    }

                    return text.ToString();
                }

                // One chunk of whatever arrived, processed by its count (a request/response client): not a fixed-size frame.
                public string Response(NetworkStream stream)
                {
                    var buffer = new byte[1024];
                    var n = stream.Read(buffer, 0, buffer.Length);
                    return Encoding.ASCII.GetString(buffer, 0, n);
                }

                // A status byte after an end-of-stream test: one byte is there.
                public byte Status(NetworkStream stream)
                {
                    var buffer = new byte[256];
                    var n = stream.Read(buffer, 0, buffer.Length);
                    return n == 0 ? (byte)0 : buffer[0];
                }

                // The count is handed back to the caller (a Stream wrapper).
                public int Wrapper(Stream inner, byte[] header, byte[] buffer)
                {
                    var n = inner.Read(buffer, 0, BitConverter.ToInt32(header, 0));
                    return n;
                }

                // Memory and files do not come up short while data remains.
                public int FromMemory(byte[] data)
                {
                    using var ms = new MemoryStream(data);
                    using var reader = new BinaryReader(new MemoryStream(data));
                    var length = reader.ReadInt32();
                    var payload = new byte[length];
                    var n = ms.Read(payload, 0, length);
                    var m = reader.Read(payload, 0, length);
                    return payload.AsSpan(0, n + m).Length;
                }

                // The rest read by a recursive call that is given the count.
                public void Recursive(Stream stream, byte[] header, byte[] payload, int done)
                {
                    var n = stream.Read(payload, done, BitConverter.ToInt32(header, 0) - done);
                    if (n > 0) Recursive(stream, header, payload, n);
                }

                // A size that is not from the data (a parameter, a chunk size) with the count passed on.
                public int Parameter(Stream stream, byte[] buffer, int count)
                {
                    var n = stream.Read(buffer, 0, count);
                    Console.WriteLine(Encoding.UTF8.GetString(buffer, 0, n));
                    return 0;
                }
            }
            """);
    }

    [Fact]
    public async Task DatagramReceivesAreWholeMessages()
    {
        // One receive on a UDP socket returns one whole datagram: neither a short read nor a frame split across reads.
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;

            public class Udp
            {
                public int Local(byte[] buffer)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    var n = socket.Receive(buffer);
                    if (n == 0) return 0;
                    return BitConverter.ToInt32(buffer, 0);
                }

                public void Client(UdpClient client, byte[] buffer) => client.Client.Receive(buffer);
            }

            public class Discovery
            {
                private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

                public int Probe(byte[] reply)
                {
                    _socket.Receive(reply);
                    return BitConverter.ToInt32(reply, 0);
                }
            }

            public class Tcp
            {
                private readonly Socket _socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);

                public int Header(byte[] header)
                {
                    [|_socket.Receive(header)|];
                    return BitConverter.ToInt32(header, 0);
                }
            }
            """);
    }

    /// <summary>The shapes CA2022 reports (between « and ») among those it does not; CH0014 flags the latter always.</summary>
    private const string OverlapWithCa2022 = """
        using System;
        using System.IO;
        using System.Net.Sockets;
        using System.Threading;
        using System.Threading.Tasks;

        public class Reader
        {
            public async Task<int> ReadAsync(NetworkStream ns, Stream stream, Socket socket, BinaryReader reader, MemoryStream memory, byte[] buffer, CancellationToken ct)
            {
                «ns.Read(buffer, 0, 4)»;
                «stream.Read(buffer.AsSpan(0, 4))»;
                await «stream.ReadAsync(buffer, 0, 4, ct)»;
                await «reader.BaseStream.ReadAsync(buffer.AsMemory(0, 4), ct)»;
                while (ns.DataAvailable)
                {
                    «ns.Read(buffer, 0, buffer.Length)»;
                }

                _ = [|stream.Read(buffer, 0, 4)|];
                await [|stream.ReadAsync(buffer, 0, 4, ct)|].ConfigureAwait(false);
                [|socket.Receive(buffer)|];
                await [|socket.ReceiveAsync(buffer.AsMemory(), SocketFlags.None, ct)|];
                [|reader.Read(buffer, 0, 4)|];
                memory.Read(buffer, 0, 4); // not a network stream: never short while data remains
                var unread = [|stream.Read(buffer, 0, 4)|];
                if ([|ns.Read(buffer, 0, 4)|] == 0) return 0;
                return BitConverter.ToInt32(buffer, 0);
            }
        }
        """;

    /// <summary>The build properties the package makes visible, as an SDK 10 build with NetAnalyzers on writes them.</summary>
    private const string Net10Build = "is_global = true\nbuild_property.EnableNETAnalyzers = true\nbuild_property.NETCoreSdkVersion = 10.0.401\n";

    [Theory]
    // NetAnalyzers on, from an SDK with CA2022, at its default severity (AnalysisLevel 9 or later): CH0014 leaves CA2022's reads to it.
    [InlineData(Net10Build, true)]
    [InlineData(Net10Build + "dotnet_diagnostic.CA2022.severity = error\n", true)]
    [InlineData(Net10Build + "dotnet_diagnostic.CA2022.severity = warning\n", true)]
    [InlineData("connhygiene.defer_to_ca2022 = true\n", true)]
    // CA2022 not in force: CH0014 reports all.
    [InlineData(null, false)]
    [InlineData(Net10Build + "dotnet_diagnostic.CA2022.severity = none\n", false)]
    [InlineData(Net10Build + "dotnet_diagnostic.CA2022.severity = suggestion\n", false)]
    [InlineData(Net10Build + "dotnet_analyzer_diagnostic.category-Reliability.severity = none\ndotnet_diagnostic.CH0014.severity = warning\n", false)]
    [InlineData(Net10Build + "connhygiene.defer_to_ca2022 = false\n", false)]
    [InlineData("is_global = true\nbuild_property.EnableNETAnalyzers = false\nbuild_property.NETCoreSdkVersion = 10.0.401\n", false)]
    [InlineData("is_global = true\nbuild_property.EnableNETAnalyzers = true\nbuild_property.NETCoreSdkVersion = 8.0.404\n", false)]
    [InlineData("is_global = true\nbuild_property.EnableNETAnalyzers = true\n", false)]
    public async Task ReadsCa2022ReportsAreLeftToItWhereItIsInForce(string? globalConfig, bool ca2022InForce)
    {
        var config = globalConfig is null ? null : globalConfig.StartsWith("is_global", StringComparison.Ordinal) ? globalConfig : "is_global = true\n" + globalConfig;
        await new VerifyAnalyzer.Test
        {
            TestCode = OverlapWithCa2022.Replace("«", ca2022InForce ? "" : "[|").Replace("»", ca2022InForce ? "" : "|]"),
            EditorConfig = config,
        }.RunAsync();
    }

    [Fact]
    public async Task PerFileSeverityOfCa2022IsRespected()
    {
        // An .editorconfig section that turns CA2022 down for these files: CH0014 covers them again.
        var test = new VerifyAnalyzer.Test
        {
            TestCode = OverlapWithCa2022.Replace("«", "[|").Replace("»", "|]"),
            EditorConfig = "[*.cs]\ndotnet_diagnostic.CA2022.severity = silent\n",
        };
        test.GlobalConfig = Net10Build;
        await test.RunAsync();
    }

    [Fact]
    public async Task UsedCountsOfWholeFrameReadsBecomeReadAtLeast()
    {
        await new VerifyFix.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.ReadFully,
            TestCode = """
                using System;
                using System.Buffers.Binary;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public byte[] Payload(NetworkStream stream, byte[] header)
                    {
                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        var payload = new byte[length];
                        var read = [|stream.Read(payload, 0, length)|];
                        return payload.AsSpan(0, read).ToArray();
                    }

                    public async Task<int> HeaderAsync(Stream stream, byte[] header, CancellationToken ct)
                    {
                        if (await [|stream.ReadAsync(header.AsMemory(0, 4), ct)|].ConfigureAwait(false) == 0)
                        {
                            return -1;
                        }

                        return BitConverter.ToInt32(header, 0);
                    }

                    public async Task<byte[]> BodyAsync(Stream stream, BinaryReader lengths, CancellationToken ct)
                    {
                        var body = new byte[lengths.ReadInt32()];
                        var n = await [|stream.ReadAsync(body, 0, body.Length, ct)|];
                        Console.WriteLine(n);
                        return body;
                    }

                    public byte[] Span(BinaryReader reader)
                    {
                        var data = new byte[reader.ReadInt16()];
                        var got = [|reader.Read(data.AsSpan())|];
                        return got == 0 ? null : data;
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Buffers.Binary;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public byte[] Payload(NetworkStream stream, byte[] header)
                    {
                        var length = BinaryPrimitives.ReadInt32BigEndian(header);
                        var payload = new byte[length];
                        var read = stream.ReadAtLeast(new Span<byte>(payload, 0, length), length);
                        return payload.AsSpan(0, read).ToArray();
                    }

                    public async Task<int> HeaderAsync(Stream stream, byte[] header, CancellationToken ct)
                    {
                        if (await stream.ReadAtLeastAsync(header.AsMemory(0, 4), 4, cancellationToken: ct).ConfigureAwait(false) == 0)
                        {
                            return -1;
                        }

                        return BitConverter.ToInt32(header, 0);
                    }

                    public async Task<byte[]> BodyAsync(Stream stream, BinaryReader lengths, CancellationToken ct)
                    {
                        var body = new byte[lengths.ReadInt32()];
                        var n = await stream.ReadAtLeastAsync(new Memory<byte>(body, 0, body.Length), body.Length, cancellationToken: ct);
                        Console.WriteLine(n);
                        return body;
                    }

                    public byte[] Span(BinaryReader reader)
                    {
                        var data = new byte[reader.ReadInt16()];
                        var got = reader.BaseStream.ReadAtLeast(data.AsSpan(), data.Length);
                        return got == 0 ? null : data;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task ReadAtLeastNotOfferedWhereItWouldWaitForMoreThanTheCodeNeeds()
    {
        // A socket has no ReadAtLeast; a 1024-byte chunk of which the code decodes 4 bytes must not wait for 1024; a length
        // computed by a call cannot be evaluated twice.
        await new VerifyFix.Test
        {
            CodeActionExpected = false,
            TestCode = """
                using System;
                using System.IO;
                using System.Net.Sockets;

                public class Reader
                {
                    public int Read(Socket socket, NetworkStream stream, byte[] header)
                    {
                        var payload = new byte[BitConverter.ToInt32(header, 0)];
                        var n = [|socket.Receive(payload)|];
                        var chunk = new byte[1024];
                        var m = [|stream.Read(chunk, 0, chunk.Length)|];
                        if (m == 0) return 0;
                        var k = [|stream.Read(payload, 0, BitConverter.ToInt32(header, 0))|];
                        Console.WriteLine(payload.AsSpan(0, n).Length);
                        return BitConverter.ToInt32(chunk, 0) + payload[k];
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task StreamReadsBecomeReadExactly()
    {
        await new VerifyFix.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.ReadFully,
            TestCode = """
                using System;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public async Task ReadAsync(NetworkStream stream, Stream other, byte[] buffer, int n, CancellationToken ct)
                    {
                        // header
                        [|stream.Read(buffer, 0, 4)|];
                        [|stream.Read(buffer.AsSpan(0, n))|];
                        await [|stream.ReadAsync(buffer, 0, n)|];
                        await [|stream.ReadAsync(buffer, 0, n, ct)|];
                        await [|other.ReadAsync(buffer.AsMemory(0, n), ct)|].ConfigureAwait(false);
                        _ = [|stream.Read(buffer, 0, n)|];
                        _ = await [|stream.ReadAsync(buffer, 0, n)|];
                        int count = [|other.Read(buffer, 0, n)|];
                        var unused = await [|stream.ReadAsync(buffer.AsMemory(), ct)|];
                    }

                    public void Local(Stream s, byte[] buffer)
                    {
                        void Fill() => [|s.Read(buffer, 0, buffer.Length)|];
                        Fill();
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public async Task ReadAsync(NetworkStream stream, Stream other, byte[] buffer, int n, CancellationToken ct)
                    {
                        // header
                        stream.ReadExactly(buffer, 0, 4);
                        stream.ReadExactly(buffer.AsSpan(0, n));
                        await stream.ReadExactlyAsync(buffer, 0, n);
                        await stream.ReadExactlyAsync(buffer, 0, n, ct);
                        await other.ReadExactlyAsync(buffer.AsMemory(0, n), ct).ConfigureAwait(false);
                        stream.ReadExactly(buffer, 0, n);
                        await stream.ReadExactlyAsync(buffer, 0, n);
                        other.ReadExactly(buffer, 0, n);
                        await stream.ReadExactlyAsync(buffer.AsMemory(), ct);
                    }

                    public void Local(Stream s, byte[] buffer)
                    {
                        void Fill() => s.ReadExactly(buffer, 0, buffer.Length);
                        Fill();
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task BinaryReaderReadBecomesBaseStreamReadExactly()
    {
        await VerifyFix.VerifyCodeFixAsync("""
            using System.IO;

            public class Reader
            {
                public byte[] ReadMessage(BinaryReader reader)
                {
                    var length = reader.ReadInt32();
                    var payload = new byte[length];
                    [|reader.Read(payload, 0, length)|];
                    return payload;
                }
            }
            """, """
            using System.IO;

            public class Reader
            {
                public byte[] ReadMessage(BinaryReader reader)
                {
                    var length = reader.ReadInt32();
                    var payload = new byte[length];
                    reader.BaseStream.ReadExactly(payload, 0, length);
                    return payload;
                }
            }
            """);
    }

    [Fact]
    public async Task DataAvailableLoopReadBecomesReadExactly()
    {
        await VerifyFix.VerifyCodeFixAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            public class Reader
            {
                public List<byte[]> ReadAll(NetworkStream ns)
                {
                    var frames = new List<byte[]>();
                    while (ns.DataAvailable)
                    {
                        var buf = new byte[16];
                        [|ns.Read(buf, 0, buf.Length)|];
                        frames.Add(buf);
                    }

                    return frames;
                }
            }
            """, """
            using System.Collections.Generic;
            using System.Net.Sockets;

            public class Reader
            {
                public List<byte[]> ReadAll(NetworkStream ns)
                {
                    var frames = new List<byte[]>();
                    while (ns.DataAvailable)
                    {
                        var buf = new byte[16];
                        ns.ReadExactly(buf, 0, buf.Length);
                        frames.Add(buf);
                    }

                    return frames;
                }
            }
            """);
    }

    [Fact]
    public async Task SocketReceivesBecomeFillLoops()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                public class Reader
                {
                    public void Read(Socket socket, byte[] buffer, int offset, int size)
                    {
                        [|socket.Receive(buffer)|];
                        [|socket.Receive(buffer, size, SocketFlags.None)|];
                        [|socket.Receive(buffer, offset, size, SocketFlags.Peek)|];
                        var n = [|socket.Receive(buffer, 0, 4, SocketFlags.None)|];
                        [|socket.Receive(buffer.AsSpan(offset, size))|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.IO;
                using System.Net.Sockets;

                public class Reader
                {
                    public void Read(Socket socket, byte[] buffer, int offset, int size)
                    {
                        for (var received = 0; received < buffer.Length;)
                        {
                            var read = socket.Receive(buffer, received, buffer.Length - received, SocketFlags.None);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            received += read;
                        }

                        for (var received = 0; received < size;)
                        {
                            var read = socket.Receive(buffer, received, size - received, SocketFlags.None);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            received += read;
                        }

                        for (var received = 0; received < size;)
                        {
                            var read = socket.Receive(buffer, offset + received, size - received, SocketFlags.Peek);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            received += read;
                        }

                        for (var received = 0; received < 4;)
                        {
                            var read = socket.Receive(buffer, received, 4 - received, SocketFlags.None);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            received += read;
                        }

                        for (Span<byte> rest = buffer.AsSpan(offset, size); !rest.IsEmpty;)
                        {
                            var read = socket.Receive(rest);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            rest = rest.Slice(read);
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task AsyncSocketReceivesBecomeAwaitedFillLoops()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public async Task ReadAsync(Socket socket, byte[] buffer, CancellationToken ct)
                    {
                        await [|socket.ReceiveAsync(buffer.AsMemory(0, 4), SocketFlags.None, ct)|].ConfigureAwait(false);
                        var read = await [|socket.ReceiveAsync(new ArraySegment<byte>(buffer), SocketFlags.None)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Reader
                {
                    public async Task ReadAsync(Socket socket, byte[] buffer, CancellationToken ct)
                    {
                        for (Memory<byte> rest = buffer.AsMemory(0, 4); !rest.IsEmpty;)
                        {
                            var read2 = await socket.ReceiveAsync(rest, SocketFlags.None, ct).ConfigureAwait(false);
                            if (read2 == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            rest = rest.Slice(read2);
                        }

                        for (ArraySegment<byte> rest = new ArraySegment<byte>(buffer); rest.Count > 0;)
                        {
                            var read = await socket.ReceiveAsync(rest, SocketFlags.None);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            rest = rest.Slice(read);
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedWhereTheRewriteWouldChangeMeaning()
    {
        await new VerifyFix.Test
        {
            CodeActionExpected = false,
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class Reader
                {
                    private byte[] Next() => new byte[4];

                    public void Read(Socket socket, NetworkStream ns, byte[] buffer)
                    {
                        [|ns.ReadAsync(buffer, 0, 4)|];
                        [|socket.Receive(buffer, 0, 4, SocketFlags.None, out var error)|];
                        [|socket.Receive(Next())|];
                        [|socket.Receive(buffer, 0, Next().Length, SocketFlags.None)|];

                        int last = 0;
                        while (ns.DataAvailable)
                        {
                            last = [|ns.Read(buffer, 0, buffer.Length)|];
                        }

                        Console.WriteLine(last + (int)error);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task StreamWithoutReadExactlyGetsAFillLoop()
    {
        await new VerifyFix.Test
        {
            ReferenceAssemblies = ReferenceAssemblies.Custom(CorlibWithoutReadExactly()),
            TestCode = """
                using System.IO;

                public class Reader
                {
                    public void ReadHeader(Stream stream, byte[] header, int offset)
                    {
                        [|stream.Read(header, offset, 4)|];
                    }
                }
                """,
            FixedCode = """
                using System.IO;

                public class Reader
                {
                    public void ReadHeader(Stream stream, byte[] header, int offset)
                    {
                        for (var received = 0; received < 4;)
                        {
                            var read = stream.Read(header, offset + received, 4 - received);
                            if (read == 0)
                            {
                                throw new EndOfStreamException();
                            }

                            received += read;
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task UnreadCountOfAByteArrayReceiveBecomesASegmentLoop()
    {
        await VerifyFix.VerifyCodeFixAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Reader
            {
                public async Task<byte> ReadAsync(Socket socket)
                {
                    var header = new byte[4];
                    var received = await [|socket.ReceiveAsync(header, SocketFlags.None)|];
                    return header[0];
                }
            }
            """, """
            using System;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Reader
            {
                public async Task<byte> ReadAsync(Socket socket)
                {
                    var header = new byte[4];
                    for (ArraySegment<byte> rest = header; rest.Count > 0;)
                    {
                        var read = await socket.ReceiveAsync(rest, SocketFlags.None);
                        if (read == 0)
                        {
                            throw new EndOfStreamException();
                        }

                        rest = rest.Slice(read);
                    }

                    return header[0];
                }
            }
            """);
    }

    /// <summary>A stand-in core library whose Stream has Read but no ReadExactly, like .NET Framework or netstandard2.0.</summary>
    private static MetadataReference CorlibWithoutReadExactly()
    {
        const string source = """
            namespace System
            {
                public class Object { }
                public abstract class ValueType { }
                public struct Void { }
                public struct Boolean { }
                public struct Byte { }
                public struct Int32 { }
                public sealed class String { }
                public abstract class Enum : ValueType { }
                public abstract class Array { }
                public abstract class Delegate { }
                public abstract class MulticastDelegate : Delegate { }
                public struct IntPtr { }
                public struct RuntimeTypeHandle { }
                public struct RuntimeFieldHandle { }
                public struct RuntimeMethodHandle { }
                public abstract class Type { }
                public class Attribute { }
                public enum AttributeTargets { All = 32767 }
                [AttributeUsage(AttributeTargets.All)]
                public sealed class AttributeUsageAttribute : Attribute
                {
                    public AttributeUsageAttribute(AttributeTargets validOn) { }
                    public bool AllowMultiple { get; set; }
                    public bool Inherited { get; set; }
                }
                public class Exception { }
                public interface IDisposable { void Dispose(); }
            }

            namespace System.IO
            {
                public class IOException : Exception { }
                public class EndOfStreamException : IOException { }
                public abstract class Stream : IDisposable
                {
                    public abstract int Read(byte[] buffer, int offset, int count);
                    public void Dispose() { }
                }
            }

            namespace System.Net.Sockets
            {
                public class NetworkStream : System.IO.Stream
                {
                    public override int Read(byte[] buffer, int offset, int count) => 0;
                }
            }
            """;
        var compilation = CSharpCompilation.Create(
            "System.Runtime",
            new[] { CSharpSyntaxTree.ParseText(source) },
            references: null,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary));
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return MetadataReference.CreateFromImage(image.ToArray(), filePath: "System.Runtime.dll");
    }

    [Fact]
    public async Task BrokenCodeNeitherThrowsNorReports()
    {
        // Half-typed code, as the IDE analyzes it on every keystroke: no AD0001, no diagnostic on calls that do not bind
        // (a complete call with its semicolon missing still binds and is reported).
        await new VerifyAnalyzer.Test
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = """
                using System.IO;
                using System.Net.Sockets;

                public class Reader
                {
                    public async void Read(Stream stream, Socket socket, Missing missing, byte[] buffer)
                    {
                        missing.Read(buffer, 0, 4);
                        stream.Read(buffer, 0, );
                        int n = [|stream.Read(buffer, 0, 4)|]
                        socket.Receive();
                        await stream.ReadAsync(;
                        while (missing.DataAvailable) { [|stream.Read(buffer, 0, 4)|] }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FileAndMemoryStreamsAreNotNetworkReads()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Sockets;

            public class WavHeader
            {
                private readonly FileStream _file;

                public WavHeader(string path) => _file = File.OpenRead(path);

                public void ReadHeader(NetworkStream network)
                {
                    var buffer = new byte[4];
                    _file.Read(buffer, 0, 4);
                    using var copy = File.OpenRead("x.wav");
                    copy.Read(buffer, 0, 4);
                    using var memory = new MemoryStream(new byte[16]);
                    memory.Read(buffer, 0, 4);
                    using var resource = typeof(WavHeader).Assembly.GetManifestResourceStream("header.bin");
                    resource?.Read(buffer, 0, 4);
                    using var opened = File.Open("x.wav", FileMode.Open);
                    opened.Read(buffer, 0, 4);
                    {|CH0014:network.Read(buffer, 0, 4)|};
                }
            }
            """);
    }
}
