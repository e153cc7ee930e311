using System;
using Xunit;

namespace ConnHygiene.Runtime.Testing.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetrySwitchCollection
{
    public const string Name = "EventSource switch (alone: it changes a process-wide setting)";
}

/// <summary>Where the app switched EventSource off (trimming, native AOT), Start says so and how to fix it.</summary>
[Collection(TelemetrySwitchCollection.Name)]
public class TelemetrySwitchTests
{
    private const string Switch = "System.Diagnostics.Tracing.EventSource.IsSupported";

    [Fact]
    public void StartThrowsAClearErrorWhereEventSourceIsSwitchedOff()
    {
        bool had = AppContext.TryGetSwitch(Switch, out bool before);
        Assert.True(ConnectionWatch.IsSupported);
        try
        {
            AppContext.SetSwitch(Switch, false);
            Assert.False(ConnectionWatch.IsSupported);
            var error = Assert.Throws<NotSupportedException>(() => ConnectionWatch.Start());
            Assert.Contains("<EventSourceSupport>true</EventSourceSupport>", error.Message);
        }
        finally
        {
            AppContext.SetSwitch(Switch, !had || before);
        }

        using var watch = ConnectionWatch.Start();
        Assert.Equal(0, watch.Failed);
    }
}
