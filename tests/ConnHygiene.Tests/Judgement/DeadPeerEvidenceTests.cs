using System.Threading;
using ConnHygiene.Analyzers.Sockets;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="DeadPeerEvidence"/>: keep-alive is found by the option's symbol, not by a name that contains it.</summary>
public class DeadPeerEvidenceTests
{
    private static bool SetsKeepAlive(string body)
    {
        var fixture = JudgementFixture.Compile($$"""
            using System.Net;
            using System.Net.Sockets;
            public class Subject
            {
                private const bool KeepAliveOn = true;
                public void Run(Socket socket, HttpWebRequest request)
                {
            {{body}}
                }
            }
            """);
        return DeadPeerEvidence.Create(fixture.Types).SetsKeepAlive(fixture.Tree.GetRoot(), CancellationToken.None);
    }

    [Theory]
    [InlineData("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);")]
    [InlineData("socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, 30);")]
    [InlineData("socket.SetRawSocketOption((int)SocketOptionLevel.Socket, (int)SocketOptionName.KeepAlive, new byte[] { 1, 0, 0, 0 });")]
    [InlineData("socket.IOControl(IOControlCode.KeepAliveValues, new byte[12], null);")]
    public void A_keep_alive_option_field_is_keep_alive(string body)
    {
        Assert.True(SetsKeepAlive(body));
    }

    [Theory]
    [InlineData("socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.NoDelay, KeepAliveOn);")]
    [InlineData("request.KeepAlive = true;")]
    [InlineData("socket.IOControl(IOControlCode.NonBlockingIO, new byte[4], null);")]
    public void A_name_containing_keep_alive_or_the_http_flag_is_not(string body)
    {
        Assert.False(SetsKeepAlive(body));
    }

    [Fact]
    public void A_keep_alive_field_of_a_source_type_named_like_the_framework_enum_is_not()
    {
        // With a SocketOptionName declared in the compilation, the qualifier is bound, not trusted by its name.
        var fixture = JudgementFixture.Compile("""
            using System.Net.Sockets;
            namespace Mine
            {
                public enum SocketOptionName { KeepAlive = 8 }
                public class Subject
                {
                    public void Run(Socket socket) => SetSocketOption(socket, SocketOptionName.KeepAlive, true);
                    private static void SetSocketOption(Socket socket, SocketOptionName name, bool value) { }
                }
            }
            """);
        Assert.False(DeadPeerEvidence.Create(fixture.Types).SetsKeepAlive(fixture.Tree.GetRoot(), CancellationToken.None));
    }
}
