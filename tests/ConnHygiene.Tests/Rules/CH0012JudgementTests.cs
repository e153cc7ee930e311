using System.Threading.Tasks;
using Xunit;
using VerifyAnalyzer = ConnHygiene.Tests.Verifiers.CSharpAnalyzerVerifier<ConnHygiene.Analyzers.Rules.DeadPeerDetectionAnalyzer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0012 asks the lifetime judge whether a socket field's holder is made per request, and finds keep-alive and
/// heartbeat evidence by symbol, not by name.
/// </summary>
public class CH0012JudgementTests
{
    [Fact]
    public async Task SocketFieldsOfPerRequestTypesGoWithTheRequest()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;
            using System.Threading.Tasks;
            using Microsoft.AspNetCore.Mvc;

            public class QuotesController : ControllerBase
            {
                private readonly TcpClient _client = new TcpClient();
                private static TcpClient s_shared = {|CH0012:new TcpClient()|};

                public async Task<int> Get(string host)
                {
                    await _client.ConnectAsync(host, 7000);
                    await s_shared.ConnectAsync(host, 7001);
                    return 1;
                }
            }

            public class QuoteFeed
            {
                private readonly TcpClient _client = {|CH0012:new TcpClient()|};

                public Task OpenAsync(string host) => _client.ConnectAsync(host, 7000);
            }
            """);
    }

    [Fact]
    public async Task AnIdentifierNamedKeepAliveIsNoKeepAliveOption()
    {
        await VerifyAnalyzer.VerifyAnalyzerAsync("""
            using System.Net.Sockets;

            public sealed class Named
            {
                private readonly bool KeepAliveEnabled = true;
                private Socket? _socket;

                public void Open(string host)
                {
                    _socket = {|CH0012:new Socket(SocketType.Stream, ProtocolType.Tcp)|};
                    _socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, KeepAliveEnabled);
                    _socket.Connect(host, 7000);
                }
            }

            public sealed class Raw
            {
                private Socket? _socket;

                public void Open(string host)
                {
                    _socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    _socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.KeepAlive, new byte[] { 1, 0, 0, 0 });
                    _socket.Connect(host, 7000);
                }
            }
            """);
    }

    [Fact]
    public async Task OnlyTheRuntimesFramedConnectionWithHeartbeatsCounts()
    {
        await new VerifyAnalyzer.Test
        {
            TestCode = """
                using System.IO;
                using System.Net.Sockets;
                using System.Threading;
                using System.Threading.Tasks;
                using Runtime = ConnHygiene.Runtime.Framing;

                public sealed class FramedConnection
                {
                    public FramedConnection(Stream stream) { }
                }

                public sealed class LookAlike
                {
                    private TcpClient? _client;
                    private FramedConnection? _framed;

                    public async Task OpenAsync(string host)
                    {
                        _client = {|CH0012:new TcpClient()|};
                        await _client.ConnectAsync(host, 7000);
                        _framed = new FramedConnection(_client.GetStream());
                    }
                }

                public sealed class SilentFraming
                {
                    private TcpClient? _client;
                    private Runtime.FramedConnection? _framed;

                    public async Task OpenAsync(string host)
                    {
                        _client = {|CH0012:new TcpClient()|};
                        await _client.ConnectAsync(host, 7000);
                        _framed = new Runtime.FramedConnection(_client.GetStream(), new Runtime.FramingOptions { HeartbeatInterval = Timeout.InfiniteTimeSpan });
                    }
                }

                public sealed class Aliased
                {
                    private TcpClient? _client;
                    private Runtime.FramedConnection? _framed;

                    public async Task OpenAsync(string host)
                    {
                        _client = new TcpClient();
                        await _client.ConnectAsync(host, 7000);
                        _framed = new Runtime.FramedConnection(_client.GetStream());
                    }
                }
                """,
            AdditionalReferences = { SocketRuleReferences.Runtime },
        }.RunAsync();
    }
}
