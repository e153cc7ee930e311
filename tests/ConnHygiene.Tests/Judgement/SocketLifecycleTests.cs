using System.Threading;
using ConnHygiene.Analyzers.Sockets;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary>
/// <see cref="SocketLifecycle"/>: what the member that creates a socket does with it. Each question has a case where
/// the answer is yes and a near miss where it is no.
/// </summary>
public class SocketLifecycleTests
{
    private static (JudgementFixture Fixture, SocketLifecycle Lifecycle) Analyze(string members, string typeName = "TcpClient", int index = 0)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System;
            using System.IO;
            using System.Net;
            using System.Net.Sockets;
            using System.Threading;
            using System.Threading.Tasks;
            public class Subject
            {
                private TcpClient? _client;
                private Socket? _socket;
            {{members}}
            }
            """);
        var creation = fixture.Creation(typeName, index);
        return (fixture, SocketLifecycle.Analyze(creation, fixture.Types, CancellationToken.None));
    }

    [Fact]
    public void A_TcpClient_is_a_socket_creation_and_a_listener_is_not()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net;
            using System.Net.Sockets;
            public class Subject
            {
                public object[] Make() => new object[] { new TcpClient(), new TcpListener(IPAddress.Any, 80) };
            }
            """);
        Assert.True(SocketLifecycle.IsSocketCreation(fixture.Creation("TcpClient"), fixture.Types));
        Assert.False(SocketLifecycle.IsSocketCreation(fixture.Creation("TcpListener"), fixture.Types));
    }

    [Fact]
    public void A_stream_socket_is_tcp_and_a_datagram_socket_is_not()
    {
        var fixture = JudgementFixture.Compile("""
            using System.Net.Sockets;
            public class Subject
            {
                public Socket[] Make() => new[] { new Socket(SocketType.Stream, ProtocolType.Tcp), new Socket(SocketType.Dgram, ProtocolType.Udp) };
            }
            """);
        Assert.True(SocketLifecycle.IsTcp(fixture.Creation("Socket", 0)));
        Assert.False(SocketLifecycle.IsTcp(fixture.Creation("Socket", 1)));
    }

    [Fact]
    public void Bind_and_listen_make_a_listener_but_bind_then_connect_does_not()
    {
        var (_, listener) = Analyze("""
                public void Serve(IPEndPoint local)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(local);
                    socket.Listen(10);
                }
            """, "Socket");
        var (_, client) = Analyze("""
                public void Dial(IPEndPoint local, IPEndPoint remote)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Bind(local);
                    socket.Connect(remote);
                    socket.Send(new byte[1]);
                }
            """, "Socket");
        Assert.True(listener.IsListener);
        Assert.False(client.IsListener);
        Assert.IsAssignableFrom<IInvocationOperation>(client.Connect);
        Assert.Null(listener.Connect);
    }

    [Fact]
    public void Disposing_the_stream_it_owns_closes_it_but_a_stream_that_does_not_own_it_does_not()
    {
        var (_, owned) = Analyze("""
                public void Send(string host, byte[] data)
                {
                    var client = new TcpClient(host, 80);
                    using var stream = client.GetStream();
                    stream.Write(data);
                }
            """);
        var (_, borrowed) = Analyze("""
                public void Send(EndPoint remote, byte[] data)
                {
                    var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
                    socket.Connect(remote);
                    using var stream = new NetworkStream(socket);
                    stream.Write(data);
                }
            """, "Socket");
        Assert.True(owned.IsClosed);
        Assert.Contains(owned.DerivedLocals, l => l.Name == "stream");
        Assert.False(borrowed.IsClosed);
        Assert.NotNull(borrowed.WrappingStream);
    }

    [Fact]
    public void A_field_closed_later_in_the_same_call_is_closed_in_call_but_not_when_only_a_catch_closes_it()
    {
        var (_, closed) = Analyze("""
                public void Once(string host)
                {
                    _client = new TcpClient();
                    _client.Connect(host, 80);
                    _client.GetStream().WriteByte(1);
                    _client.Close();
                }
            """);
        var (_, kept) = Analyze("""
                public void Open(string host)
                {
                    _client = new TcpClient();
                    try { _client.Connect(host, 80); }
                    catch (SocketException) { _client.Close(); throw; }
                }
            """);
        Assert.Equal("_client", closed.StoredMember?.Name);
        Assert.True(closed.ClosedInCall);
        Assert.Equal("_client", kept.StoredMember?.Name);
        Assert.False(kept.ClosedInCall);
    }

    [Fact]
    public void A_returned_socket_is_returned_and_one_handed_to_a_method_is_passed_on()
    {
        var (_, returned) = Analyze("""
                public TcpClient Open(string host) { var client = new TcpClient(); client.Connect(host, 80); return client; }
            """);
        var (_, passed) = Analyze("""
                public void Open(string host) { var client = new TcpClient(); client.Connect(host, 80); Configure(client); }
                private static void Configure(TcpClient client) { }
            """);
        Assert.True(returned.Returned);
        Assert.False(returned.PassedOn);
        Assert.True(passed.PassedOn);
        Assert.False(passed.Returned);
    }

    [Fact]
    public void Sending_exchanges_data_but_a_connect_and_close_probe_does_not()
    {
        var (_, sends) = Analyze("""
                public void Ping(string host) { using var client = new TcpClient(); client.Connect(host, 80); client.Client.Send(new byte[1]); }
            """);
        var (_, probe) = Analyze("""
                public bool Probe(string host) { using var client = new TcpClient(); client.Connect(host, 80); return client.Connected; }
            """);
        Assert.True(sends.ExchangesData);
        Assert.False(probe.ExchangesData);
    }

    [Fact]
    public void Created_and_closed_in_one_iteration_but_not_when_only_a_catch_closes_it()
    {
        var (_, each) = Analyze("""
                public void SendAll(string host, byte[][] messages)
                {
                    foreach (var message in messages)
                    {
                        using var client = new TcpClient(host, 80);
                        client.GetStream().Write(message);
                    }
                }
            """);
        var (_, reconnect) = Analyze("""
                public void Pump(string host, CancellationToken token)
                {
                    TcpClient? client = null;
                    while (!token.IsCancellationRequested)
                    {
                        if (client is null) { client = new TcpClient(host, 80); }
                        try { client.GetStream().WriteByte(1); }
                        catch (IOException) { client.Close(); client = null; }
                    }
                }
            """);
        var eachLoop = each.IterationLoop();
        Assert.NotNull(eachLoop);
        Assert.True(each.IsClosedIn(eachLoop!));
        var reconnectLoop = reconnect.IterationLoop();
        Assert.NotNull(reconnectLoop);
        Assert.False(reconnect.IsClosedIn(reconnectLoop!));
    }

    [Fact]
    public void A_long_running_loop_over_its_stream_uses_the_connection_but_a_fill_loop_does_not()
    {
        var (_, pump) = Analyze("""
                public async Task Listen(string host, CancellationToken token)
                {
                    var client = new TcpClient();
                    await client.ConnectAsync(host, 80, token);
                    var stream = client.GetStream();
                    var buffer = new byte[1024];
                    while (!token.IsCancellationRequested) { await stream.ReadAsync(buffer, token); }
                }
            """);
        var (_, fill) = Analyze("""
                public void Read(string host, byte[] buffer)
                {
                    var client = new TcpClient(host, 80);
                    var stream = client.GetStream();
                    int read = 0;
                    while (read < buffer.Length) { read += stream.Read(buffer, read, buffer.Length - read); }
                }
            """);
        Assert.IsAssignableFrom<IWhileLoopOperation>(pump.LoopUsingConnection(longRunningOnly: true, CancellationToken.None));
        Assert.Null(fill.LoopUsingConnection(longRunningOnly: false, CancellationToken.None));
    }

    [Fact]
    public void Handing_its_reader_to_an_endless_method_is_long_running_but_to_a_one_shot_method_is_not()
    {
        var (_, session) = Analyze("""
                public void Start(string host) { var client = new TcpClient(host, 80); var reader = new StreamReader(client.GetStream()); Pump(reader); }
                private static void Pump(StreamReader reader) { while (true) { reader.ReadLine(); } }
            """);
        var (_, once) = Analyze("""
                public void Start(string host) { var client = new TcpClient(host, 80); var reader = new StreamReader(client.GetStream()); ReadOne(reader); }
                private static void ReadOne(StreamReader reader) { reader.ReadLine(); }
            """);
        Assert.True(session.HandedToLongRunningMethod(CancellationToken.None));
        Assert.False(once.HandedToLongRunningMethod(CancellationToken.None));
    }

    [Fact]
    public void The_endpoint_is_the_connect_arguments_without_the_cancellation_token()
    {
        var (_, connected) = Analyze("""
                public async Task Open(string host, CancellationToken token) { var client = new TcpClient(); await client.ConnectAsync(host, 80, token); }
            """);
        var (_, unconnected) = Analyze("""
                public void Open() { var client = new TcpClient(); client.GetStream().WriteByte(1); }
            """);
        Assert.Equal(new[] { "host", "80" }, System.Linq.Enumerable.ToArray(System.Linq.Enumerable.Select(connected.EndpointArguments(), a => a.Value.Syntax.ToString())));
        Assert.Empty(unconnected.EndpointArguments());
    }

    [Fact]
    public void One_creation_is_analyzed_once_and_another_creation_separately()
    {
        var (fixture, first) = Analyze("""
                public void Two(string host) { using var a = new TcpClient(host, 80); using var b = new TcpClient(host, 81); }
            """);
        Assert.Same(first, SocketLifecycle.Analyze(fixture.Creation("TcpClient", 0), fixture.Types, CancellationToken.None));
        Assert.NotSame(first, SocketLifecycle.Analyze(fixture.Creation("TcpClient", 1), fixture.Types, CancellationToken.None));
    }
}
