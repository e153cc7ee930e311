using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Net;
using System.Threading.Tasks;
using ConnHygiene.Runtime.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

/// <summary>One meter per process (or per user meter factory); pools tag their measurements.</summary>
public class MetricsTests
{
    private static ConnectionPool<FakeConnection> NewPool(string name, IMeterFactory? meterFactory = null) =>
        new(new FakeFactory().CreateAsync, new ConnectionPoolOptions<FakeConnection> { Name = name, MeterFactory = meterFactory });

    /// <summary>Listens to every ConnHygiene.Runtime instrument; records each measurement with its tags.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly MeterListener _listener = new();

        public Recorder(Func<Meter, bool>? meter = null)
        {
            _listener.InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "ConnHygiene.Runtime" && (meter?.Invoke(instrument.Meter) ?? true))
                {
                    lock (Meters)
                    {
                        Meters.Add(instrument.Meter);
                    }

                    l.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
            _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Record(i, v, t));
            _listener.Start();
        }

        public HashSet<Meter> Meters { get; } = new();

        public List<(string Instrument, double Value, Dictionary<string, object?> Tags)> Measurements { get; } = new();

        public void Observe() => _listener.RecordObservableInstruments();

        public IEnumerable<(string Instrument, double Value, Dictionary<string, object?> Tags)> Of(string poolName)
        {
            lock (Measurements)
            {
                return Measurements.Where(m => (string?)m.Tags.GetValueOrDefault("pool.name") == poolName).ToList();
            }
        }

        public void Dispose() => _listener.Dispose();

        private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            lock (Measurements)
            {
                Measurements.Add((instrument.Name, value, copy));
            }
        }
    }

    [Fact]
    public async Task Pools_share_one_process_meter_and_tell_themselves_apart_by_tag()
    {
        string a = "shared-a-" + Guid.NewGuid(), b = "shared-b-" + Guid.NewGuid();
        using var recorder = new Recorder();
        await using var poolA = NewPool(a);
        await using var poolB = NewPool(b);
        var lease = await poolA.RentAsync();
        (await poolB.RentAsync()).Dispose();
        recorder.Observe();

        Assert.Single(recorder.Meters, m => m.Version == "1.0");
        Assert.Contains(recorder.Of(a), m => m.Instrument == "connhygiene.pool.connections.in_use" && m.Value == 1);
        Assert.Contains(recorder.Of(b), m => m.Instrument == "connhygiene.pool.connections.idle" && m.Value == 1);
        Assert.Contains(recorder.Of(b), m => m.Instrument == "connhygiene.pool.connections.in_use" && m.Value == 0);
        lease.Dispose();
    }

    [Fact]
    public async Task Disposed_pool_stops_reporting_its_gauges()
    {
        string name = "gone-" + Guid.NewGuid();
        using var recorder = new Recorder();
        var pool = NewPool(name);
        (await pool.RentAsync()).Dispose();
        await pool.DisposeAsync();
        recorder.Observe();
        Assert.DoesNotContain(recorder.Of(name), m => m.Instrument == "connhygiene.pool.connections.idle");
        Assert.Contains(recorder.Of(name), m => m.Instrument == "connhygiene.pool.connections.created");
    }

    private sealed class TestMeterFactory : IMeterFactory
    {
        private readonly Dictionary<string, Meter> _meters = new();

        public int Calls { get; private set; }

        public Meter Create(MeterOptions options)
        {
            Calls++;
            string key = options.Name + "/" + options.Version;
            if (!_meters.TryGetValue(key, out Meter? meter))
            {
                meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Scope = this });
                _meters[key] = meter;
            }

            return meter;
        }

        public void Dispose()
        {
            foreach (Meter meter in _meters.Values)
            {
                meter.Dispose();
            }
        }
    }

    [Fact]
    public async Task A_given_meter_factory_makes_the_meter()
    {
        string name = "factory-" + Guid.NewGuid();
        using var factory = new TestMeterFactory();
        using var recorder = new Recorder(meter => meter.Scope == factory);
        await using var first = NewPool(name, factory);
        await using var second = NewPool(name + "-2", factory);
        (await first.RentAsync()).Dispose();
        recorder.Observe();

        Assert.Equal(2, factory.Calls);
        Assert.Single(recorder.Meters); // the factory's one meter, instruments made once for both pools
        Assert.Contains(recorder.Of(name), m => m.Instrument == "connhygiene.pool.connections.created" && m.Value == 1);
        Assert.Contains(recorder.Of(name + "-2"), m => m.Instrument == "connhygiene.pool.connections.idle" && m.Value == 0);
    }

    [Fact]
    public async Task Tcp_endpoint_pools_tag_server_address_and_port()
    {
        await using var server = TcpEchoServer.Start();
        using var recorder = new Recorder();
        string name = "tcp-" + Guid.NewGuid();
        await using var pool = new TcpConnectionPool(new TcpConnectionPoolOptions { Name = name });
        (await pool.RentAsync(server.EndPoint)).Dispose();
        (await pool.RentAsync("localhost", server.Port)).Dispose();

        List<Dictionary<string, object?>> created;
        lock (recorder.Measurements)
        {
            created = recorder.Measurements
                .Where(m => m.Instrument == "connhygiene.pool.connections.created" && ((string?)m.Tags.GetValueOrDefault("pool.name"))?.StartsWith(name, StringComparison.Ordinal) == true)
                .Select(m => m.Tags).ToList();
        }

        Assert.Contains(created, t => (string?)t["server.address"] == IPAddress.Loopback.ToString() && (int?)t["server.port"] == server.Port);
        Assert.Contains(created, t => (string?)t["server.address"] == "localhost" && (int?)t["server.port"] == server.Port);
    }
}
