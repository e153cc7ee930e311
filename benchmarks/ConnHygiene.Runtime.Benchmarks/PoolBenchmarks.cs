using System;
using System.Linq;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.ObjectPool;

namespace ConnHygiene.Runtime.Benchmarks;

/// <summary>Sequential rent + return, the uncontended fast path.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class RentReturnBenchmarks
{
    private const int Ops = 1000;
    private ConnectionPool<Resource> _pool = null!;
    private SemaphorePool _semaphore = null!;
    private ChannelPool _channel = null!;
    private DefaultObjectPool<Resource> _objectPool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new ConnectionPool<Resource>(_ => new ValueTask<Resource>(new Resource()), new ConnectionPoolOptions<Resource> { MaxSize = 8 });
        _semaphore = new SemaphorePool(8);
        _channel = new ChannelPool(8);
        _objectPool = new DefaultObjectPool<Resource>(new DefaultPooledObjectPolicy<Resource>(), 8);
        _pool.RentAsync().GetAwaiter().GetResult().Dispose(); // create the one connection outside the measurement
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Ops, Description = "SemaphoreSlim+ConcurrentQueue")]
    public void SemaphoreSlimPool()
    {
        for (int i = 0; i < Ops; i++)
        {
            Resource r = _semaphore.RentAsync().GetAwaiter().GetResult();
            _semaphore.Return(r);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops, Description = "Bounded Channel")]
    public void BoundedChannelPool()
    {
        for (int i = 0; i < Ops; i++)
        {
            Resource r = _channel.RentAsync().GetAwaiter().GetResult();
            _channel.Return(r);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops, Description = "ObjectPool DefaultObjectPool (no limit, no async)")]
    public void ObjectPool()
    {
        for (int i = 0; i < Ops; i++)
        {
            Resource r = _objectPool.Get();
            _objectPool.Return(r);
        }
    }

    [Benchmark(OperationsPerInvoke = Ops, Description = "ConnectionPool<T>")]
    public void ConnHygienePool()
    {
        for (int i = 0; i < Ops; i++)
        {
            PooledConnection<Resource> lease = _pool.RentAsync().GetAwaiter().GetResult();
            lease.Dispose();
        }
    }
}

/// <summary>64 tasks contending for 8 connections, each holding its connection across an <c>await Task.Yield()</c>.</summary>
[MemoryDiagnoser]
[MedianColumn]
[MinColumn]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
public class ContentionBenchmarks
{
    private const int Tasks = 64;
    private const int Rounds = 50;
    private ConnectionPool<Resource> _pool = null!;
    private SemaphorePool _semaphore = null!;
    private ChannelPool _channel = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new ConnectionPool<Resource>(_ => new ValueTask<Resource>(new Resource()), new ConnectionPoolOptions<Resource> { MaxSize = 8 });
        _semaphore = new SemaphorePool(8);
        _channel = new ChannelPool(8);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Tasks * Rounds, Description = "Bounded Channel")]
    public Task BoundedChannelPool() => Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < Rounds; i++)
        {
            Resource r = await _channel.RentAsync();
            await Task.Yield();
            _channel.Return(r);
        }
    })));

    [Benchmark(OperationsPerInvoke = Tasks * Rounds, Description = "SemaphoreSlim+ConcurrentQueue")]
    public Task SemaphoreSlimPool() => Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < Rounds; i++)
        {
            Resource r = await _semaphore.RentAsync();
            await Task.Yield();
            _semaphore.Return(r);
        }
    })));

    [Benchmark(OperationsPerInvoke = Tasks * Rounds, Description = "ConnectionPool<T>")]
    public Task ConnHygienePool() => Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
    {
        for (int i = 0; i < Rounds; i++)
        {
            PooledConnection<Resource> lease = await _pool.RentAsync();
            await Task.Yield();
            lease.Dispose();
        }
    })));
}
