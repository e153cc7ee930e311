using ConnHygiene.Analyzers.Sockets;
using Microsoft.CodeAnalysis.Operations;
using Xunit;

namespace ConnHygiene.Tests.Judgement;

/// <summary><see cref="StreamOwnership"/>: does disposing what is made from a socket close it?</summary>
public class StreamOwnershipTests
{
    private static JudgementFixture Compile(string body) => JudgementFixture.Compile($$"""
        using System.IO;
        using System.Net.Sockets;
        using System.Text;
        public class Subject
        {
            public void Run(Socket socket, NetworkStream stream)
            {
        {{body}}
            }
        }
        """);

    [Fact]
    public void Readers_are_stream_like_and_strings_are_not()
    {
        var fixture = Compile("var reader = new StreamReader(stream); var text = new string('a', 1);");
        Assert.True(StreamOwnership.IsStreamLike(fixture.Creation("StreamReader").Type, fixture.Types));
        Assert.False(StreamOwnership.IsStreamLike(fixture.Creation("String").Type, fixture.Types));
    }

    [Fact]
    public void A_reader_told_to_leave_open_leaves_open_and_a_plain_reader_does_not()
    {
        var fixture = Compile("var open = new StreamReader(stream, Encoding.UTF8, false, 1024, leaveOpen: true); var owning = new StreamReader(stream);");
        Assert.True(StreamOwnership.LeavesOpen(fixture.Creation("StreamReader", 0)));
        Assert.False(StreamOwnership.LeavesOpen(fixture.Creation("StreamReader", 1)));
    }

    [Fact]
    public void A_network_stream_owns_its_socket_only_when_told_to()
    {
        var fixture = Compile("var borrowed = new NetworkStream(socket); var owned = new NetworkStream(socket, ownsSocket: true);");
        Assert.True(StreamOwnership.LeavesOpen(fixture.Creation("NetworkStream", 0)));
        Assert.False(StreamOwnership.LeavesOpen(fixture.Creation("NetworkStream", 1)));
    }

    [Fact]
    public void A_using_declaration_is_found_around_its_variable_but_not_around_a_plain_one()
    {
        var fixture = Compile("using var a = new MemoryStream(); var b = new MemoryStream();");
        static IVariableDeclaratorOperation Declarator(IObjectCreationOperation creation)
            => Assert.IsAssignableFrom<IVariableDeclaratorOperation>(creation.Parent?.Parent);
        Assert.IsAssignableFrom<IUsingDeclarationOperation>(StreamOwnership.UsingAround(Declarator(fixture.Creation("MemoryStream", 0))));
        Assert.Null(StreamOwnership.UsingAround(Declarator(fixture.Creation("MemoryStream", 1))));
    }
}
