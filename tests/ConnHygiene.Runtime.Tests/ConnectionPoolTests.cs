using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class ConnectionPoolTests
{
    private static ConnectionPool<FakeConnection> NewPool(FakeFactory factory, Action<ConnectionPoolOptions<FakeConnection>>? configure = null)
    {
        var options = new ConnectionPoolOptions<FakeConnection> { MaxSize = 2, AcquireTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new ConnectionPool<FakeConnection>(factory.CreateAsync, options);
    }

    [Fact]
    public async Task Returned_connection_is_reused()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);

        var first = await pool.RentAsync();
        FakeConnection connection = first.Value;
        Assert.Equal(1, pool.InUse);
        first.Dispose();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.Idle);

        await using var second = await pool.RentAsync();
        Assert.Same(connection, second.Value);
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public async Task Second_dispose_does_nothing_even_after_the_connection_was_rented_again()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.MaxSize = 1);

        var a = await pool.RentAsync();
        a.Dispose();
        var b = await pool.RentAsync();
        a.Dispose();          // stale: must not return b's connection
        await a.DisposeAsync();

        Assert.Equal(1, pool.InUse);
        Assert.Equal(0, pool.Idle);
        Assert.False(b.Value.Disposed);
        Assert.Throws<ObjectDisposedException>(() => a.Value);
        b.Dispose();
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Lease_value_throws_after_return()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        var lease = await pool.RentAsync();
        lease.Dispose();
        Assert.Throws<ObjectDisposedException>(() => lease.Value);
    }

    [Fact]
    public async Task Invalidate_destroys_instead_of_returning()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        var lease = await pool.RentAsync();
        FakeConnection connection = lease.Value;
        lease.Invalidate();
        await lease.DisposeAsync();

        Assert.True(connection.Disposed);
        Assert.Equal(0, pool.Idle);
        Assert.Equal(0, pool.Count);
        await using var next = await pool.RentAsync();
        Assert.NotSame(connection, next.Value);
    }

    [Fact]
    public async Task Never_exceeds_max_size_and_waiter_gets_the_returned_connection()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        var a = await pool.RentAsync();
        var b = await pool.RentAsync();

        ValueTask<PooledConnection<FakeConnection>> waiting = pool.RentAsync();
        Assert.False(waiting.IsCompleted);
        Assert.Equal(1, pool.Waiting);
        Assert.Equal(2, factory.Created);

        FakeConnection handedOver = a.Value;
        a.Dispose();
        var c = await Eventually.Within(waiting.AsTask());
        Assert.Same(handedOver, c.Value);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(0, pool.Idle);
        Assert.Equal(2, factory.Created);
        b.Dispose();
        c.Dispose();
    }

    [Fact]
    public async Task Waiters_are_served_first_come_first_served()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.MaxSize = 1);
        var held = await pool.RentAsync();
        var order = new List<int>();
        var tasks = new List<Task>();
        for (int i = 0; i < 5; i++)
        {
            int n = i;
            ValueTask<PooledConnection<FakeConnection>> rent = pool.RentAsync();
            tasks.Add(Task.Run(async () =>
            {
                var lease = await rent;
                lock (order)
                {
                    order.Add(n);
                }

                lease.Dispose();
            }));
        }

        Assert.Equal(5, pool.Waiting);
        held.Dispose();
        await Eventually.Within(Task.WhenAll(tasks));
        Assert.Equal(new[] { 0, 1, 2, 3, 4 }, order);
    }

    [Fact]
    public async Task Acquire_timeout_names_limits_and_waiters()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 1;
            o.AcquireTimeout = TimeSpan.FromMilliseconds(200);
            o.Name = "orders-db";
            o.TimeProvider = time;
        });
        var held = await pool.RentAsync();
        Task<PooledConnection<FakeConnection>> first = pool.RentAsync().AsTask();
        Task<PooledConnection<FakeConnection>> second = pool.RentAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(199));
        Assert.False(first.IsCompleted);
        Assert.Equal(2, pool.Waiting);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Within(first, 5));
        await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Within(second, 5));
        Assert.Contains("orders-db", error.Message);
        Assert.Contains("MaxSize=1", error.Message);
        Assert.Contains("2 renters were waiting", error.Message);
        Assert.Equal(0, pool.Waiting);

        held.Dispose();
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Canceled_waiter_leaves_the_queue()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.MaxSize = 1);
        var held = await pool.RentAsync();
        using var cts = new CancellationTokenSource();
        Task<PooledConnection<FakeConnection>> waiting = pool.RentAsync(cts.Token).AsTask();
        Assert.Equal(1, pool.Waiting);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.Within(waiting));
        Assert.Equal(0, pool.Waiting);

        held.Dispose();
        Assert.Equal(1, pool.Idle); // not handed to the canceled waiter
    }

    [Fact]
    public async Task Already_canceled_token_fails_at_once()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pool.RentAsync(new CancellationToken(true)).AsTask());
        Assert.Equal(0, factory.Calls);
    }

    [Fact]
    public async Task Full_waiter_queue_rejects_at_once()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 1;
            o.MaxWaiters = 2;
        });
        var held = await pool.RentAsync();
        Task<PooledConnection<FakeConnection>> w1 = pool.RentAsync().AsTask();
        Task<PooledConnection<FakeConnection>> w2 = pool.RentAsync().AsTask();
        var error = await Assert.ThrowsAsync<ConnectionPoolExhaustedException>(() => pool.RentAsync().AsTask());
        Assert.Contains("MaxWaiters=2", error.Message);
        held.Dispose();
        (await Eventually.Within(w1)).Dispose();
        (await Eventually.Within(w2)).Dispose();
    }

    [Theory]
    [InlineData(PoolOrder.Fifo)]
    [InlineData(PoolOrder.Lifo)]
    public async Task Idle_order_is_respected(PoolOrder order)
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 3;
            o.Order = order;
        });
        var a = await pool.RentAsync();
        var b = await pool.RentAsync();
        var c = await pool.RentAsync();
        FakeConnection first = a.Value, last = c.Value;
        a.Dispose();
        b.Dispose();
        c.Dispose();

        await using var next = await pool.RentAsync();
        Assert.Same(order == PoolOrder.Fifo ? first : last, next.Value);
    }

    [Fact]
    public async Task Invalid_connection_is_destroyed_on_borrow_and_replaced()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.Validate = (c, _) => new ValueTask<bool>(c.Healthy));
        var lease = await pool.RentAsync();
        FakeConnection broken = lease.Value;
        lease.Dispose();
        broken.Healthy = false;

        await using var next = await pool.RentAsync();
        Assert.NotSame(broken, next.Value);
        Assert.True(broken.Disposed);
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public async Task Validation_that_throws_counts_as_invalid()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.Validate = (c, _) => c.Healthy ? new ValueTask<bool>(true) : throw new InvalidOperationException("probe failed"));
        var lease = await pool.RentAsync();
        FakeConnection broken = lease.Value;
        lease.Dispose();
        broken.Healthy = false;
        await using var next = await pool.RentAsync();
        Assert.NotSame(broken, next.Value);
    }

    [Fact]
    public async Task Validation_is_skipped_for_recently_used_connections()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        int validations = 0;
        await using var pool = NewPool(factory, o =>
        {
            o.Validate = (c, _) =>
            {
                Interlocked.Increment(ref validations);
                return new ValueTask<bool>(true);
            };
            o.SkipValidationWithin = TimeSpan.FromMilliseconds(300);
            o.TimeProvider = time;
        });
        (await pool.RentAsync()).Dispose();
        time.Advance(TimeSpan.FromMilliseconds(299));
        (await pool.RentAsync()).Dispose();
        Assert.Equal(0, validations);
        time.Advance(TimeSpan.FromMilliseconds(300));
        (await pool.RentAsync()).Dispose();
        Assert.Equal(1, validations);
    }

    [Fact]
    public async Task Idle_connections_are_evicted_by_the_pool_itself()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.IdleTimeout = TimeSpan.FromMilliseconds(150);
            o.TimeProvider = time;
        });
        var a = await pool.RentAsync();
        var b = await pool.RentAsync();
        FakeConnection ca = a.Value, cb = b.Value;
        a.Dispose();
        b.Dispose();
        Assert.Equal(2, pool.Idle);

        time.Advance(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, pool.Idle);
        time.Advance(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));
        Assert.Equal(0, pool.Idle);
        Assert.True(ca.Disposed && cb.Disposed);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task Min_size_is_created_in_the_background_and_kept_through_idle_eviction()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 4;
            o.MinSize = 2;
            o.IdleTimeout = TimeSpan.FromMilliseconds(100);
            o.TimeProvider = time;
        });
        Assert.True(await Eventually.TrueAsync(() => pool.Idle == 2));
        time.Advance(TimeSpan.FromMilliseconds(400), TimeSpan.FromMilliseconds(10));
        Assert.Equal(2, pool.Idle);
        Assert.Equal(2, factory.Created);
    }

    [Fact]
    public async Task Connections_past_their_lifetime_are_replaced()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxLifetime = TimeSpan.FromMilliseconds(200);
            o.MaxLifetimeJitter = 0.5;
            o.TimeProvider = time;
        });
        var lease = await pool.RentAsync();
        FakeConnection old = lease.Value;
        time.Advance(TimeSpan.FromMilliseconds(200));
        lease.Dispose(); // returned after its lifetime: destroyed
        Assert.True(old.Disposed);
        await using var next = await pool.RentAsync();
        Assert.NotSame(old, next.Value);
    }

    [Fact]
    public async Task Lifetime_jitter_spreads_expiry()
    {
        var factory = new FakeFactory();
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 40;
            o.MaxLifetime = TimeSpan.FromMilliseconds(1000);
            o.MaxLifetimeJitter = 0.6;
            o.IdleTimeout = Timeout.InfiniteTimeSpan;
            o.EvictionInterval = TimeSpan.FromMilliseconds(20);
            o.TimeProvider = time;
        });
        var leases = new List<PooledConnection<FakeConnection>>();
        for (int i = 0; i < 40; i++)
        {
            leases.Add(await pool.RentAsync());
        }

        var connections = leases.Select(l => l.Value).ToList();
        leases.ForEach(l => l.Dispose());
        time.Advance(TimeSpan.FromMilliseconds(380), TimeSpan.FromMilliseconds(20));
        Assert.DoesNotContain(connections, c => c.Disposed); // nobody expires before 1000 * (1 - 0.6) ms
        time.Advance(TimeSpan.FromMilliseconds(320), TimeSpan.FromMilliseconds(20));
        int destroyed = connections.Count(c => c.Disposed); // expiry is spread over 400..1000 ms: some gone, some not
        Assert.InRange(destroyed, 1, 39);
        time.Advance(TimeSpan.FromMilliseconds(320), TimeSpan.FromMilliseconds(20));
        Assert.All(connections, c => Assert.True(c.Disposed));
    }

    [Fact]
    public async Task Failing_factory_fails_renter_and_waiters_fast_with_its_exception_then_recovers()
    {
        FakeTimeProvider time = FakeTime.Create();
        var factory = new FakeFactory { Time = time };
        await using var pool = NewPool(factory, o =>
        {
            o.MaxSize = 1;
            o.CreateRetryDelay = TimeSpan.FromMilliseconds(300);
            o.AcquireTimeout = TimeSpan.FromSeconds(30);
            o.TimeProvider = time;
        });
        factory.Delay = TimeSpan.FromMilliseconds(100);
        factory.FailWith = new InvalidOperationException("database down");

        Task<PooledConnection<FakeConnection>> creator = pool.RentAsync().AsTask();
        Task<PooledConnection<FakeConnection>> waiter = pool.RentAsync().AsTask();   // waits: the only slot is being created
        Assert.Equal(1, pool.Waiting);
        time.Advance(TimeSpan.FromMilliseconds(100));

        var e1 = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Within(creator, 3));
        var e2 = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.Within(waiter, 3)); // not the 30 s timeout
        Assert.Equal("database down", e1.Message);
        Assert.Equal("database down", e2.Message);
        Assert.Equal(0, pool.Waiting);

        // During the back-off, renters fail at once without calling the factory again (no spin).
        int calls = factory.Calls;
        for (int i = 0; i < 50; i++)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync().AsTask());
        }

        Assert.Equal(calls, factory.Calls);

        factory.FailWith = null;
        factory.Delay = TimeSpan.Zero;
        time.Advance(TimeSpan.FromMilliseconds(299));
        await Assert.ThrowsAsync<InvalidOperationException>(() => pool.RentAsync().AsTask()); // still backing off
        Assert.Equal(calls, factory.Calls);
        time.Advance(TimeSpan.FromMilliseconds(1));
        await using var lease = await Eventually.Within(pool.RentAsync().AsTask());
        Assert.NotNull(lease.Value);
    }

    [Fact]
    public async Task Min_size_refill_retries_a_failing_factory_with_backoff_not_a_spin()
    {
        var factory = new FakeFactory { FailWith = new InvalidOperationException("down") };
        FakeTimeProvider time = FakeTime.Create();
        await using var pool = NewPool(factory, o =>
        {
            o.MinSize = 1;
            o.CreateRetryDelay = TimeSpan.FromMilliseconds(50);
            o.MaxCreateRetryDelay = TimeSpan.FromMilliseconds(200);
            o.EvictionInterval = TimeSpan.FromMilliseconds(10);
            o.TimeProvider = time;
        });
        time.Advance(TimeSpan.FromMilliseconds(1000), TimeSpan.FromMilliseconds(10));
        // 10 ms ticks for a second would be ~100 calls without back-off; doubling 50, 100, 200, 200... ms gives
        // attempts at about 0, 50, 150, 350, 550, 750 and 950 ms.
        Assert.InRange(factory.Calls, 6, 8);
        factory.FailWith = null;
        time.Advance(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(10));
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Creation_slower_than_the_acquire_timeout_times_out()
    {
        FakeTimeProvider time = FakeTime.Create();
        var factory = new FakeFactory { Delay = TimeSpan.FromSeconds(5), Time = time };
        await using var pool = NewPool(factory, o =>
        {
            o.AcquireTimeout = TimeSpan.FromMilliseconds(150);
            o.TimeProvider = time;
        });
        Task<PooledConnection<FakeConnection>> rent = pool.RentAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(149));
        Assert.False(rent.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var error = await Assert.ThrowsAsync<TimeoutException>(() => Eventually.Within(rent, 10));
        Assert.Contains("MaxSize=2", error.Message);
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task Dispose_drains_idle_now_in_use_on_return_and_refuses_rents()
    {
        var factory = new FakeFactory();
        var pool = NewPool(factory, o => o.MaxSize = 2);
        var idle = await pool.RentAsync();
        var busy = await pool.RentAsync();
        FakeConnection idleConnection = idle.Value, busyConnection = busy.Value;
        idle.Dispose();
        Assert.Equal(1, pool.Idle);

        await pool.DisposeAsync();
        Assert.True(idleConnection.Disposed);
        Assert.False(busyConnection.Disposed);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => pool.RentAsync().AsTask());

        busy.Dispose();
        Assert.True(busyConnection.Disposed);
        Assert.Equal(0, pool.Count);
        await pool.DisposeAsync(); // idempotent
    }

    [Fact]
    public async Task Dispose_fails_waiting_renters()
    {
        var factory = new FakeFactory();
        var pool = NewPool(factory, o => o.MaxSize = 1);
        var held = await pool.RentAsync();
        Task<PooledConnection<FakeConnection>> waiter = pool.RentAsync().AsTask();
        Assert.Equal(1, pool.Waiting);

        await pool.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Eventually.Within(waiter));
        Assert.Equal(0, pool.Waiting);
        await held.DisposeAsync();
        Assert.Equal(0, pool.Count);
    }

    [Fact]
    public async Task Custom_destroy_is_used()
    {
        var destroyed = new List<int>();
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.Destroy = c =>
        {
            lock (destroyed)
            {
                destroyed.Add(c.Id);
            }

            return default;
        });
        var lease = await pool.RentAsync();
        int id = lease.Value.Id;
        lease.Invalidate();
        await lease.DisposeAsync();
        Assert.Equal(new[] { id }, destroyed);
    }

    [Fact]
    public async Task An_undisposed_pool_can_be_collected()
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        static async Task<WeakReference> Abandon()
        {
            var pool = NewPool(new FakeFactory(), o => o.MinSize = 1);
            (await pool.RentAsync()).Dispose();
            return new WeakReference(pool);
        }

        WeakReference weak = await Abandon();
        for (int i = 0; i < 10 && weak.IsAlive; i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            await Task.Delay(10);
        }

        Assert.False(weak.IsAlive, "the timers or the meter keep an abandoned pool alive");
    }

    [Fact]
    public void Options_are_validated()
    {
        var factory = new FakeFactory();
        Assert.Throws<ArgumentOutOfRangeException>(() => NewPool(factory, o => o.MaxSize = 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewPool(factory, o => o.MinSize = 3));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewPool(factory, o => o.AcquireTimeout = TimeSpan.Zero));
        Assert.Throws<ArgumentOutOfRangeException>(() => NewPool(factory, o => o.MaxLifetimeJitter = 1));
    }

    [Fact]
    public async Task Metrics_report_idle_in_use_waiting_created_destroyed_and_wait_time()
    {
        var factory = new FakeFactory();
        string name = "metrics-" + Guid.NewGuid();
        var values = new Dictionary<string, double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "ConnHygiene.Runtime")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void OnMeasurement(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "pool.name" && (string?)tag.Value == name)
                {
                    lock (values)
                    {
                        values[instrument.Name] = instrument is Counter<long> || instrument is Histogram<double>
                            ? values.GetValueOrDefault(instrument.Name) + (instrument is Histogram<double> ? 1 : value)
                            : value;
                    }
                }
            }
        }

        listener.SetMeasurementEventCallback<int>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => OnMeasurement(i, v, t));
        listener.Start();

        await using var pool = NewPool(factory, o =>
        {
            o.Name = name;
            o.MaxSize = 2;
        });
        var a = await pool.RentAsync();
        var b = await pool.RentAsync();
        Task<PooledConnection<FakeConnection>> waiter = pool.RentAsync().AsTask();
        listener.RecordObservableInstruments();
        Assert.Equal(2, values["connhygiene.pool.connections.in_use"]);
        Assert.Equal(1, values["connhygiene.pool.waiting"]);
        Assert.Equal(0, values["connhygiene.pool.connections.idle"]);
        a.Dispose();
        (await Eventually.Within(waiter)).Dispose();
        b.Invalidate();
        b.Dispose();
        listener.RecordObservableInstruments();
        Assert.Equal(1, values["connhygiene.pool.connections.idle"]);
        Assert.Equal(2, values["connhygiene.pool.connections.created"]);
        Assert.True(await Eventually.TrueAsync(() => values.GetValueOrDefault("connhygiene.pool.connections.destroyed") == 1));
        Assert.Equal(3, values["connhygiene.pool.acquire.duration"]);
    }
}
