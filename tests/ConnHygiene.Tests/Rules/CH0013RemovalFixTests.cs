using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.AbortiveCloseAnalyzer,
    ConnHygiene.CodeFixes.Rules.AbortiveCloseFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0013's fix runs on the removal engine CH0004 uses: the shapes its own narrower removal left unfixed (an embedded
/// statement, an <c>else</c>, a nested initializer, a void lambda) are fixed, compile, and trip no other rule.
/// </summary>
public class CH0013RemovalFixTests
{
    [Fact]
    public async Task FixRemovesEmbeddedStatementsAndTidiesWhatIsLeft()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.RemoveAbortiveLinger,
            TestCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, bool fast, Socket[] others)
                    {
                        if (fast) [|socket.LingerState = new LingerOption(true, 0)|];
                        if (Check(fast)) [|socket.LingerState = new LingerOption(true, 0)|];
                        if (fast)
                        {
                            socket.NoDelay = true;
                        }
                        else
                        {
                            [|socket.LingerState = new LingerOption(true, 0)|];
                        }

                        if (!fast) socket.NoDelay = false;
                        else [|socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.Linger, new LingerOption(true, 0))|];
                        foreach (var other in others) [|other.LingerState = new LingerOption(true, 0)|];
                    }

                    private static bool Check(bool value) => value;
                }
                """,
            FixedCode = """
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, bool fast, Socket[] others)
                    {
                        if (Check(fast)) { }
                        if (fast)
                        {
                            socket.NoDelay = true;
                        }

                        if (!fast) socket.NoDelay = false;
                        foreach (var other in others) { }
                    }

                    private static bool Check(bool value) => value;
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesANestedInitializerLeftEmptyAndEmptiesVoidLambdas()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                public class Client
                {
                    public TcpClient Create() => new TcpClient { Client = { [|LingerState = new LingerOption(true, 0)|] } };

                    public Action<Socket> Configure() => socket => [|socket.LingerState = new LingerOption(true, 0)|];

                    public void Apply(Socket socket) => [|socket.LingerState = new LingerOption(true, 0)|];
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;

                public class Client
                {
                    public TcpClient Create() => new TcpClient();

                    public Action<Socket> Configure() => socket => { };

                    public void Apply(Socket socket)
                    {
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixRemovesALocalThatOnlyHeldTheOptionAndKeepsOneReadElsewhere()
    {
        await new Verify.Test
        {
            TestCode = """
                using System;
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, Socket other)
                    {
                        var linger = new LingerOption(true, 0);
                        socket.NoDelay = true;
                        [|socket.LingerState = linger|];
                        [|other.LingerState = linger|];

                        var logged = new LingerOption(true, 0);
                        [|socket.LingerState = logged|];
                        Console.WriteLine(logged.LingerTime);
                    }
                }
                """,
            FixedCode = """
                using System;
                using System.Net.Sockets;

                public class Client
                {
                    public void Configure(Socket socket, Socket other)
                    {
                        socket.NoDelay = true;

                        var logged = new LingerOption(true, 0);
                        Console.WriteLine(logged.LingerTime);
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task FixNotOfferedWhereTheValueIsUsed()
    {
        // The lambda returns the assignment's value: removing it would change what the delegate returns.
        const string source = """
            using System;
            using System.Net.Sockets;

            public class Client
            {
                public Func<Socket, LingerOption> Configure() => socket => [|socket.LingerState = new LingerOption(true, 0)|];

                public LingerOption Set(Socket socket) => [|socket.LingerState = new LingerOption(true, 0)|];
            }
            """;
        await new Verify.Test { TestCode = source, FixedCode = source }.RunAsync();
    }
}
