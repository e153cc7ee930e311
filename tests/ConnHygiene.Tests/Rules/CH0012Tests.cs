using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Xunit;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.DeadPeerDetectionAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.DeadPeerDetectionAnalyzer,
    ConnHygiene.CodeFixes.Rules.DeadPeerDetectionFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0012: a long-lived socket with no keep-alive and no heartbeat.</summary>
public partial class CH0012Tests
{
    [Fact]
    public async Task TcpClientStoredInAField()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public sealed class FeedConnection
            {
                private TcpClient? _client;

                public async Task OpenAsync(string host, int port)
                {
                    _client = {|#0:new TcpClient()|};
                    await _client.ConnectAsync(host, port);
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("FeedConnection.OpenAsync", "TcpClient", "in field '_client'"));
    }

    [Fact]
    public async Task SocketInAFieldInitializerAndAProperty()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public sealed class Links
            {
                private readonly Socket _socket = {|#0:new Socket(SocketType.Stream, ProtocolType.Tcp)|};

                public TcpClient? Control { get; private set; }

                public void Open(string host)
                {
                    var client = {|#1:new TcpClient()|};
                    client.Connect(host, 21);
                    Control = client;
                    _socket.Connect(host, 20);
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Links._socket", "Socket", "in field '_socket'"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Links.Open", "TcpClient", "in property 'Control'"));
    }

    [Fact]
    public async Task UsedAcrossALongRunningLoop()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class Subscriber
            {
                public async Task ListenAsync(string host, int port, Action<byte> onByte, CancellationToken token)
                {
                    using var client = {|#0:new TcpClient()|};
                    await client.ConnectAsync(host, port, token);
                    var stream = client.GetStream();
                    while (!token.IsCancellationRequested)
                    {
                        var value = stream.ReadByte();
                        if (value < 0) break;
                        onByte((byte)value);
                    }
                }

                public void Pump(System.Net.EndPoint endPoint)
                {
                    var socket = {|#1:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    socket.Connect(endPoint);
                    var buffer = new byte[64];
                    for (;;)
                    {
                        if (socket.Receive(buffer) == 0) break;
                    }

                    socket.Dispose();
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Subscriber.ListenAsync", "TcpClient", "across a long-running while loop"),
            VerifyAnalyzer.Diagnostic().WithLocation(1).WithArguments("Subscriber.Pump", "Socket", "across a long-running for loop"));
    }

    [Fact]
    public async Task AcceptedSocketStoredInAField()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public sealed class SinglePeerServer
            {
                private TcpClient? _peer;

                public async Task WaitForPeerAsync(TcpListener listener)
                {
                    _peer = await {|#0:listener.AcceptTcpClientAsync()|};
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("SinglePeerServer.WaitForPeerAsync", "TcpClient", "in field '_peer'"));
    }

    [Fact]
    public async Task NoDiagnosticWithKeepAliveHeartbeatsOrShortLives()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public sealed class WithKeepAlive
            {
                private TcpClient? _client;

                public async Task OpenAsync(string host, int port)
                {
                    _client = new TcpClient();
                    _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    await _client.ConnectAsync(host, port);
                }
            }

            public sealed class KeepAliveSetElsewhere
            {
                private readonly Socket _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);

                public void Configure() => _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
            }

            public sealed class Listener
            {
                private readonly Socket _listener = new Socket(SocketType.Stream, ProtocolType.Tcp);

                public void Start()
                {
                    _listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
                    _listener.Listen(10);
                }
            }

            public sealed class LocalUses
            {
                // Returned to the caller: the caller's to configure.
                public static TcpClient Connect(string host, int port)
                {
                    var client = new TcpClient();
                    client.Connect(host, port);
                    return client;
                }

                // Keep-alive on before the loop.
                public void Pump(string host, int port, CancellationToken token)
                {
                    using var client = new TcpClient(host, port);
                    client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    var stream = client.GetStream();
                    while (!token.IsCancellationRequested && stream.ReadByte() >= 0)
                    {
                    }
                }

                // A fill loop reads one message; it ends on its own.
                public byte[] ReadHeader(string host, int port)
                {
                    using var client = new TcpClient(host, port);
                    var stream = client.GetStream();
                    var header = new byte[8];
                    var read = 0;
                    while (read < header.Length && !Cancelled)
                    {
                        read += stream.Read(header, read, header.Length - read);
                    }

                    return header;
                }

                private bool Cancelled => false;

                // A counted loop ends on its own.
                public void SendTen(string host, int port)
                {
                    using var client = new TcpClient(host, port);
                    var stream = client.GetStream();
                    for (var i = 0; i < 10; i++)
                    {
                        stream.WriteByte((byte)i);
                    }
                }

                // UDP has no connection to lose.
                public void Datagrams(IPEndPoint endPoint, CancellationToken token)
                {
                    using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    udp.Connect(endPoint);
                    while (!token.IsCancellationRequested)
                    {
                        udp.Send(new byte[] { 1 });
                    }
                }

                // Each accepted client handed to its own handler: not judged here.
                public async Task ServeAsync(TcpListener listener, List<Task> handlers)
                {
                    while (true)
                    {
                        var accepted = await listener.AcceptTcpClientAsync();
                        handlers.Add(HandleAsync(accepted));
                    }
                }

                private static Task HandleAsync(TcpClient client) => Task.CompletedTask;
            }
            """);
    }

    [Fact]
    public async Task WrappedInFramedConnection()
    {
        await new VerifyAnalyzer.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime.Framing;

                public sealed class Heartbeats
                {
                    private TcpClient? _client;
                    private FramedConnection? _framed;

                    public async Task OpenAsync(string host, int port)
                    {
                        _client = new TcpClient();
                        await _client.ConnectAsync(host, port);
                        _framed = new FramedConnection(_client.GetStream());
                    }

                    public async Task RunAsync(string host, int port, CancellationToken token)
                    {
                        using var client = new TcpClient();
                        await client.ConnectAsync(host, port, token);
                        var stream = client.GetStream();
                        await using var framed = new FramedConnection(stream);
                        while (!token.IsCancellationRequested && stream.CanRead)
                        {
                            await framed.ReceiveAsync(token);
                        }
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
        }.RunAsync();
    }

    [Fact]
    public async Task BrokenCodeDoesNotCrash()
    {
        await new VerifyAnalyzer.Test
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = """
                using System.Net.Sockets;

                public class Broken
                {
                    private TcpClient? _a;

                    public void A(string host, System.Threading.CancellationToken token)
                    {
                        _a = new TcpClient(host, );
                        var socket = new Socket(;
                        while (true) { socket.Receive(; }
                        _b = await new TcpListener().AcceptTcpClientAsync(;
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task TestMethodsAreLeftAlone()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class ServerTests
            {
                private TcpClient? _client;

                [Xunit.Fact]
                public void Connects()
                {
                    _client = new TcpClient("localhost", 5000);
                }
            }

            namespace Xunit
            {
                public sealed class FactAttribute : System.Attribute { }
            }
            """);
    }

    [Fact]
    public async Task FixAddsKeepAliveAfterTheFieldAssignment()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public sealed class FeedConnection
                {
                    private TcpClient? _client;

                    public async Task OpenAsync(string host, int port)
                    {
                        _client = [|new TcpClient()|];
                        await _client.ConnectAsync(host, port);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public sealed class FeedConnection
                {
                    private TcpClient? _client;

                    public async Task OpenAsync(string host, int port)
                    {
                        _client = new TcpClient();
                        _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                        await _client.ConnectAsync(host, port);
                    }
                }
                """,
            CodeActionEquivalenceKey = ConnHygiene.CodeFixes.EquivalenceKeys.EnableKeepAlive,
        }.RunAsync();
    }

    [Fact]
    public async Task FixOnALocalSocketAndAnAcceptedClient()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public sealed class Pump
                {
                    private TcpClient? _peer;

                    public async Task WaitAsync(TcpListener listener)
                    {
                        _peer = await [|listener.AcceptTcpClientAsync()|];
                    }

                    public void Run(EndPoint endPoint)
                    {
                        var socket = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                        socket.Connect(endPoint);
                        var buffer = new byte[64];
                        while (socket.Receive(buffer) > 0)
                        {
                        }

                        socket.Dispose();
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public sealed class Pump
                {
                    private TcpClient? _peer;

                    public async Task WaitAsync(TcpListener listener)
                    {
                        _peer = await listener.AcceptTcpClientAsync();
                        _peer.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        _peer.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        _peer.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        _peer.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                    }

                    public void Run(EndPoint endPoint)
                    {
                        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                        socket.Connect(endPoint);
                        var buffer = new byte[64];
                        while (socket.Receive(buffer) > 0)
                        {
                        }

                        socket.Dispose();
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixAllInTwoTypes()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;

                public sealed class A
                {
                    private Socket? _socket;

                    public void Open(string host)
                    {
                        _socket = [|new Socket(SocketType.Stream, ProtocolType.Tcp)|];
                        _socket.Connect(host, 1);
                    }
                }

                public sealed class B
                {
                    private TcpClient? _client;

                    public void Open(string host)
                    {
                        _client = [|new TcpClient(host, 2)|];
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                public sealed class A
                {
                    private Socket? _socket;

                    public void Open(string host)
                    {
                        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                        _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        _socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                        _socket.Connect(host, 1);
                    }
                }

                public sealed class B
                {
                    private TcpClient? _client;

                    public void Open(string host)
                    {
                        _client = new TcpClient(host, 2);
                        _client.Client.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        _client.Client.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixForAFieldInitializer()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;

                public sealed class Link
                {
                    private readonly TcpClient _client = [|new TcpClient()|];
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }

    // ---- Precision on real code (issue 8) -------------------------------------------------------------------

    [Fact]
    public async Task OpenedAndClosedInOneCallIsNotLongLived()
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
                    _client = new TcpClient();
                    _client.Connect(host, 9100);
                    var bytes = Encoding.ASCII.GetBytes(job);
                    _client.GetStream().Write(bytes, 0, bytes.Length);
                    _client.Close();
                }

                public string Query(IPEndPoint endPoint)
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(endPoint);
                    var buffer = new byte[256];
                    var text = new StringBuilder();
                    while (socket.Available > 0)
                    {
                        text.Append(Encoding.ASCII.GetString(buffer, 0, socket.Receive(buffer)));
                    }

                    return text.ToString();
                }
            }
            """);
    }

    [Fact]
    public async Task HeartbeatInAnotherTypeCounts()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading;

            public class Channel
            {
                private TcpClient _tcp;

                public void Open(string host, int port)
                {
                    _tcp = new TcpClient();
                    _tcp.Connect(host, port);
                }

                public void Send(byte[] data) => _tcp.GetStream().Write(data, 0, data.Length);
            }

            public class ProtocolClient
            {
                private readonly Channel _channel = new Channel();
                private Timer _timer;

                public void Start()
                {
                    _channel.Open("broker", 1883);
                    _timer = new Timer(_ => SendPingRequest(), null, 30000, 30000);
                }

                private void SendPingRequest() => _channel.Send(new byte[] { 0xC0, 0 });
            }
            """);
    }

    [Fact]
    public async Task EvidenceInAnUnrelatedTypeDoesNotCount()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Feed
            {
                private TcpClient _tcp;

                public void Open(string host, int port)
                {
                    _tcp = {|CH0012:new TcpClient()|};
                    _tcp.Connect(host, port);
                }
            }

            public class Mapping
            {
                public void Heartbeat() { }
            }
            """);
    }

    [Fact]
    public async Task AcceptedSocketsKeptInACollection()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Concurrent;
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;

            public class ChatServer
            {
                private readonly List<TcpClient> _clients = new();
                private readonly ConcurrentDictionary<int, Socket> _byId = new();

                public async Task RunAsync(TcpListener listener, CancellationToken cancellationToken)
                {
                    while (!cancellationToken.IsCancellationRequested)
                    {
                        var client = await {|CH0012:listener.AcceptTcpClientAsync(cancellationToken)|};
                        _clients.Add(client);
                    }
                }

                public void AcceptOne(Socket listener, int id)
                {
                    var socket = {|CH0012:listener.Accept()|};
                    _byId[id] = socket;
                }

                public async Task HandOffAsync(TcpListener listener)
                {
                    var client = await listener.AcceptTcpClientAsync();
                    _ = Task.Run(() => client.GetStream().ReadByte());
                }
            }
            """);
    }

    [Fact]
    public async Task EvidenceIsKeptApartByFullTypeNameAndHttpKeepAliveIsNotTcpKeepAlive()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            namespace Chat
            {
                public static class Program
                {
                    private static TcpClient s_client;

                    public static void Start(string host)
                    {
                        s_client = {|CH0012:new TcpClient(host, 8888)|};
                    }
                }
            }

            namespace Ftp
            {
                public static class Program
                {
                    private static TcpClient s_control;

                    public static void Start(string server)
                    {
                        var request = (FtpWebRequest)WebRequest.Create(server);
                        request.KeepAlive = true;
                        s_control = {|CH0012:new TcpClient(server, 21)|};
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task SocketsBoundWithoutConnectingHaveNoPeer()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;

            public class Transport
            {
                public Socket Socket { get; set; }
            }

            public class SipApp
            {
                private readonly Transport _transport = new();
                private Socket _client;

                public void Listen(IPEndPoint local)
                {
                    _transport.Socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    _transport.Socket.Bind(local);
                }

                public void Dial(IPEndPoint local, IPEndPoint remote)
                {
                    _client = {|CH0012:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                    _client.Bind(local);
                    _client.Connect(remote);
                }
            }
            """);
    }

    [Fact]
    public async Task AcceptedSocketsKeptInACollectionInsideAWrapper()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            public class ClientObject
            {
                public ClientObject(TcpClient client) => Client = client;

                public TcpClient Client { get; }
            }

            public class ServerObject
            {
                private readonly List<ClientObject> _clients = new();

                public void Listen(TcpListener listener)
                {
                    while (true)
                    {
                        var tcpClient = {|CH0012:listener.AcceptTcpClient()|};
                        var client = new ClientObject(tcpClient);
                        _clients.Add(client);
                    }
                }

                public void ListenInline(TcpListener listener)
                {
                    var tcpClient = {|CH0012:listener.AcceptTcpClient()|};
                    _clients.Add(new ClientObject(tcpClient));
                }
            }
            """);
    }

    [Fact]
    public async Task LoopbackPeersAcceptedAndClosedAndPerTransferSocketsAreNotLongLived()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Net;
            using System.Net.Sockets;

            public class GameTelnet
            {
                private readonly TcpClient _local = new TcpClient("localhost", 2121);
                private TcpClient _viaAddress;
                private TcpClient _remote;

                public void Open(int port)
                {
                    _viaAddress = new TcpClient();
                    _viaAddress.Connect(IPAddress.Loopback, port);
                    _remote = {|CH0012:new TcpClient("game.example.com", port)|};
                }
            }

            public class SyncServer
            {
                private Socket _client;

                public void ServeOne(Socket listener)
                {
                    _client = listener.Accept();
                    _client.Send(new byte[] { 1 });
                    _client.Close();
                }
            }

            public class FtpData
            {
                private TcpClient _data;

                public void Retrieve(IPEndPoint endPoint)
                {
                    _data = new TcpClient();
                    _data.BeginConnect(endPoint.Address, endPoint.Port, OnConnected, null);
                }

                private void OnConnected(IAsyncResult result)
                {
                    _data.EndConnect(result);
                    _data.GetStream().WriteByte(1);
                    _data.Close();
                }
            }
            """);
    }

    [Fact]
    public async Task AcceptedFromALoopbackListenerIsNotWatched()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net;
            using System.Net.Sockets;

            public class LocalServer
            {
                private readonly TcpListener _local = new TcpListener(IPAddress.IPv6Loopback, 5000);
                private readonly TcpListener _public = new TcpListener(IPAddress.Any, 5001);
                private readonly TcpListener _assigned;

                public LocalServer() => _assigned = new(IPAddress.Loopback, 5002);
                private readonly List<TcpClient> _clients = new();

                public void AcceptBoth()
                {
                    var local = _local.AcceptTcpClient();
                    _clients.Add(local);
                    var remote = {|CH0012:_public.AcceptTcpClient()|};
                    _clients.Add(remote);
                    var assigned = _assigned.AcceptTcpClient();
                    _clients.Add(assigned);
                }
            }
            """);
    }
}
