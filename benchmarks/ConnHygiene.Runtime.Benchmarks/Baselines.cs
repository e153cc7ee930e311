using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Channels;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime.Benchmarks;

/// <summary>The resource every pool in the benchmarks hands out.</summary>
public sealed class Resource
{
}

/// <summary>Baseline: the common hand-written pool, a <see cref="SemaphoreSlim"/> for the limit and a <see cref="ConcurrentQueue{T}"/> of idle items.</summary>
public sealed class SemaphorePool
{
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentQueue<Resource> _idle = new();

    public SemaphorePool(int max) => _slots = new SemaphoreSlim(max, max);

    public async ValueTask<Resource> RentAsync()
    {
        await _slots.WaitAsync().ConfigureAwait(false);
        return _idle.TryDequeue(out Resource? r) ? r : new Resource();
    }

    public void Return(Resource resource)
    {
        _idle.Enqueue(resource);
        _slots.Release();
    }
}

/// <summary>Baseline: a bounded <see cref="Channel{T}"/> pre-filled with the items.</summary>
public sealed class ChannelPool
{
    private readonly Channel<Resource> _channel;

    public ChannelPool(int max)
    {
        _channel = Channel.CreateBounded<Resource>(max);
        for (int i = 0; i < max; i++)
        {
            _channel.Writer.TryWrite(new Resource());
        }
    }

    public ValueTask<Resource> RentAsync() => _channel.Reader.ReadAsync();

    public void Return(Resource resource) => _channel.Writer.TryWrite(resource);
}
