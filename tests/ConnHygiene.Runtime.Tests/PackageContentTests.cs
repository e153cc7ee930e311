using System;
using System.Linq;
using System.Reflection;
using ConnHygiene.Runtime.Framing;
using ConnHygiene.Runtime.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

/// <summary>The production assembly carries production code only; the test servers live in ConnHygiene.Runtime.Testing.</summary>
public class PackageContentTests
{
    [Fact]
    public void Runtime_assembly_has_no_test_servers()
    {
        Assembly runtime = typeof(ConnectionPool<>).Assembly;
        Assert.Equal("ConnHygiene.Runtime", runtime.GetName().Name);
        Assert.DoesNotContain(runtime.GetTypes(), t => t.Namespace?.StartsWith("ConnHygiene.Runtime.Testing", StringComparison.Ordinal) == true);
        Assert.Equal("ConnHygiene.Runtime.Testing", typeof(TcpEchoServer).Assembly.GetName().Name);
    }

    [Fact]
    public void Framing_options_have_no_test_only_switches()
    {
        Assert.Null(typeof(FramingOptions).GetProperty("AnswerHeartbeats"));
        Assert.DoesNotContain(typeof(FramingOptions).GetProperties().Select(p => p.Name), n => n.Contains("Test", StringComparison.Ordinal));
    }
}
