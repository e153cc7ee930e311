using System.Threading.Tasks;
using ConnHygiene.CodeFixes;
using Xunit;
using Verify = ConnHygiene.Tests.Verifiers.CSharpCodeFixVerifier<
    ConnHygiene.Analyzers.Rules.KeepAliveOffAnalyzer,
    ConnHygiene.CodeFixes.Rules.KeepAliveOffFixer>;

namespace ConnHygiene.Tests.Rules;

/// <summary>
/// CH0004: a zero <c>PooledConnectionLifetime</c> is replaced, not removed, so it has its own equivalence key: applied
/// one at a time, each key touches only its own kind of site; Fix All under either key fixes every site with its own
/// fix, because <c>dotnet format</c> runs Fix All once per diagnostic ID under one key.
/// </summary>
public class CH0004LifetimeFixTests
{
    private const string Source = """
        using System;
        using System.Net.Http;

        public static class Handlers
        {
            public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
            {
                [|PooledConnectionLifetime = TimeSpan.Zero|],
                [|PooledConnectionIdleTimeout = TimeSpan.Zero|],
            };

            public static void Configure(SocketsHttpHandler handler, HttpClient client)
            {
                [|handler.PooledConnectionLifetime = TimeSpan.FromSeconds(0)|];
                [|client.DefaultRequestHeaders.ConnectionClose = true|];
            }
        }
        """;

    private const string AllFixed = """
        using System;
        using System.Net.Http;

        public static class Handlers
        {
            public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
            {
                PooledConnectionLifetime = TimeSpan.FromMinutes(2),
            };

            public static void Configure(SocketsHttpHandler handler, HttpClient client)
            {
                handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
            }
        }
        """;

    [Fact]
    public async Task SetLifetimeKeyReplacesTheZeroLifetimesAndRemovesNothingAndFixAllFixesEverySite()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.SetPooledConnectionLifetime,
            TestCode = Source,
            BatchFixedCode = AllFixed,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Handlers
                {
                    public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
                    {
                        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
                        [|PooledConnectionIdleTimeout = TimeSpan.Zero|],
                    };

                    public static void Configure(SocketsHttpHandler handler, HttpClient client)
                    {
                        handler.PooledConnectionLifetime = TimeSpan.FromMinutes(2);
                        [|client.DefaultRequestHeaders.ConnectionClose = true|];
                    }
                }
                """,
        }.RunAsync();
    }

    [Fact]
    public async Task RemoveKeyRemovesTheOtherSettingsAndKeepsTheZeroLifetimesAndFixAllFixesEverySite()
    {
        await new Verify.Test
        {
            CodeActionEquivalenceKey = EquivalenceKeys.RemoveKeepAliveOff,
            TestCode = Source,
            BatchFixedCode = AllFixed,
            FixedCode = """
                using System;
                using System.Net.Http;

                public static class Handlers
                {
                    public static readonly SocketsHttpHandler Shared = new SocketsHttpHandler
                    {
                        [|PooledConnectionLifetime = TimeSpan.Zero|],
                    };

                    public static void Configure(SocketsHttpHandler handler, HttpClient client)
                    {
                        [|handler.PooledConnectionLifetime = TimeSpan.FromSeconds(0)|];
                    }
                }
                """,
        }.RunAsync();
    }
}
