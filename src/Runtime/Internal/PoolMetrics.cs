using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace ConnHygiene.Runtime.Internal;

/// <summary>What a pool's observable instruments read.</summary>
internal interface IPoolGauges
{
    int Idle { get; }

    int InUse { get; }

    int Waiting { get; }
}

/// <summary>
/// One pool's share of the instruments of meter <c>ConnHygiene.Runtime</c>. There is one such meter per process (or
/// the one the user's <see cref="IMeterFactory"/> gives), its instruments are created once per meter, and every
/// pool reports on them under its own tags. The meter holds pools weakly: an undisposed pool can still be collected.
/// </summary>
internal sealed class PoolMetrics : IDisposable
{
    public const string MeterName = "ConnHygiene.Runtime";
    public const string MeterVersion = "1.0";

    private static readonly double s_msPerTick = 1000.0 / Stopwatch.Frequency;
    private static readonly Lazy<Instruments> s_process = new(() => new Instruments(new Meter(MeterName, MeterVersion)));
    private static readonly ConditionalWeakTable<Meter, Instruments> s_byMeter = new();

    private readonly Instruments _instruments;
    private readonly KeyValuePair<string, object?>[] _tags;
    private readonly WeakReference<IPoolGauges> _pool;

    public PoolMetrics(IPoolGauges pool, KeyValuePair<string, object?>[] tags, IMeterFactory? meterFactory)
    {
        _pool = new WeakReference<IPoolGauges>(pool);
        _tags = tags;
        _instruments = meterFactory is null
            ? s_process.Value
            : s_byMeter.GetValue(meterFactory.Create(new MeterOptions(MeterName) { Version = MeterVersion }), static meter => new Instruments(meter));
        _instruments.Add(this);
    }

    /// <summary>The meter the pool reports on.</summary>
    public Meter Meter => _instruments.Meter;

    /// <summary>A start timestamp when acquire time is being recorded, else 0.</summary>
    public long StartAcquire() => _instruments.AcquireDuration.Enabled ? Stopwatch.GetTimestamp() : 0;

    public void EndAcquire(long startTimestamp)
    {
        if (startTimestamp != 0)
        {
            _instruments.AcquireDuration.Record((Stopwatch.GetTimestamp() - startTimestamp) * s_msPerTick, _tags);
        }
    }

    public void Created() => _instruments.Created.Add(1, _tags);

    public void Destroyed() => _instruments.Destroyed.Add(1, _tags);

    /// <summary>Stops reporting the pool's gauges (the counters' totals stay with the meter).</summary>
    public void Dispose() => _instruments.Remove(this);

    private sealed class Instruments
    {
        private readonly List<PoolMetrics> _pools = new();

        public Instruments(Meter meter)
        {
            Meter = meter;
            meter.CreateObservableUpDownCounter("connhygiene.pool.connections.idle", () => Observe(static p => p.Idle), "{connection}", "Idle connections in the pool.");
            meter.CreateObservableUpDownCounter("connhygiene.pool.connections.in_use", () => Observe(static p => p.InUse), "{connection}", "Connections rented out.");
            meter.CreateObservableUpDownCounter("connhygiene.pool.waiting", () => Observe(static p => p.Waiting), "{request}", "Renters waiting for a connection.");
            Created = meter.CreateCounter<long>("connhygiene.pool.connections.created", "{connection}", "Connections created by the factory.");
            Destroyed = meter.CreateCounter<long>("connhygiene.pool.connections.destroyed", "{connection}", "Connections destroyed (invalid, idle, expired, invalidated or drained).");
            AcquireDuration = meter.CreateHistogram<double>("connhygiene.pool.acquire.duration", "ms", "Time a rent took to get a connection.");
        }

        public Meter Meter { get; }

        public Counter<long> Created { get; }

        public Counter<long> Destroyed { get; }

        public Histogram<double> AcquireDuration { get; }

        public void Add(PoolMetrics pool)
        {
            lock (_pools)
            {
                _pools.Add(pool);
            }
        }

        public void Remove(PoolMetrics pool)
        {
            lock (_pools)
            {
                _pools.Remove(pool);
            }
        }

        private List<Measurement<int>> Observe(Func<IPoolGauges, int> read)
        {
            lock (_pools)
            {
                var measurements = new List<Measurement<int>>(_pools.Count);
                for (int i = _pools.Count - 1; i >= 0; i--)
                {
                    if (_pools[i]._pool.TryGetTarget(out IPoolGauges? pool))
                    {
                        measurements.Add(new Measurement<int>(read(pool), _pools[i]._tags));
                    }
                    else
                    {
                        _pools.RemoveAt(i); // collected without being disposed
                    }
                }

                return measurements;
            }
        }
    }
}
