using System.Reflection;
using System.Runtime.Versioning;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

/// <summary>Which build of ConnHygiene.Runtime these tests run against: net10.0 here, netstandard2.0 in ConnHygiene.Runtime.Tests.NetStandard.</summary>
public class TargetAssetTests
{
    [Fact]
    public void Tests_run_against_the_intended_runtime_build()
    {
#if RUNTIME_NETSTANDARD
        const string Expected = ".NETStandard,Version=v2.0";
#else
        const string Expected = ".NETCoreApp,Version=v10.0";
#endif
        Assert.Equal(Expected, typeof(ConnectionPool<>).Assembly.GetCustomAttribute<TargetFrameworkAttribute>()?.FrameworkName);
    }
}
