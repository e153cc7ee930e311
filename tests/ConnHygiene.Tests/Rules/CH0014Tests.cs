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
}
