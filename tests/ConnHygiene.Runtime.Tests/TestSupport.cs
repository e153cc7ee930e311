using System;
using System.Diagnostics;
using System.IO;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Time.Testing;
using Xunit;

[assembly: CollectionBehavior(DisableTestParallelization = true)]

namespace ConnHygiene.Runtime.Tests;

/// <summary>A connection stand-in that records whether it was destroyed.</summary>
internal sealed class FakeConnection : IDisposable
{
    private static int s_nextId;

    public int Id { get; } = Interlocked.Increment(ref s_nextId);

    public bool Disposed { get; private set; }

    public bool Healthy { get; set; } = true;

    public void Dispose() => Disposed = true;
}

/// <summary>A factory of <see cref="FakeConnection"/> that counts calls and can be made to fail or stall.</summary>
internal sealed class FakeFactory
{
    private int _created;
    private int _calls;

    public int Created => Volatile.Read(ref _created);

    public int Calls => Volatile.Read(ref _calls);

    public Exception? FailWith { get; set; }

    public TimeSpan Delay { get; set; }

    /// <summary>The clock of <see cref="Delay"/> (a fake one in tests that drive time).</summary>
    public TimeProvider Time { get; set; } = TimeProvider.System;

    public async ValueTask<FakeConnection> CreateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, Time, cancellationToken);
        }

        if (FailWith is { } error)
        {
            throw error;
        }

        Interlocked.Increment(ref _created);
        return new FakeConnection();
    }
}

/// <summary>A fact that needs Linux (<c>/proc/net/tcp</c>); skipped on other systems instead of failing.</summary>
internal sealed class LinuxFactAttribute : FactAttribute
{
    public LinuxFactAttribute()
    {
        if (!ConnHygiene.Runtime.Testing.TcpSocketCounter.IsSupported)
        {
            Skip = "Needs /proc/net/tcp (Linux).";
        }
    }
}

internal static class FakeTime
{
    /// <summary>A fake clock for the runtime's timeouts, evictions, back-off and heartbeats: tests move it, not the wall clock.</summary>
    public static FakeTimeProvider Create() => new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    /// <summary>Moves <paramref name="time"/> forward by <paramref name="total"/> in steps, so every periodic timer ticks at each step.</summary>
    public static void Advance(this FakeTimeProvider time, TimeSpan total, TimeSpan step)
    {
        for (TimeSpan moved = TimeSpan.Zero; moved < total; moved += step)
        {
            time.Advance(step);
        }
    }
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until true or <paramref name="timeout"/> passes; returns the last result.</summary>
    public static async Task<bool> TrueAsync(Func<bool> condition, TimeSpan? timeout = null)
    {
        var watch = Stopwatch.StartNew();
        TimeSpan limit = timeout ?? TimeSpan.FromSeconds(5);
        while (!condition())
        {
            if (watch.Elapsed > limit)
            {
                return condition();
            }

            await Task.Delay(10);
        }

        return true;
    }

    /// <summary>Awaits <paramref name="task"/> or fails the test after <paramref name="seconds"/> (no test may hang).</summary>
    public static async Task<T> Within<T>(Task<T> task, double seconds = 10)
    {
        Task winner = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(winner == task, $"Did not complete within {seconds} s.");
        return await task;
    }

    public static async Task Within(Task task, double seconds = 10)
    {
        Task winner = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        Assert.True(winner == task, $"Did not complete within {seconds} s.");
        await task;
    }
}

/// <summary>A read-only stream over bytes that returns at most <c>chunk</c> bytes per read.</summary>
internal sealed class TrickleStream : Stream
{
    private readonly byte[] _data;
    private readonly int _chunk;
    private int _position;

    public TrickleStream(byte[] data, int chunk)
    {
        _data = data;
        _chunk = chunk;
    }

    public int Reads { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _data.Length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count)
    {
        Reads++;
        int n = Math.Min(Math.Min(count, _chunk), _data.Length - _position);
        Buffer.BlockCopy(_data, _position, buffer, offset, n);
        _position += n;
        return n;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer, offset, count));

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Reads++;
        int n = Math.Min(Math.Min(buffer.Length, _chunk), _data.Length - _position);
        _data.AsSpan(_position, n).CopyTo(buffer.Span);
        _position += n;
        return new ValueTask<int>(n);
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
