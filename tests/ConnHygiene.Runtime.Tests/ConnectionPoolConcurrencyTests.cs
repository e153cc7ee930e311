using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
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
        var factory = new FakeFactory();
        await using var pool = new ConnectionPool<FakeConnection>(factory.CreateAsync, new ConnectionPoolOptions<FakeConnection>
        {
            MaxSize = 4,
            AcquireTimeout = TimeSpan.FromMilliseconds(20),
        });
        var random = new Random(7);
        int outcomes = 0;

        async Task Renter(int seed)
        {
            var r = new Random(seed);
            for (int i = 0; i < 20; i++)
            {
                using var cts = new CancellationTokenSource(r.Next(1, 15));
                try
                {
                    await using var lease = await pool.RentAsync(cts.Token);
                    await Task.Delay(r.Next(0, 3));
                }
                catch (OperationCanceledException)
                {
                }
                catch (TimeoutException)
                {
                }

                Interlocked.Increment(ref outcomes);
            }
        }

        await Eventually.Within(Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(() => Renter(random.Next())))), 60);
        Assert.Equal(1000, outcomes);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(pool.Count, pool.Idle);
        Assert.InRange(pool.Count, 1, 4);
        Assert.Equal(factory.Created, pool.Count); // nothing destroyed, nothing leaked
    }
}
