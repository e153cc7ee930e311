using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using Xunit;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.SocketPerOperationAnalyzer>;
using VerifyFix = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.SocketPerOperationAnalyzer,
    ConnHygiene.CodeFixes.Rules.ConnectInLoopFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>CH0011: a Socket/TcpClient created and closed in the same loop iteration.</summary>
public partial class CH0011Tests
{
    [Fact]
    public async Task ForLoopWithUsingDeclaration()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Loader
            {
                public async Task<int> SumAsync(string host, int port, int requests)
                {
                    var sum = 0;
                    for (var i = 0; i < requests; i++)
                    {
                        using var client = {|#0:new TcpClient()|};
                        await client.ConnectAsync(host, port);
                        var stream = client.GetStream();
                        stream.WriteByte((byte)i);
                        sum += stream.ReadByte();
                    }

                    return sum;
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(0).WithArguments("Loader.SumAsync", "TcpClient", "for"));
    }

    [Fact]
    public async Task ForeachWithUsingBlock()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;

            public class Pinger
            {
                public void PingAll(IEnumerable<string> hosts)
                {
                    foreach (var host in hosts)
                    {
                        using (var client = {|#0:new TcpClient(host, 7)|})
                        {
                            client.GetStream().WriteByte(1);
                        }
                    }
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(0).WithArguments("Pinger.PingAll", "TcpClient", "foreach"));
    }

    [Fact]
    public async Task WhileLoopWithShutdownAndClose()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;

            public class Poller
            {
                public void Poll(IPEndPoint endPoint, CancellationToken token)
                {
                    while (!token.IsCancellationRequested)
                    {
                        var socket = {|#0:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                        socket.Connect(endPoint);
                        socket.Send(new byte[] { 1 });
                        socket.Shutdown(SocketShutdown.Both);
                        socket.Close();
                    }
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(0).WithArguments("Poller.Poll", "Socket", "while"));
    }

    [Fact]
    public async Task DoLoopWithDisposeAndLocalDeclaredOutside()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public class Retrier
            {
                public void Send(string host, int port, int times)
                {
                    TcpClient client;
                    var sent = 0;
                    do
                    {
                        client = {|#0:new TcpClient()|};
                        client.Connect(host, port);
                        client.GetStream().WriteByte(1);
                        client.Dispose();
                        sent++;
                    }
                    while (sent < times);
                }
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(0).WithArguments("Retrier.Send", "TcpClient", "do"));
    }

    [Fact]
    public async Task AwaitForeachAndLoopInsideALambda()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Collections.Generic;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Relay
            {
                public async Task RelayAsync(IAsyncEnumerable<byte> values, string host, int port)
                {
                    await foreach (var value in values)
                    {
                        using var client = {|#0:new TcpClient()|};
                        await client.ConnectAsync(host, port);
                        client.GetStream().WriteByte(value);
                    }
                }

                public Task StartAsync(string host, int port) => Task.Run(() =>
                {
                    for (var i = 0; i < 10; i++)
                    {
                        using var client = {|#1:new TcpClient(host, port)|};
                        client.GetStream().WriteByte((byte)i);
                    }
                });
            }
            """,
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(0).WithArguments("Relay.RelayAsync", "TcpClient", "await foreach"),
            VerifyAnalyzer.Diagnostic("CH0011").WithLocation(1).WithArguments("Relay.StartAsync", "TcpClient", "for"));
    }

    [Fact]
    public async Task TopLevelStatementsLoop()
    {
        await new VerifyAnalyzer.Test
        {
            OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication,
            TestCode = """
                using System.Net.Sockets;

                for (var i = 0; i < 100; i++)
                {
                    using var client = {|CH0011:new TcpClient("localhost", 5000)|};
                    client.GetStream().WriteByte((byte)i);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NoDiagnosticWhenTheConnectionOutlivesTheIteration()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System;
            using System.Collections.Generic;
            using System.IO;
            using System.Net.Sockets;
            using System.Threading.Tasks;

            public class Correct
            {
                // Connected once, used by every iteration.
                public async Task SendAllAsync(string host, int port, IEnumerable<byte[]> messages)
                {
                    using var client = new TcpClient();
                    await client.ConnectAsync(host, port);
                    var stream = client.GetStream();
                    foreach (var message in messages)
                    {
                        await stream.WriteAsync(message);
                    }
                }

                // Reconnect only when the connection is gone.
                public void Reconnecting(string host, int port, int count)
                {
                    TcpClient? client = null;
                    for (var i = 0; i < count; i++)
                    {
                        if (client is null)
                        {
                            client = new TcpClient();
                            client.Connect(host, port);
                        }

                        try
                        {
                            client.GetStream().WriteByte(1);
                        }
                        catch (IOException)
                        {
                            client.Dispose();
                            client = null;
                        }
                    }

                    client?.Dispose();
                }

                // Connections opened in the loop, all kept open and closed later.
                public void OpenMany(string host, int port, int count)
                {
                    var clients = new List<TcpClient>();
                    for (var i = 0; i < count; i++)
                    {
                        var client = new TcpClient();
                        client.Connect(host, port);
                        clients.Add(client);
                    }

                    foreach (var client in clients)
                    {
                        client.Dispose();
                    }
                }

                // Accepting in a loop is what servers do.
                public async Task AcceptLoopAsync(TcpListener listener)
                {
                    while (true)
                    {
                        using var accepted = await listener.AcceptTcpClientAsync();
                        accepted.GetStream().WriteByte(1);
                    }
                }
            }
            """);
    }

    [Fact]
    public async Task FixHoistsAnInvariantConnectBeforeTheLoop()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class Loader
                {
                    public async Task<int> SumAsync(string host, int port, int requests)
                    {
                        var sum = 0;
                        for (var i = 0; i < requests; i++)
                        {
                            using var client = {|CH0011:new TcpClient()|};
                            await client.ConnectAsync(host, port);
                            using var stream = client.GetStream();
                            stream.WriteByte((byte)i);
                            sum += stream.ReadByte();
                        }

                        return sum;
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class Loader
                {
                    public async Task<int> SumAsync(string host, int port, int requests)
                    {
                        var sum = 0;
                        using var client = new TcpClient();
                        await client.ConnectAsync(host, port);
                        for (var i = 0; i < requests; i++)
                        {
                            var stream = client.GetStream();
                            stream.WriteByte((byte)i);
                            sum += stream.ReadByte();
                        }

                        return sum;
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
            CodeActionEquivalenceKey = EquivalenceKeys.HoistConnection,
        }.RunAsync();
    }

    [Fact]
    public async Task FixHoistsAUsingBlockAndMovesTheCloseAfterTheLoop()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Net;
                using System.Net.Sockets;

                public class Pinger
                {
                    public void PingAll(string host, IEnumerable<byte> values)
                    {
                        foreach (var value in values)
                        {
                            using (var client = {|CH0011:new TcpClient(host, 7)|})
                            {
                                client.GetStream().WriteByte(value);
                            }
                        }
                    }

                    public void SendAll(IPEndPoint endPoint, byte[][] messages)
                    {
                        for (var i = 0; i < messages.Length; i++)
                        {
                            var socket = {|CH0011:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                            socket.Connect(endPoint);
                            socket.Send(messages[i]);
                            socket.Shutdown(SocketShutdown.Both);
                            socket.Close();
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Net;
                using System.Net.Sockets;

                public class Pinger
                {
                    public void PingAll(string host, IEnumerable<byte> values)
                    {
                        using var client = new TcpClient(host, 7);
                        foreach (var value in values)
                        {
                            client.GetStream().WriteByte(value);
                        }
                    }

                    public void SendAll(IPEndPoint endPoint, byte[][] messages)
                    {
                        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        socket.Connect(endPoint);
                        for (var i = 0; i < messages.Length; i++)
                        {
                            socket.Send(messages[i]);
                        }
                        socket.Shutdown(SocketShutdown.Both);
                        socket.Close();
                    }
                }
                """,
            CodeActionEquivalenceKey = EquivalenceKeys.HoistConnection,
        }.RunAsync();
    }

    [Fact]
    public async Task FixHoistedAcrossALongRunningLoopTurnsKeepAliveOn()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;

                public class Poller
                {
                    public void Poll(IPEndPoint endPoint, CancellationToken token)
                    {
                        while (!token.IsCancellationRequested)
                        {
                            using var socket = {|CH0011:new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp)|};
                            socket.Connect(endPoint);
                            socket.Send(new byte[] { 1 });
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Net;
                using System.Net.Sockets;
                using System.Threading;

                public class Poller
                {
                    public void Poll(IPEndPoint endPoint, CancellationToken token)
                    {
                        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                        socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, 5);
                        socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
                        socket.Connect(endPoint);
                        while (!token.IsCancellationRequested)
                        {
                            socket.Send(new byte[] { 1 });
                        }
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixHoistsAnAssignmentAndMovesDisposeAfterTheLoop()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Net.Sockets;

                public class Retrier
                {
                    public void Send(string host, int port, int times)
                    {
                        TcpClient client;
                        var sent = 0;
                        do
                        {
                            client = {|CH0011:new()|};
                            client.Connect(host, port);
                            client.GetStream().WriteByte(1);
                            client.Dispose();
                            sent++;
                        }
                        while (sent < times);
                    }
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                public class Retrier
                {
                    public void Send(string host, int port, int times)
                    {
                        TcpClient client;
                        var sent = 0;
                        client = new();
                        client.Connect(host, port);
                        do
                        {
                            client.GetStream().WriteByte(1);
                            sent++;
                        }
                        while (sent < times);
                        client.Dispose();
                    }
                }
                """,
            CodeActionEquivalenceKey = EquivalenceKeys.HoistConnection,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRentsFromThePoolWhenTheEndpointChangesPerIteration()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Net.Sockets;
                using System.Threading.Tasks;

                public class Pinger
                {
                    public async Task PingAllAsync(IEnumerable<string> hosts)
                    {
                        foreach (var host in hosts)
                        {
                            using (var client = {|CH0011:new TcpClient()|})
                            {
                                await client.ConnectAsync(host, 7);
                                client.GetStream().WriteByte(1);
                            }
                        }
                    }
                }
                """,
            FixedCode = """
                using System.Collections.Generic;
                using System.Net.Sockets;
                using System.Threading.Tasks;
                using ConnHygiene.Runtime;

                public class Pinger
                {
                    public async Task PingAllAsync(IEnumerable<string> hosts)
                    {
                        foreach (var host in hosts)
                        {
                            await using (var lease = await TcpConnectionPool.Shared.RentAsync(host, 7))
                            {
                                lease.Value.Stream.WriteByte(1);
                            }
                        }
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
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

                for (var i = 0; i < 100; i++)
                {
                    using var client = {|CH0011:new TcpClient("localhost", 5000)|};
                    client.GetStream().WriteByte((byte)i);
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                using var client = new TcpClient("localhost", 5000);
                for (var i = 0; i < 100; i++)
                {
                    client.GetStream().WriteByte((byte)i);
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task NoFixWhenTheEndpointVariesAndTheRuntimeIsMissing()
    {
        await new VerifyFix.Test
        {
            TestCode = """
                using System.Collections.Generic;
                using System.Net.Sockets;

                public class Pinger
                {
                    public void PingAll(IEnumerable<string> hosts)
                    {
                        foreach (var host in hosts)
                        {
                            using var client = {|CH0011:new TcpClient(host, 7)|};
                            client.GetStream().WriteByte(1);
                        }
                    }

                    public void PingNext(Queue<int> ports)
                    {
                        while (ports.Count > 0)
                        {
                            using var client = {|CH0011:new TcpClient("localhost", ports.Dequeue())|};
                            client.GetStream().WriteByte(1);
                        }
                    }
                }
                """,
            CodeActionExpected = false,
        }.RunAsync();
    }
}
