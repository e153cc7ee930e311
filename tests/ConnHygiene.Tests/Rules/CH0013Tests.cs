using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Xunit;
using ConnHygiene.CodeFixes;
using Microsoft.CodeAnalysis.Testing;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.AbortiveCloseAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.AbortiveCloseAnalyzer,
    ConnHygiene.CodeFixes.Rules.AbortiveCloseFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0013: LingerOption(true, 0) forces an abortive close.</summary>
public class CH0013Tests
{
    [Fact]
    public async Task SocketLingerStateWithExplicitCreation()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(Socket socket)
                {
                    {|#0:socket.LingerState = new LingerOption(true, 0)|};
                }
            }
            """,
            VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("Client.Configure"));
    }

    [Fact]
    public async Task TcpClientLingerStateTargetTyped()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(TcpClient tcpClient)
                {
                    [|tcpClient.LingerState = new(true, 0)|];
                }
            }
            """);
    }

    [Fact]
    public async Task TcpClientClientLingerState()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(TcpClient client)
                {
                    [|client.Client.LingerState = new LingerOption(true, 0)|];
                }
            }
            """);
    }

    [Fact]
    public async Task SetSocketOptionLinger()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(Socket socket)
                {
                    [|socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))|];
                }
            }
            """);
    }

    [Fact]
    public async Task ObjectInitializerEntries()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public Socket Create() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                {
                    NoDelay = true,
                    [|LingerState = new LingerOption(true, 0)|],
                };

                public TcpClient CreateClient() => new TcpClient { [|LingerState = new(true, 0)|] };
            }
            """);
    }

    [Fact]
    public async Task ConstantFoldedArguments()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                private const int NoLinger = 0;
                private const bool On = true;

                public void Configure(Socket socket, TcpClient client)
                {
                    [|socket.LingerState = new LingerOption(On, NoLinger)|];
                    [|client.LingerState = new LingerOption(enable: true, seconds: 5 - 5)|];
                    [|socket.LingerState = new LingerOption(false, 10) { Enabled = true, LingerTime = 0 }|];
                }
            }
            """);
    }

    [Fact]
    public async Task LocalHoldingTheOption()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(Socket socket)
                {
                    var linger = new LingerOption(true, 0);
                    [|socket.LingerState = linger|];
                }

                public void Reassigned(Socket socket, int seconds)
                {
                    var linger = new LingerOption(true, 0);
                    linger = new LingerOption(true, seconds);
                    socket.LingerState = linger;
                }
            }
            """);
    }

    [Fact]
    public async Task TopLevelStatements()
    {
        await new VerifyAnalyzer.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Sockets;

                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                {|#0:socket.LingerState = new LingerOption(true, 0)|};
                """,
            ExpectedDiagnostics = { VerifyAnalyzer.Diagnostic().WithLocation(0).WithArguments("top-level statements") },
        }.RunAsync();
    }

    [Fact]
    public async Task NegativesProduceNoDiagnostic()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Client
            {
                public void Configure(Socket socket, TcpClient client, int seconds, bool enabled)
                {
                    socket.LingerState = new LingerOption(false, 0);
                    socket.LingerState = new LingerOption(true, 5);
                    client.LingerState = new(true, 30);
                    socket.LingerState = new LingerOption(true, seconds);
                    socket.LingerState = new LingerOption(enabled, 0);
                    socket.LingerState = new LingerOption(true, 0) { LingerTime = 10 };
                    socket.NoDelay = true;
                    client.NoDelay = true;
                    var current = socket.LingerState;
                    var time = client.LingerState.LingerTime;
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 10));
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                    socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.DontLinger, false);
                    var unused = new LingerOption(true, 0);
                }
            }
            """);
    }

    [Fact]
    public async Task OwnLingerStatePropertyIsNotFlagged()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Settings
            {
                public LingerOption? LingerState { get; set; }

                public void Configure() => LingerState = new LingerOption(true, 0);
            }
            """);
    }

    [Fact]
    public async Task FixRemovesStatementsAndFixAllRemovesEveryOne()
    {
        await new VerifyFix.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.RemoveAbortiveLinger,
            TestCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, TcpClient client)
                    {
                        socket.NoDelay = true;
                        [|socket.LingerState = new LingerOption(true, 0)|];
                        [|client.LingerState = new(true, 0)|];
                        [|socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))|];
                        socket.LingerState = new LingerOption(true, 5);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, TcpClient client)
                    {
                        socket.NoDelay = true;
                        socket.LingerState = new LingerOption(true, 5);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesInitializerEntries()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public Socket Create() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                    {
                        NoDelay = true,
                        [|LingerState = new LingerOption(true, 0)|],
                    };

                    public TcpClient CreateClient() => new TcpClient { [|LingerState = new(true, 0)|] };

                    public TcpClient CreateOther() => new TcpClient("localhost", 80) { [|LingerState = new(true, 0)|] };
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public Socket Create() => new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)
                    {
                        NoDelay = true,
                    };

                    public TcpClient CreateClient() => new TcpClient();

                    public TcpClient CreateOther() => new TcpClient("localhost", 80);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixInTopLevelStatements()
    {
        await new VerifyFix.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Sockets;

                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                [|socket.LingerState = new LingerOption(true, 0)|];
                socket.NoDelay = true;
                """,
            FixedCode = """
                using System.Net.Sockets;

                using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                socket.NoDelay = true;
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedWhereRemovingWouldChangeMeaning()
    {
        await new VerifyFix.Test
        {
            CodeActionExpected = false,
            TestCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public LingerOption Configure(Socket socket)
                    {
                        return [|socket.LingerState = new LingerOption(true, 0)|];
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesTheStatementWithTheCommentAboutIt()
    {
        await VerifyFix.VerifyCodeFixAsync("""
            using System.Net.Sockets;

            public sealed class PriceTicker
            {
                private readonly TcpClient _connection;
                private readonly NetworkStream _stream;

                public PriceTicker(string host, int port)
                {
                    _connection = {|CH0012:new TcpClient(host, port)|};

                    // Dodge TIME_WAIT.
                    [|_connection.LingerState = new LingerOption(true, 0)|];
                    _stream = _connection.GetStream();
                }
            }
            """, """
            using System.Net.Sockets;

            public sealed class PriceTicker
            {
                private readonly TcpClient _connection;
                private readonly NetworkStream _stream;

                public PriceTicker(string host, int port)
                {
                    _connection = {|CH0012:new TcpClient(host, port)|};
                    _stream = _connection.GetStream();
                }
            }
            """);
    }

    [Fact]
    public async Task BrokenCodeNeitherThrowsNorReports()
    {
        // Half-typed code, as the IDE analyzes it on every keystroke: no AD0001, no diagnostic on invalid calls.
        await new VerifyAnalyzer.Test
        {
            CompilerDiagnostics = CompilerDiagnostics.None,
            TestCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, Missing missing)
                    {
                        socket.LingerState = new LingerOption(true, );
                        socket.LingerState = new(true, missing.Zero);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger);
                        socket.SetSocketOption(SocketOptionLevel.Socket, (SocketOptionName)0x80, new LingerOption(true, 5));
                        missing.LingerState = new LingerOption(true, 0) { Enabled = };
                        var linger = new LingerOption(true, 0)
                    }
                }
                """,
        }.RunAsync();
    }
}
