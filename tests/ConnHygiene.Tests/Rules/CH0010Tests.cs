using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.SocketPerOperationAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.SocketPerOperationAnalyzer,
    ConnHygiene.CodeFixes.Rules.SocketPerOperationFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0010: a Socket/TcpClient created, connected and closed per operation.</summary>
public partial class CH0010Tests
{
    [Fact]
    public async Task TcpClientConnectedAndDisposedPerCall()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class PriceClient
            {
                public async Task<int> GetAsync(string host, int port, byte[] request)
                {
                    using var client = {|#0:new TcpClient()|};
                    await client.ConnectAsync(host, port);
                    var stream = client.GetStream();
                    await stream.WriteAsync(request);
                    return stream.ReadByte();
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0010").WithLocation(0).WithArguments("PriceClient.GetAsync", "TcpClient", "on every call"));
    }

    [Fact]
    public async Task TcpClientConnectingConstructorInUsingBlock()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class PriceClient
            {
                public int Get(string host, int port)
                {
                    using (var client = {|CH0010:new TcpClient(host, port)|})
                    {
                        return client.GetStream().ReadByte();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task SocketShutdownAndClose()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            public class Sender
            {
                public void Send(IPEndPoint endPoint, byte[] payload)
                {
                    var socket = {|CH0010:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    socket.Send(payload);
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                }
            }
            """);
    }

    [Fact]
    public async Task ClosedByTheStreamThatOwnsIt()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class LineClient
            {
                public async Task<string?> ReadLineAsync(string host, int port)
                {
                    var client = {|CH0010:new TcpClient()|};
                    await client.ConnectAsync(host, port);
                    using var reader = new StreamReader(client.GetStream());
                    return await reader.ReadLineAsync();
                }

                public int ReadByte(System.Net.EndPoint endPoint)
                {
                    var socket = {|CH0010:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    using var stream = new NetworkStream(socket, ownsSocket: true);
                    return stream.ReadByte();
                }
            }
            """);
    }

    [Fact]
    public async Task HelperCalledFromALoop()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Uploader
            {
                public async Task UploadAllAsync(string host, int port, byte[][] chunks)
                {
                    foreach (var chunk in chunks)
                    {
                        await SendAsync(host, port, chunk);
                    }
                }

                private static async Task SendAsync(string host, int port, byte[] chunk)
                {
                    using var client = {|CH0010:new TcpClient()|};
                    await client.ConnectAsync(host, port);
                    await client.GetStream().WriteAsync(chunk);
                }
            }
            """);
    }

    [Fact]
    public async Task TaskRunLambdaInALoopIsCH0010NotCH0011()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public static class Fanout
            {
                public static Task PingAllAsync(string host, int port, int count)
                {
                    var tasks = new List<Task>();
                    for (var i = 0; i < count; i++)
                    {
                        tasks.Add(Task.Run(async () =>
                        {
                            using var client = {|#0:new TcpClient()|};
                            await client.ConnectAsync(host, port);
                            client.GetStream().WriteByte(1);
                        }));
                    }

                    return Task.WhenAll(tasks);
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0010").WithLocation(0).WithArguments("Fanout.PingAllAsync", "TcpClient", "in every iteration of a for loop"));
    }

    [Fact]
    public async Task TaskRunLambdaInAMethod()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Notifier
            {
                public Task NotifyAsync(string host, int port) => Task.Run(() =>
                {
                    using var client = {|CH0010:new TcpClient(host, port)|};
                    client.GetStream().WriteByte(1);
                });
            }
            """);
    }

    [Fact]
    public async Task ParallelBodyAndEventHandler()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Broadcaster
            {
                public void Broadcast(string host, int port, int count)
                {
                    Parallel.For(0, count, i =>
                    {
                        using var client = {|#0:new TcpClient(host, port)|};
                        client.GetStream().WriteByte((byte)i);
                    });
                }

                public void OnTick(object? sender, EventArgs e)
                {
                    using var client = {|#1:new TcpClient("metrics", 2003)|};
                    client.GetStream().WriteByte(1);
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0010").WithLocation(0).WithArguments("Broadcaster.Broadcast", "TcpClient", "in a Parallel.For body, once per iteration"),
            VerifyAnalyzer.Diagnostic("CH0010").WithLocation(1).WithArguments("Broadcaster.OnTick", "TcpClient", "in an event handler, once per event"));
    }

    [Fact]
    public async Task AFillLoopIsPartOfOneExchange()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class HeaderClient
            {
                public async Task<byte[]> ReadHeaderAsync(string host, int port)
                {
                    using var client = {|CH0010:new TcpClient()|};
                    await client.ConnectAsync(host, port);
                    var stream = client.GetStream();
                    var header = new byte[8];
                    var read = 0;
                    while (read < header.Length)
                    {
                        read += await stream.ReadAsync(header.AsMemory(read));
                    }

                    return header;
                }
            }
            """);
    }

    [Fact]
    public async Task ControllerAction()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class QuotesController : ControllerBase
            {
                [HttpGet]
                public async Task<int> Get()
                {
                    using var client = {|#0:new TcpClient()|};
                    await client.ConnectAsync("quotes", 9000);
                    return client.GetStream().ReadByte();
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0010").WithLocation(0).WithArguments("QuotesController.Get", "TcpClient", "for every request ('QuotesController' is created per request)"));
    }

    [Fact]
    public async Task ConditionalDispose()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Probe
            {
                public bool IsUp(string host, int port)
                {
                    TcpClient? client = null;
                    try
                    {
                        client = {|CH0010:new TcpClient()|};
                        client.Connect(host, port);
                        client.GetStream().WriteByte(1);
                        return true;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                    finally
                    {
                        client?.Dispose();
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task NoDiagnosticForCorrectOrUnrelatedCode()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public class Correct
            {
                private readonly TcpClient _client = new TcpClient();
                private Socket? _socket;

                // Accepted sockets are not creations.
                public async Task ServeAsync(TcpListener listener)
                {
                    using var accepted = await listener.AcceptTcpClientAsync();
                    accepted.GetStream().WriteByte(1);
                    using var socket = listener.Server.Accept();
                    socket.Send(new byte[] { 1 });
                }

                // A listener is not a connection.
                public void Listen(int port)
                {
                    using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    listener.Bind(new IPEndPoint(IPAddress.Loopback, port));
                    listener.Listen(10);
                }

                // UDP leaves no TIME_WAIT behind.
                public void SendDatagram(IPEndPoint endPoint)
                {
                    using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Connect(endPoint);
                    udp.Send(new byte[] { 1 });
                }

                // Kept in a field: long-lived.
                public void Open(string host, int port)
                {
                    _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _socket.Connect(host, port);
                }

                // Returned: the caller decides.
                public TcpClient Connect(string host, int port)
                {
                    var client = new TcpClient();
                    client.Connect(host, port);
                    return client;
                }

                // Never connected.
                public int Unconnected()
                {
                    using var client = new TcpClient();
                    return client.ReceiveBufferSize;
                }

                // Connected and used for a whole loop: one connection for many messages.
                public async Task StreamAllAsync(string host, int port, IEnumerable<byte[]> messages)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port);
                    var stream = client.GetStream();
                    foreach (var message in messages)
                    {
                        await stream.WriteAsync(message);
                    }
                }

                // Handed to someone else.
                public void Handoff(string host, int port, List<TcpClient> keep)
                {
                    var client = new TcpClient(host, port);
                    keep.Add(client);
                }
            }

            public static class Program
            {
                // Once per process.
                public static void Main(string[] args)
                {
                    using var client = new TcpClient("localhost", 5000);
                    client.GetStream().WriteByte(1);
                }
            }
            """);
    }

    [Fact]
    public async Task TestMethodsAreLeftAlone()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using Xunit;

            public class ServerTests
            {
                [Fact]
                public void Answers()
                {
                    using var client = new TcpClient("localhost", 5000);
                    client.GetStream().WriteByte(1);
                }
            }

            namespace Xunit
            {
                public sealed class FactAttribute : System.Attribute { }
            }
            """);
    }

    [Fact]
    public async Task BrokenCodeNeitherCrashesNorReports()
    {
        // Half-typed code as the IDE sees it: the analyzers must not throw (AD0001) and must not guess.
        await new VerifyAnalyzer.Test
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = """
                using System.Net.Sockets;

                public class Broken
                {
                    public void A(string host)
                    {
                        using var client = new TcpClient(host, );
                        client.
                    }

                    public void B()
                    {
                        var socket = new Socket(;
                        socket.Connect(
                        for (;;) { using var c = new TcpClient(; c.Connect(); }
                    }

                    private TcpClient _c = new TcpClient(
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRentsFromThePoolInAnAsyncMethod()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class PriceClient
                {
                    public async Task<int> GetAsync(string host, int port, byte[] request)
                    {
                        using var client = {|CH0010:new TcpClient()|};
                        await client.ConnectAsync(host, port);
                        var stream = client.GetStream();
                        await stream.WriteAsync(request);
                        return stream.ReadByte();
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime;

                public class PriceClient
                {
                    public async Task<int> GetAsync(string host, int port, byte[] request)
                    {
                        await using var lease = await TcpConnectionPool.Shared.RentAsync(host, port);
                        var stream = lease.Value.Stream;
                        await stream.WriteAsync(request);
                        return stream.ReadByte();
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
            CodeActionEquivalenceKey = EquivalenceKeys.RentSocketFromPool,
        }.RunAsync();
    }

    [Fact]
    public async Task FixInSynchronousMethodsBlocksOnlyWhileRenting()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;

                public class Sender
                {
                    public void Send(IPEndPoint endPoint, byte[] payload)
                    {
                        var socket = {|CH0010:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                        socket.Connect(endPoint);
                        socket.Send(payload);
                        socket.Shutdown(SocketShutdown.Both);
                        socket.Close();
                    }

                    public int Get(string host, int port)
                    {
                        using (var client = {|CH0010:new TcpClient(host, port)|})
                        {
                            client.ReceiveTimeout = 1000;
                            return client.GetStream().ReadByte();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using ConnHygiene.Runtime;

                public class Sender
                {
                    public void Send(IPEndPoint endPoint, byte[] payload)
                    {
                        using var lease = TcpConnectionPool.Shared.RentAsync(endPoint).AsTask().GetAwaiter().GetResult();
                        lease.Value.Socket.Send(payload);
                    }

                    public int Get(string host, int port)
                    {
                        using (var lease = TcpConnectionPool.Shared.RentAsync(host, port).AsTask().GetAwaiter().GetResult())
                        {
                            lease.Value.Socket.ReceiveTimeout = 1000;
                            return lease.Value.Stream.ReadByte();
                        }
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
        }.RunAsync();
    }

    [Fact]
    public async Task FixDropsTheUsingOnTheStreamAndKeepsTheToken()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;

                public class Probe
                {
                    public async Task<int> PingAsync(int port, CancellationToken token)
                    {
                        var client = {|CH0010:new TcpClient()|};
                        await client.ConnectAsync(IPAddress.Loopback, port, token).ConfigureAwait(false);
                        using var stream = client.GetStream();
                        stream.WriteByte(1);
                        return stream.ReadByte();
                    }

                    public async Task TouchAsync(string host, int port)
                    {
                        using (var client = {|CH0010:new TcpClient()|})
                        {
                            await client.ConnectAsync(host, port);
                            var stream = client.GetStream();
                            stream.WriteByte(2);
                            stream.Close();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime;

                public class Probe
                {
                    public async Task<int> PingAsync(int port, CancellationToken token)
                    {
                        await using var lease = await TcpConnectionPool.Shared.RentAsync(new IPEndPoint(IPAddress.Loopback, port), token);
                        var stream = lease.Value.Stream;
                        stream.WriteByte(1);
                        return stream.ReadByte();
                    }

                    public async Task TouchAsync(string host, int port)
                    {
                        await using (var lease = await TcpConnectionPool.Shared.RentAsync(host, port))
                        {
                            var stream = lease.Value.Stream;
                            stream.WriteByte(2);
                        }
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
        }.RunAsync();
    }

    [Fact]
    public async Task FixInsideALockUsesTheBlockingForm()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class Serialized
                {
                    private readonly object _gate = new();

                    public async Task<int> GetAsync(string host, int port)
                    {
                        await Task.Yield();
                        lock (_gate)
                        {
                            using var client = {|CH0010:new TcpClient(host, port)|};
                            return client.GetStream().ReadByte();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime;

                public class Serialized
                {
                    private readonly object _gate = new();

                    public async Task<int> GetAsync(string host, int port)
                    {
                        await Task.Yield();
                        lock (_gate)
                        {
                            using var lease = TcpConnectionPool.Shared.RentAsync(host, port).AsTask().GetAwaiter().GetResult();
                            return lease.Value.Stream.ReadByte();
                        }
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixWithoutTheRuntime()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;

                public class PriceClient
                {
                    public int Get(string host, int port)
                    {
                        using var client = {|CH0010:new TcpClient(host, port)|};
                        return client.GetStream().ReadByte();
                    }
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixWhenAReaderWouldCloseThePooledStream()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.IO;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class LineClient
                {
                    public async Task<string?> ReadLineAsync(string host, int port)
                    {
                        var client = {|CH0010:new TcpClient()|};
                        await client.ConnectAsync(host, port);
                        using var reader = new StreamReader(client.GetStream());
                        return await reader.ReadLineAsync();
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
            CodeActionExpected = false,
        }.RunAsync();
    }

    // ---- Precision on real code (issue 8) -------------------------------------------------------------------

    [Fact]
    public async Task SocketInAFieldOpenedAndClosedInOneCallIsPerCall()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Text;

            public class PrinterClient
            {
                private TcpClient _client;
                private Socket _socket;

                public void Print(string host, string job)
                {
                    _client = {|CH0010:new TcpClient()|};
                    _client.Connect(host, 9100);
                    var bytes = Encoding.ASCII.GetBytes(job);
                    _client.GetStream().Write(bytes, 0, bytes.Length);
                    _client.Close();
                }

                public string Query(IPEndPoint endPoint)
                {
                    _socket = {|CH0010:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    _socket.Connect(endPoint);
                    _socket.Send(new byte[] { 1 });
                    var buffer = new byte[1024];
                    var text = new StringBuilder();
                    do
                    {
                        var read = _socket.Receive(buffer);
                        text.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }
                    while (_socket.Available > 0);
                    _socket.Shutdown(SocketShutdown.Both);
                    _socket.Close();
                    return text.ToString();
                }
            }
            """);
    }

    [Fact]
    public async Task DrainLoopsArePartOfOneExchange()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Text;

            public class StatusClient
            {
                public string Query(IPEndPoint endPoint)
                {
                    using var socket = {|CH0010:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    var buffer = new byte[1024];
                    var text = new StringBuilder();
                    while (socket.Available > 0)
                    {
                        text.Append(Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)));
                    }

                    return text.ToString();
                }

                public string Telnet(string host)
                {
                    using var client = {|CH0010:new TcpClient(host, 23)|};
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    var text = new StringBuilder();
                    do
                    {
                        text.Append(Encoding.ASCII.GetString(buffer, 0, stream.Read(buffer, 0, buffer.Length)));
                    }
                    while (stream.DataAvailable);
                    return text.ToString();
                }
            }
            """);
    }

    [Fact]
    public async Task OneSocketPerUserActionIsNotReported()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Text;

            namespace System.Windows.Forms
            {
                public class Form { }
                public class Button { public event EventHandler? Click; }
            }

            public class PrintForm : System.Windows.Forms.Form
            {
                private readonly System.Windows.Forms.Button _print = new();

                public PrintForm()
                {
                    _print.Click += (s, e) =>
                    {
                        using var client = new TcpClient("printer", 9100);
                        client.GetStream().WriteByte(1);
                    };
                }

                private void btnPrint_Click(object? sender, EventArgs e)
                {
                    using var client = new TcpClient("printer", 9100);
                    var job = Encoding.ASCII.GetBytes("^XA^XZ");
                    client.GetStream().Write(job, 0, job.Length);
                }

                private void OnLoaded(object? sender, EventArgs e)
                {
                    using var client = new TcpClient("printer", 9100);
                    client.GetStream().WriteByte(2);
                }
            }
            """);
    }

    [Fact]
    public async Task OneShotProgramIsNotPerOperation()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public static class Program
            {
                public static void Main(string[] args)
                {
                    using var client = new TcpClient(args[0], 9100);
                    client.GetStream().WriteByte(1);
                }
            }
            """);
    }

    [Fact]
    public async Task ConnectOnlyProbesAreNotReported()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class PortScanner
            {
                public bool IsOpen(string host, int port)
                {
                    try
                    {
                        using var client = new TcpClient();
                        client.ReceiveTimeout = 500;
                        client.Connect(host, port);
                        return client.Connected;
                    }
                    catch (SocketException)
                    {
                        return false;
                    }
                }

                public void Send(string host, int port)
                {
                    using var client = {|CH0010:new TcpClient()|};
                    client.Connect(host, port);
                    client.Client.Send(new byte[] { 1 });
                }
            }
            """);
    }

    [Fact]
    public async Task HelpersNestedInTestClassesAreTestCode()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            namespace Xunit { public sealed class FactAttribute : System.Attribute { } }

            public class ConnectTests
            {
                [Xunit.Fact]
                public void Connects() => Helper.Probe("localhost", 80);

                private static class Helper
                {
                    public static void Probe(string host, int port)
                    {
                        using var client = new TcpClient(host, port);
                        client.GetStream().WriteByte(1);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task ConnectionHandedToASessionLoopIsNotPerOperation()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class ChatClient
            {
                public async Task StartAsync(string host, int port)
                {
                    using TcpClient client = new();
                    await client.ConnectAsync(host, port);
                    var reader = new StreamReader(client.GetStream());
                    var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    _ = Task.Run(() => ReceiveAsync(reader));
                    await SendAsync(writer);
                }

                public async Task StartAssignedAsync(string host, int port)
                {
                    using TcpClient client = new();
                    StreamReader? reader = null;
                    StreamWriter? writer = null;
                    try
                    {
                        await client.ConnectAsync(host, port);
                        reader = new StreamReader(client.GetStream());
                        writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                        _ = Task.Run(() => ReceiveAsync(reader));
                        await SendAsync(writer);
                    }
                    finally
                    {
                        writer?.Close();
                        reader?.Close();
                    }
                }

                public async Task<string?> AskAsync(string host, int port)
                {
                    using TcpClient client = {|CH0010:new()|};
                    await client.ConnectAsync(host, port);
                    var writer = new StreamWriter(client.GetStream()) { AutoFlush = true };
                    await WriteOnceAsync(writer);
                    return await new StreamReader(client.GetStream()).ReadLineAsync();
                }

                private static async Task ReceiveAsync(StreamReader reader)
                {
                    while (true)
                    {
                        var line = await reader.ReadLineAsync();
                        if (line is null) return;
                    }
                }

                private static async Task SendAsync(StreamWriter writer)
                {
                    while (true)
                    {
                        await writer.WriteLineAsync(System.Console.ReadLine());
                    }
                }

                private static Task WriteOnceAsync(StreamWriter writer) => writer.WriteLineAsync("hello");
            }
            """);
    }
}

/// <summary>The runtime assembly the socket rules' pool fixes need, referenced as a user's project would.</summary>
internal static class SocketRuleReferences
{
    public static readonly MetadataReference Runtime =
        MetadataReference.CreateFromFile(typeof(ConnHygiene.Runtime.TcpConnectionPool).Assembly.Location);
}
