using System;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime;

/// <summary>
/// A connection rented from a <see cref="ConnectionPool{T}"/>. Disposing the lease returns the connection;
/// <see cref="Invalidate"/> first makes the return destroy it. A second Dispose does nothing.
/// </summary>
/// <remarks>
/// Leases are recycled by the pool (see <see cref="ConnectionPoolOptions{T}.RecycleLeases"/>): do not keep the
/// reference after disposing it. Reading <see cref="Value"/> from a returned lease throws <see cref="ObjectDisposedException"/>.
/// </remarks>
public sealed class PooledConnection<T> : IDisposable, IAsyncDisposable
    where T : class
{
    private const int Released = 0;
    private const int Active = 1;
    private const int ActiveInvalidated = 2;

    private readonly ConnectionPool<T> _pool;
    private int _state;

    internal PooledConnection(ConnectionPool<T> pool, ConnectionPool<T>.Entry entry)
    {
        _pool = pool;
        Entry = entry;
    }

    internal ConnectionPool<T>.Entry Entry { get; }

    /// <summary>The pooled connection. Throws <see cref="ObjectDisposedException"/> once the lease was returned.</summary>
    public T Value => Volatile.Read(ref _state) != Released ? Entry.Value : throw new ObjectDisposedException(nameof(PooledConnection<T>), "The lease was returned to its pool.");

    /// <summary>True when <see cref="Invalidate"/> was called on this lease.</summary>
    public bool IsInvalidated => Volatile.Read(ref _state) == ActiveInvalidated;

    /// <summary>Marks the connection broken: disposing the lease destroys it instead of returning it to the pool.</summary>
    public void Invalidate() => Interlocked.CompareExchange(ref _state, ActiveInvalidated, Active);

    /// <summary>Returns the connection to the pool (or destroys it when invalidated). Idempotent.</summary>
    public void Dispose()
    {
        int state = Interlocked.Exchange(ref _state, Released);
        if (state != Released)
        {
            _pool.Return(Entry, state == ActiveInvalidated);
        }
    }

    /// <summary>Returns the connection to the pool; when it is destroyed, waits for the destruction. Idempotent.</summary>
    public ValueTask DisposeAsync()
    {
        int state = Interlocked.Exchange(ref _state, Released);
        return state == Released ? default : _pool.ReturnAsync(Entry, state == ActiveInvalidated);
    }

    internal void Activate() => Volatile.Write(ref _state, Active);

    internal bool TryDeactivate() => Interlocked.Exchange(ref _state, Released) != Released;
}
