using System.Threading;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="FieldStores"/>: is the marked store lazy, used in the same call, closed later in the call?</summary>
public class FieldStoresTests
{
    private static IAssignmentOperation Store(string body)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System;
            using System.Net.Http;
            using System.Net.Sockets;
            using System.Threading.Tasks;
            public class Subject
            {
                private HttpClient? _client;
                private HttpClientHandler? _handler;
                private TcpClient? _peer;
                private Socket? _socket;
                private object? _other;
                public async Task Run(Subject that)
                {
                    await Task.Yield();
            {{body}}
                }
            }
            """);
        return fixture.OperationAt<IAssignmentOperation>();
    }

    private static bool IsLazy(string body) => FieldStores.IsLazyInitialization(Store(body), CancellationToken.None);

    [Theory]
    [InlineData("/*here*/_client ??= new HttpClient();")]
    [InlineData("var c = _client ?? (/*here*/_client = new HttpClient());")]
    [InlineData("if (_client == null) { /*here*/_client = new HttpClient(); }")]
    [InlineData("if (_client is null) /*here*/_client = new HttpClient();")]
    [InlineData("if (_socket == null || !_socket.Connected) { /*here*/_socket = new Socket(SocketType.Stream, ProtocolType.Tcp); }")]
    [InlineData("if (_client != null) { return; } /*here*/_client = new HttpClient();")]
    [InlineData("if (_client != null) throw new InvalidOperationException(); /*here*/_client = new HttpClient();")]
    public void Store_guarded_by_a_test_of_the_same_member_is_lazy(string body)
    {
        Assert.True(IsLazy(body));
    }

    [Theory]
    [InlineData("/*here*/_client = new HttpClient();")]
    [InlineData("if (_other == null) { /*here*/_client = new HttpClient(); }")]
    [InlineData("if (_client == null) { Func<HttpClient> f = () => /*here*/_client = new HttpClient(); }")]
    [InlineData("if (_client != null) { Console.WriteLine(); } /*here*/_client = new HttpClient();")]
    [InlineData("/*here*/_client = new HttpClient(); if (_client == null) { return; }")]
    public void Store_not_guarded_by_its_own_member_is_not_lazy(string body)
    {
        Assert.False(IsLazy(body));
    }

    [Theory]
    [InlineData("""/*here*/_client = new HttpClient(); await _client.GetStringAsync("http://x");""")]
    [InlineData("/*here*/_handler = new HttpClientHandler(); using var client = new HttpClient(_handler);")]
    public void Member_called_or_handed_on_after_the_store_is_used_after(string body)
    {
        Assert.True(FieldStores.UsedAfter(Store(body), CancellationToken.None));
    }

    [Theory]
    [InlineData("/*here*/_client = new HttpClient();")]
    [InlineData("""await _client!.GetStringAsync("http://x"); /*here*/_client = new HttpClient();""")]
    [InlineData("""/*here*/_client = new HttpClient(); await that._client!.GetStringAsync("http://x");""")]
    public void Member_not_used_after_the_store_in_this_body_is_not_used_after(string body)
    {
        Assert.False(FieldStores.UsedAfter(Store(body), CancellationToken.None));
    }

    [Theory]
    [InlineData("/*here*/_peer = new TcpClient(); _peer.Close();")]
    [InlineData("/*here*/_peer = new TcpClient(); _peer?.Dispose();")]
    [InlineData("/*here*/_peer = new TcpClient(); try { } finally { _peer.Dispose(); }")]
    public void Member_closed_on_the_normal_path_is_closed_later_in_the_call(string body)
    {
        Assert.True(FieldStores.ClosedLaterInCall(Store(body), CancellationToken.None));
    }

    [Theory]
    [InlineData("/*here*/_peer = new TcpClient(); try { } catch { _peer.Close(); throw; }")]
    [InlineData("_peer?.Dispose(); /*here*/_peer = new TcpClient();")]
    [InlineData("/*here*/_peer = new TcpClient(); that._peer?.Dispose();")]
    public void Member_closed_only_in_a_catch_or_before_the_store_is_not_closed_later(string body)
    {
        Assert.False(FieldStores.ClosedLaterInCall(Store(body), CancellationToken.None));
    }

    [Fact]
    public void Member_is_the_field_of_this_instance_but_not_of_another()
    {
        Assert.Equal("_client", FieldStores.Member(Store("/*here*/_client = new HttpClient();").Target)?.Name);
        Assert.Null(FieldStores.Member(Store("/*here*/that._client = new HttpClient();").Target));
    }
}
