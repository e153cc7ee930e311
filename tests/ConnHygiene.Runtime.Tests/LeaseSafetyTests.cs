using System;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace ConnHygiene.Runtime.Tests;

/// <summary>Stale leases and synchronous misuse of a pending rent must not hurt the pool or another renter.</summary>
public class LeaseSafetyTests
{
    private static ConnectionPool<FakeConnection> NewPool(FakeFactory factory, Action<ConnectionPoolOptions<FakeConnection>>? configure = null)
    {
        var options = new ConnectionPoolOptions<FakeConnection> { MaxSize = 1, AcquireTimeout = TimeSpan.FromSeconds(5) };
        configure?.Invoke(options);
        return new ConnectionPool<FakeConnection>(factory.CreateAsync, options);
    }

    [Fact]
    public async Task Disposing_the_first_lease_again_does_not_release_the_current_renter()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);

        // rent -> dispose -> rent -> dispose -> rent: the connection is now the current renter's.
        PooledConnection<FakeConnection> first = await pool.RentAsync();
        first.Dispose();
        PooledConnection<FakeConnection> second = await pool.RentAsync();
        second.Dispose();
        PooledConnection<FakeConnection> current = await pool.RentAsync();
        FakeConnection connection = current.Value;

        first.Dispose();
        await first.DisposeAsync();
        second.Dispose();

        Assert.Same(connection, current.Value);
        Assert.Equal(1, pool.InUse);
        Assert.Equal(0, pool.Idle);

        // The next rent must wait: the connection is not handed to a second caller.
        ValueTask<PooledConnection<FakeConnection>> next = pool.RentAsync();
        Assert.False(next.IsCompleted);
        current.Dispose();
        PooledConnection<FakeConnection> nextLease = await Eventually.Within(next.AsTask());
        Assert.Same(connection, nextLease.Value);
        nextLease.Dispose();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Value_and_Invalidate_on_a_stale_lease_do_nothing_to_the_current_renter()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);

        PooledConnection<FakeConnection> stale = await pool.RentAsync();
        PooledConnection<FakeConnection> copy = stale; // copies name the same rent
        stale.Dispose();
        PooledConnection<FakeConnection> current = await pool.RentAsync();

        Assert.Throws<ObjectDisposedException>(() => stale.Value);
        Assert.Throws<ObjectDisposedException>(() => copy.Value);
        stale.Invalidate();
        copy.Invalidate();
        Assert.False(stale.IsInvalidated);
        Assert.False(current.IsInvalidated);

        FakeConnection connection = current.Value;
        current.Dispose(); // a normal return: the stale Invalidate must not have marked it broken
        Assert.False(connection.Disposed);
        Assert.Equal(1, pool.Idle);
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public async Task Default_lease_is_inert()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        PooledConnection<FakeConnection> none = default;

        Assert.Throws<ObjectDisposedException>(() => none.Value);
        none.Invalidate();
        none.Dispose();
        await none.DisposeAsync();
        Assert.False(none.IsInvalidated);
    }

    [Fact]
    public async Task Invalidate_after_return_of_an_invalidated_lease_does_not_reach_the_next_rent()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);

        PooledConnection<FakeConnection> first = await pool.RentAsync();
        first.Dispose();
        PooledConnection<FakeConnection> second = await pool.RentAsync();
        first.Invalidate();
        first.Dispose();
        FakeConnection connection = second.Value;
        second.Dispose();

        Assert.False(connection.Disposed);
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Renting_and_returning_allocates_nothing()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.MaxSize = 4);
        (await pool.RentAsync()).Dispose();
        for (int i = 0; i < 1_000; i++)
        {
            RentAndReturn(pool);
        }

        const int Rents = 100_000;
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < Rents; i++)
        {
            RentAndReturn(pool);
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < Rents / 10, $"{allocated} B allocated over {Rents} rents.");
    }

    private static void RentAndReturn(ConnectionPool<FakeConnection> pool)
    {
        ValueTask<PooledConnection<FakeConnection>> rent = pool.RentAsync();
        PooledConnection<FakeConnection> lease = rent.Result;
        _ = lease.Value;
        lease.Dispose();
    }

    [Fact]
    public async Task Reading_a_waiting_rent_synchronously_throws_without_leaking_or_corrupting_the_queue()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        PooledConnection<FakeConnection> held = await pool.RentAsync();

        Assert.Throws<InvalidOperationException>(() => pool.RentAsync().GetAwaiter().GetResult());
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(1, pool.InUse);

        // The queue still works: a proper waiter is served, and nothing is counted in use afterwards.
        Task<PooledConnection<FakeConnection>> waiter = pool.RentAsync().AsTask();
        Assert.Equal(1, pool.Waiting);
        FakeConnection connection = held.Value;
        held.Dispose();
        PooledConnection<FakeConnection> served = await Eventually.Within(waiter);
        Assert.Same(connection, served.Value);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(1, pool.InUse);
        served.Dispose();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.Idle);

        await using PooledConnection<FakeConnection> again = await Eventually.Within(pool.RentAsync().AsTask());
        Assert.Same(connection, again.Value);
        Assert.Equal(1, factory.Created);
    }

    [Fact]
    public async Task Misused_waiters_are_not_recycled_while_queued()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory);
        PooledConnection<FakeConnection> held = await pool.RentAsync();
        for (int i = 0; i < 3; i++)
        {
            Assert.Throws<InvalidOperationException>(() => pool.RentAsync().GetAwaiter().GetResult());
        }

        Task<PooledConnection<FakeConnection>> a = pool.RentAsync().AsTask();
        Task<PooledConnection<FakeConnection>> b = pool.RentAsync().AsTask();
        Assert.Equal(2, pool.Waiting);
        held.Dispose();
        PooledConnection<FakeConnection> first = await Eventually.Within(a);
        Assert.False(b.IsCompleted);
        first.Dispose();
        PooledConnection<FakeConnection> second = await Eventually.Within(b);
        second.Dispose();
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(0, pool.InUse);
        Assert.Equal(1, pool.Idle);
    }

    [Fact]
    public async Task Reading_a_validating_rent_synchronously_blocks_until_it_is_served()
    {
        var factory = new FakeFactory();
        await using var pool = NewPool(factory, o => o.Validate = (c, _) => new ValueTask<bool>(c.Healthy));
        PooledConnection<FakeConnection> held = await pool.RentAsync();

        Task<PooledConnection<FakeConnection>> blocked = Task.Run(() => pool.RentAsync().GetAwaiter().GetResult());
        Assert.True(await Eventually.TrueAsync(() => pool.Waiting == 1));
        held.Dispose();
        PooledConnection<FakeConnection> served = await Eventually.Within(blocked);
        Assert.Equal(1, pool.InUse);
        served.Dispose();
        Assert.Equal(0, pool.InUse);
        Assert.Equal(0, pool.Waiting);
        Assert.Equal(1, pool.Idle);
    }
}
