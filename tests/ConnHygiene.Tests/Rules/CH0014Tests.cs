using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.InexactReadAnalyzer>;

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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Stream.Read", "discarded"));
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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("NetworkStream.Read", "discarded"));
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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Socket.Receive", "discarded"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Socket.ReceiveAsync", "discarded"));
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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Stream.Read", "assigned to 'n' but never read"));
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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("NetworkStream.Read", "ignored in a DataAvailable loop"));
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
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("BinaryReader.Read", "discarded"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Stream.Read", "discarded"));
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
}
