namespace ConnHygiene.Tests.ValidCode;

/// <summary>
/// Test code (xunit, NUnit, MSTest) creating clients freely: excluded by default. The frameworks are stand-ins
/// declared in source with the real namespaces and attribute names.
/// </summary>
internal static class TestCodeCorpus
{
    public static CorpusProject Project => new("test code", new[]
    {
        ("/0/Tests/Frameworks.cs", Frameworks),
        ("/0/Tests/HttpTests.cs", HttpTests),
    });

    private const string Frameworks = """
        using System;

        namespace Xunit
        {
            [AttributeUsage(AttributeTargets.Method)]
            public class FactAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method)]
            public class TheoryAttribute : FactAttribute { }

            [AttributeUsage(AttributeTargets.Method, AllowMultiple = true)]
            public sealed class InlineDataAttribute(params object[] data) : Attribute
            {
                public object[] Data { get; } = data;
            }
        }

        namespace NUnit.Framework
        {
            [AttributeUsage(AttributeTargets.Class)]
            public sealed class TestFixtureAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class TestAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class SetUpAttribute : Attribute { }
        }

        namespace Microsoft.VisualStudio.TestTools.UnitTesting
        {
            [AttributeUsage(AttributeTargets.Class)]
            public sealed class TestClassAttribute : Attribute { }

            [AttributeUsage(AttributeTargets.Method)]
            public sealed class TestMethodAttribute : Attribute { }
        }
        """;

    private const string HttpTests = """
        using System.Net.Http;
        using System.Net.Sockets;
        using System.Threading.Tasks;

        namespace Corpus.Tests
        {
            public class XunitTests
            {
                [Xunit.Fact]
                public async Task Gets_the_home_page()
                {
                    using var client = new HttpClient();
                    using var response = await client.GetAsync("http://localhost:5000/");
                }

                [Xunit.Theory]
                [Xunit.InlineData(3)]
                public async Task Gets_several_times(int times)
                {
                    for (var i = 0; i < times; i++)
                    {
                        using var client = new HttpClient(new HttpClientHandler());
                        using var response = await client.GetAsync("http://localhost:5000/");
                    }
                }
            }

            [NUnit.Framework.TestFixture]
            public class NUnitTests
            {
                private HttpClient? _client;

                [NUnit.Framework.SetUp]
                public void SetUp() => _client = new HttpClient();

                [NUnit.Framework.Test]
                public async Task Connects()
                {
                    using var tcp = new TcpClient();
                    await tcp.ConnectAsync("127.0.0.1", 5000);
                    using var response = await new HttpClient().GetAsync("http://localhost:5000/");
                }
            }

            [Microsoft.VisualStudio.TestTools.UnitTesting.TestClass]
            public class MSTestTests
            {
                [Microsoft.VisualStudio.TestTools.UnitTesting.TestMethod]
                public async Task Gets()
                {
                    using var client = new HttpClient(new SocketsHttpHandler());
                    await client.GetStringAsync("http://localhost:5000/");
                }
            }
        }
        """;
}
