using System;
using System.Threading.Tasks;

namespace ConnHygiene.Runtime;

/// <summary>
/// A connection rented from a <see cref="ConnectionPool{T}"/>. Disposing the lease returns the connection;
/// <see cref="Invalidate"/> first makes the return destroy it.
/// </summary>
/// <remarks>
/// A lease is a small value that names one rent of one connection (the connection and the rent's generation), so
/// renting allocates nothing and a lease outlives its rent harmlessly: once it was disposed, every copy of it is
/// stale. On a stale lease <see cref="Dispose"/>, <see cref="DisposeAsync"/> and <see cref="Invalidate"/> do nothing
/// and <see cref="Value"/> throws <see cref="ObjectDisposedException"/>, even when the same connection has since
/// been rented by someone else. <c>default(PooledConnection&lt;T&gt;)</c> behaves like a stale lease.
/// </remarks>
public readonly struct PooledConnection<T> : IDisposable, IAsyncDisposable
    where T : class
{
    private readonly ConnectionPool<T>.Entry? _entry;
    private readonly long _generation;

    internal PooledConnection(ConnectionPool<T>.Entry entry, long generation)
    {
        _entry = entry;
        _generation = generation;
    }

    /// <summary>The pooled connection. Throws <see cref="ObjectDisposedException"/> once this lease was returned.</summary>
    public T Value => _entry is { } entry && entry.IsLeasedAs(_generation)
        ? entry.Value
        : throw new ObjectDisposedException(nameof(PooledConnection<T>), "The lease was returned to its pool.");

    /// <summary>True when <see cref="Invalidate"/> was called on this lease and it was not returned yet.</summary>
    public bool IsInvalidated => _entry is { } entry && entry.IsInvalidatedAs(_generation);

    internal ConnectionPool<T>.Entry? Entry => _entry;

    /// <summary>Marks the connection broken: disposing the lease destroys it instead of returning it to the pool. Does nothing on a returned lease.</summary>
    public void Invalidate() => _entry?.Invalidate(_generation);

    /// <summary>Returns the connection to the pool (or destroys it when invalidated). Does nothing when this lease was already returned.</summary>
    public void Dispose()
    {
        if (_entry is { } entry && entry.TryRelease(_generation, out bool invalidated))
        {
            entry.Pool.Return(entry, invalidated);
        }
    }

    /// <summary>Returns the connection to the pool; when it is destroyed, waits for the destruction. Does nothing when this lease was already returned.</summary>
    public ValueTask DisposeAsync() =>
        _entry is { } entry && entry.TryRelease(_generation, out bool invalidated)
            ? entry.Pool.ReturnAsync(entry, invalidated)
            : default;
}
