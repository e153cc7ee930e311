using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace ConnHygiene.Runtime.Internal;

/// <summary>The <see cref="System.Diagnostics.Metrics"/> instruments of one pool, on its own <see cref="Meter"/>.</summary>
internal sealed class PoolMetrics : IDisposable
{
    public const string MeterName = "ConnHygiene.Runtime";

    private static readonly double s_msPerTick = 1000.0 / Stopwatch.Frequency;

    private readonly Meter _meter;
    private readonly KeyValuePair<string, object?> _tag;
    private readonly Counter<long> _created;
    private readonly Counter<long> _destroyed;
    private readonly Histogram<double> _acquireWait;

    public PoolMetrics(string poolName, Func<int> idle, Func<int> inUse, Func<int> waiting)
    {
        _meter = new Meter(MeterName, "1.0");
        _tag = new KeyValuePair<string, object?>("pool.name", poolName);
        var tags = new[] { _tag };
        _meter.CreateObservableUpDownCounter("connhygiene.pool.connections.idle", () => new Measurement<int>(idle(), tags), "{connection}", "Idle connections in the pool.");
        _meter.CreateObservableUpDownCounter("connhygiene.pool.connections.in_use", () => new Measurement<int>(inUse(), tags), "{connection}", "Connections rented out.");
        _meter.CreateObservableUpDownCounter("connhygiene.pool.waiting", () => new Measurement<int>(waiting(), tags), "{request}", "Renters waiting for a connection.");
        _created = _meter.CreateCounter<long>("connhygiene.pool.connections.created", "{connection}", "Connections created by the factory.");
        _destroyed = _meter.CreateCounter<long>("connhygiene.pool.connections.destroyed", "{connection}", "Connections destroyed (invalid, idle, expired, invalidated or drained).");
        _acquireWait = _meter.CreateHistogram<double>("connhygiene.pool.acquire.duration", "ms", "Time a rent took to get a connection.");
    }

    /// <summary>A start timestamp when acquire time is being recorded, else 0.</summary>
    public long StartAcquire() => _acquireWait.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void EndAcquire(long startTimestamp)
    {
        if (startTimestamp != 0)
        {
            _acquireWait.Record((Stopwatch.GetTimestamp() - startTimestamp) * s_msPerTick, _tag);
        }
    }

    public void Created() => _created.Add(1, _tag);

    public void Destroyed() => _destroyed.Add(1, _tag);

    public void Dispose() => _meter.Dispose();
}
