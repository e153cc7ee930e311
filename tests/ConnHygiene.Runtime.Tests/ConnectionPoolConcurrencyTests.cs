using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

public class ConnectionPoolConcurrencyTests
{
    [Fact]
    public async Task Thousand_concurrent_renters_on_a_pool_of_eight_finish_without_deadlock()
    {
        var factory = new FakeFactory();
        await using var pool = new ConnectionPool<FakeConnection>(factory.CreateAsync, new ConnectionPoolOptions<FakeConnection>
        {
            MaxSize = 8,
            AcquireTimeout = TimeSpan.FromSeconds(30),
        });
        int holders = 0, maxHolders = 0, completed = 0;
        var inUse = new ConcurrentDictionary<int, byte>();

        async Task Renter(int i)
        {
            for (int round = 0; round < 3; round++)
            {
                await using PooledConnection<FakeConnection> lease = await pool.RentAsync();
                Assert.True(inUse.TryAdd(lease.Value.Id, 0), "a connection was handed to two renters at once");
                int now = Interlocked.Increment(ref holders);
                int seen;
                while ((seen = Volatile.Read(ref maxHolders)) < now && Interlocked.CompareExchange(ref maxHolders, now, seen) != seen)
                {
                }

                if (i % 3 == 0)
                {
                    await Task.Yield();
                }
                else if (i % 3 == 1)
                {
                    await Task.Delay(1);
                }

                Interlocked.Decrement(ref holders);
                inUse.TryRemove(lease.Value.Id, out _);
                if (i % 97 == 0 && round == 1)
                {
                    lease.Invalidate();
                }
            }

            Interlocked.Increment(ref completed);
        }

        Task all = Task.WhenAll(Enumerable.Range(0, 1000).Select(i => Task.Run(() => Renter(i))));
        await Eventually.Within(all, 60);

        Assert.Equal(1000, completed);
        Assert.InRange(maxHolders, 1, 8);
        Assert.InRange(pool.Count, 1, 8);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(pool.Count, pool.Idle);
    }

    [Fact]
    public async Task Cancellations_and_timeouts_racing_hand_offs_lose_no_connection()
    {
        FakeTimeProvider time = FakeTime.Create();
        var factory = new FakeFactory();
        await using var pool = new ConnectionPool<FakeConnection>(factory.CreateAsync, new ConnectionPoolOptions<FakeConnection>
        {
            MaxSize = 4,
            AcquireTimeout = TimeSpan.FromMilliseconds(20),
            TimeProvider = time,
        });

        // 1. Forced: every connection is held, so no waiter can be served. Ten waiters are canceled by their callers and
        //    ten others time out when the pool's clock passes the acquire timeout: exactly those outcomes, nothing else.
        var forced = new Outcomes();
        var held = new PooledConnection<FakeConnection>[4];
        for (int i = 0; i < held.Length; i++)
        {
            held[i] = await pool.RentAsync();
        }

        var sources = Enumerable.Range(0, 10).Select(_ => new CancellationTokenSource()).ToArray();
        Task[] toCancel = sources.Select(source => forced.RentAsync(pool, source.Token, holdMs: 0)).ToArray();
        Task[] toTimeOut = Enumerable.Range(0, 10).Select(_ => forced.RentAsync(pool, CancellationToken.None, holdMs: 0)).ToArray();
        Assert.True(await Eventually.TrueAsync(() => pool.Waiting == 20, TimeSpan.FromSeconds(10)), $"{pool.Waiting} renters are waiting, expected 20.");

        foreach (var source in sources)
        {
            source.Cancel();
        }

        await Eventually.Within(Task.WhenAll(toCancel), 10);
        Assert.Equal((0, 10, 0), forced.Counts);
        Assert.Equal(10, pool.Waiting);

        time.Advance(TimeSpan.FromMilliseconds(20));
        await Eventually.Within(Task.WhenAll(toTimeOut), 10);
        Assert.Equal((0, 10, 10), forced.Counts);
        Assert.Equal(0, pool.Waiting);
        foreach (var lease in held)
        {
            await lease.DisposeAsync();
        }

        foreach (var source in sources)
        {
            source.Dispose();
        }

        Assert.Equal(4, pool.Idle);

        // 2. Racing: 50 renters x 20 rents on 4 connections; half the rents are canceled by a real timer after 1-14 ms
        //    while a clock task moves the pool's time on 5 ms per tick, so waits are canceled and time out while leases
        //    are handed off. On this machine a run ends with some 300 of each outcome.
        var racing = new Outcomes();
        using var stopClock = new CancellationTokenSource();
        Task clock = Task.Run(async () =>
        {
            while (!stopClock.IsCancellationRequested)
            {
                time.Advance(TimeSpan.FromMilliseconds(5));
                await Task.Delay(1);
            }
        });

        async Task Renter(int seed)
        {
            var r = new Random(seed);
            for (int i = 0; i < 20; i++)
            {
                // Half the rents carry a token their timer cancels, half none: those end served or timed out.
                using var cts = r.Next(2) == 0 ? new CancellationTokenSource(r.Next(1, 15)) : null;
                await racing.RentAsync(pool, cts?.Token ?? CancellationToken.None, holdMs: r.Next(0, 3));
            }
        }

        var random = new Random(7);
        int[] seeds = Enumerable.Range(0, 50).Select(_ => random.Next()).ToArray();
        await Eventually.Within(Task.WhenAll(seeds.Select(seed => Task.Run(() => Renter(seed)))), 60);
        stopClock.Cancel();
        await Eventually.Within(clock, 10);

        var (served, canceled, timedOut) = racing.Counts;
        Assert.True(served > 0, $"No rent was served: {racing.Counts}.");
        Assert.True(canceled > 0, $"No wait was canceled, so no cancellation raced a hand-off: {racing.Counts}.");
        Assert.True(timedOut > 0, $"No wait timed out, so no timeout raced a hand-off: {racing.Counts}.");

        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(pool.Count, pool.Idle);
        Assert.InRange(pool.Count, 1, 4);
        Assert.Equal(factory.Created, pool.Count); // nothing destroyed, nothing leaked
    }

    /// <summary>How rents ended: served, canceled by the caller's token, or timed out by the pool. Any other exception fails the test.</summary>
    private sealed class Outcomes
    {
        private int _served;
        private int _canceled;
        private int _timedOut;

        public (int Served, int Canceled, int TimedOut) Counts => (Volatile.Read(ref _served), Volatile.Read(ref _canceled), Volatile.Read(ref _timedOut));

        public async Task RentAsync(ConnectionPool<FakeConnection> pool, CancellationToken cancellationToken, int holdMs)
        {
            try
            {
                await using PooledConnection<FakeConnection> lease = await pool.RentAsync(cancellationToken);
                Interlocked.Increment(ref _served);
                await Task.Delay(holdMs);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref _canceled);
            }
            catch (TimeoutException)
            {
                Interlocked.Increment(ref _timedOut);
            }
        }
    }
}
