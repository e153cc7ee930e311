using System.Threading.Tasks;
using Xunit;
using ConnHygiene.CodeFixes;
using ConnHygiene.Tests.ValidCode;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.UnframedMessagesAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.UnframedMessagesAnalyzer,
    ConnHygiene.CodeFixes.Rules.UnframedMessagesFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0015 (off by default): serialized messages written with no framing.</summary>
public class CH0015Tests
{
    private const string Enable = "[*.cs]\ndotnet_diagnostic.CH0015.severity = warning";

    /// <summary>The real ConnHygiene.Runtime assembly (built with the tests), so fixes see FrameWriter as users do.</summary>
    private static readonly MetadataReference Runtime =
        MetadataReference.CreateFromFile(typeof(ConnHygiene.Runtime.Framing.FrameWriter).Assembly.Location);

    private static Task VerifyEnabledAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new VerifyAnalyzer.Test { TestCode = source, EditorConfig = Enable };
        test.ExpectedDiagnostics.AddRange(expected);
        return test.RunAsync();
    }

    [Fact]
    public async Task OffByDefault()
    {
        // The harness turns on every descriptor of the analyzer under test, so this runs the analyzers as a build does:
        // with no severity configured CH0015 stays silent, and the same code with it enabled is reported (so it does trip it).
        var files = new[]
        {
            ("/0/Sender.cs", """
                using System.Net.Sockets;
                using System.Text;

                public class Sender
                {
                    public void Send(NetworkStream stream, string json) => stream.Write(Encoding.UTF8.GetBytes(json));
                }
                """),
        };

        var byDefault = await AllAnalyzersRunner.RunAsync(new CorpusProject("default options", files));
        var enabled = await AllAnalyzersRunner.RunAsync(new CorpusProject("CH0015 enabled", files) { EditorConfig = Enable });

        Assert.Empty(byDefault.AnalyzerDiagnostics);
        Assert.Equal("CH0015", Assert.Single(enabled.AnalyzerDiagnostics).Id);
    }

    [Fact]
    public async Task EncodedStringWrittenToNetworkStream()
    {
        await VerifyEnabledAsync("""
            using System.Net.Sockets;
            using System.Text;

            public class Sender
            {
                public void Send(NetworkStream stream, string json)
                {
                    {|#0:stream.Write(Encoding.UTF8.GetBytes(json))|};
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Sender.Send"));
    }

    [Fact]
    public async Task SerializedObjectSentOnSocket()
    {
        await VerifyEnabledAsync("""
            using System.Net.Sockets;
            using System.Text.Json;
            using System.Threading.Tasks;

            public record Order(int Id);

            public class Sender
            {
                public void Send(Socket socket, Order order)
                {
                    [|socket.Send(JsonSerializer.SerializeToUtf8Bytes(order))|];
                }

                public async Task SendAsync(Socket socket, Order order)
                {
                    var payload = JsonSerializer.SerializeToUtf8Bytes(order);
                    await [|socket.SendAsync(payload, SocketFlags.None)|];
                }
            }
            """);
    }

    [Fact]
    public async Task AsyncWritesThroughLocalsAndViews()
    {
        await VerifyEnabledAsync("""
            using System;
            using System.Net.Sockets;
            using System.Text;
            using System.Threading;
            using System.Threading.Tasks;

            public class Sender
            {
                public async Task SendAsync(TcpClient client, string json, CancellationToken ct)
                {
                    var stream = client.GetStream();
                    var bytes = Encoding.UTF8.GetBytes(json);
                    await [|stream.WriteAsync(bytes, 0, bytes.Length, ct)|];
                    await [|stream.WriteAsync(bytes.AsMemory(), ct)|];
                    await [|client.GetStream().WriteAsync(Encoding.ASCII.GetBytes(json), ct)|];
                }
            }
            """);
    }

    [Fact]
    public async Task FramedOrNonNetworkWritesAreNotFlagged()
    {
        await VerifyEnabledAsync("""
            using System;
            using System.Buffers.Binary;
            using System.IO;
            using System.Net.Sockets;
            using System.Text;
            using System.Text.Json;

            public class Sender
            {
                public void LengthPrefixed(NetworkStream stream, string json)
                {
                    var payload = Encoding.UTF8.GetBytes(json);
                    Span<byte> prefix = stackalloc byte[4];
                    BinaryPrimitives.WriteInt32BigEndian(prefix, payload.Length);
                    stream.Write(prefix);
                    stream.Write(payload);
                }

                public void BitConverterPrefix(Socket socket, object message)
                {
                    var payload = JsonSerializer.SerializeToUtf8Bytes(message);
                    socket.Send(BitConverter.GetBytes(payload.Length));
                    socket.Send(payload);
                }

                public void NewlineDelimited(NetworkStream stream, string json)
                {
                    stream.Write(Encoding.UTF8.GetBytes(json + "\n"));
                }

                public void DelimiterByte(NetworkStream stream, string json)
                {
                    stream.Write(Encoding.UTF8.GetBytes(json));
                    stream.WriteByte((byte)'\n');
                }

                public void Lines(NetworkStream stream, string json)
                {
                    using var writer = new StreamWriter(stream);
                    writer.WriteLine(json);
                    stream.Write(Encoding.UTF8.GetBytes(json));
                }

                public void BinaryWriterPrefix(NetworkStream stream, string json)
                {
                    var payload = Encoding.UTF8.GetBytes(json);
                    using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
                    writer.Write(payload.Length);
                    stream.Write(payload);
                }

                public void FileStreamIsNotAConnection(FileStream file, string json)
                {
                    file.Write(Encoding.UTF8.GetBytes(json));
                }

                public void RawBytes(NetworkStream stream, byte[] data)
                {
                    stream.Write(data);
                }
            }
            """);
    }

    [Fact]
    public async Task FixWritesFramesWithFrameWriter()
    {
        await new VerifyFix.Test
        {
            EditorConfig = Enable,
            AdditionalReferences = { Runtime },
            CodeActionEquivalenceKey = EquivalenceKeys.UseFrameWriter,
            TestCode = """
                using System;
                using System.Net.Sockets;
                using System.Text;
                using System.Text.Json;
                using System.Threading;
                using System.Threading.Tasks;

                public class Sender
                {
                    public async Task SendAsync(NetworkStream stream, string json, CancellationToken ct)
                    {
                        var bytes = Encoding.UTF8.GetBytes(json);
                        await [|stream.WriteAsync(bytes, 0, bytes.Length, ct)|];
                        await [|stream.WriteAsync(Encoding.UTF8.GetBytes(json), ct)|].ConfigureAwait(false);
                        [|stream.Write(Encoding.UTF8.GetBytes(json).AsSpan())|];
                    }

                    public async Task SendSocketAsync(Socket socket, object message)
                    {
                        await [|socket.SendAsync(JsonSerializer.SerializeToUtf8Bytes(message).AsMemory(), SocketFlags.None)|];
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;
                using System.Text;
                using System.Text.Json;
                using System.Threading;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime.Framing;

                public class Sender
                {
                    public async Task SendAsync(NetworkStream stream, string json, CancellationToken ct)
                    {
                        var bytes = Encoding.UTF8.GetBytes(json);
                        using (var writer = new FrameWriter(stream))
                        {
                            await writer.WriteAsync(FrameType.Data, bytes, ct);
                        }

                        using (var writer = new FrameWriter(stream))
                        {
                            await writer.WriteAsync(FrameType.Data, Encoding.UTF8.GetBytes(json), ct).ConfigureAwait(false);
                        }

                        using (var writer = new FrameWriter(stream))
                        {
                            await writer.WriteAsync(FrameType.Data, Encoding.UTF8.GetBytes(json));
                        }
                    }

                    public async Task SendSocketAsync(Socket socket, object message)
                    {
                        using (var stream = new NetworkStream(socket, ownsSocket: false))
                        using (var writer = new FrameWriter(stream))
                        {
                            await writer.WriteAsync(FrameType.Data, JsonSerializer.SerializeToUtf8Bytes(message).AsMemory());
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedWithoutTheRuntime()
    {
        await new VerifyFix.Test
        {
            EditorConfig = Enable,
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Sockets;
                using System.Text;
                using System.Threading.Tasks;

                public class Sender
                {
                    public async Task SendAsync(NetworkStream stream, string json) => await [|stream.WriteAsync(Encoding.UTF8.GetBytes(json))|];
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedForSynchronousMembersOrSocketFlags()
    {
        await new VerifyFix.Test
        {
            EditorConfig = Enable,
            AdditionalReferences = { Runtime },
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Sockets;
                using System.Text;
                using System.Threading.Tasks;

                public class Sender
                {
                    public void Send(NetworkStream stream, string json)
                    {
                        [|stream.Write(Encoding.UTF8.GetBytes(json))|];
                    }

                    public async Task SendAsync(Socket socket, string json)
                    {
                        await [|socket.SendAsync(Encoding.UTF8.GetBytes(json), SocketFlags.OutOfBand)|];
                        _ = [|socket.SendAsync(Encoding.UTF8.GetBytes(json), SocketFlags.None)|];
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task BrokenCodeNeitherThrowsNorReports()
    {
        // Half-typed code, as the IDE analyzes it on every keystroke: no AD0001, no diagnostic on invalid calls.
        await new VerifyAnalyzer.Test
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            EditorConfig = Enable,
            TestCode = """
                using System.Net.Sockets;
                using System.Text;

                public class Sender
                {
                    public void Send(NetworkStream stream, Socket socket, Missing missing, string json)
                    {
                        stream.Write(Encoding.UTF8.GetBytes(json), );
                        socket.Send(Encoding.UTF8.GetBytes());
                        stream.Write(missing.GetBytes(json));
                        var bytes = Encoding.UTF8.GetBytes(json)
                        stream.Write(bytes, missing);
                    }
                }
                """,
        }.RunAsync();
    }
}
