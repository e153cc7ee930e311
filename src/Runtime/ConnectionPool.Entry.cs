using System;
using System.Threading;

namespace ConnHygiene.Runtime;

/// <content>One pooled connection and the generation stamp of its current lease.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    /// <summary>
    /// A pooled connection and the state of its current lease: <c>(generation &lt;&lt; 2) | state</c>. Each rent starts a
    /// new generation, so a <see cref="PooledConnection{T}"/> of an earlier rent no longer matches and can do nothing.
    /// </summary>
    internal sealed class Entry
    {
        private const long Released = 0;
        private const long Active = 1;
        private const long ActiveInvalidated = 2;
        private const long StateMask = 3;

        private long _lease;

        public Entry(ConnectionPool<T> pool, T value, long createdMs, long expiresMs)
        {
            Pool = pool;
            Value = value;
            CreatedMs = createdMs;
            ExpiresMs = expiresMs;
            LastUsedMs = createdMs;
        }

        public ConnectionPool<T> Pool { get; }

        public T Value { get; }

        public long CreatedMs { get; }

        public long ExpiresMs { get; }

        public long LastUsedMs { get; set; }

        public Entry? Next { get; set; }

        /// <summary>Starts a new rent. Called only by the single owner of the entry (the renter it is handed to).</summary>
        public PooledConnection<T> NextLease()
        {
            long generation = (Volatile.Read(ref _lease) >> 2) + 1;
            Volatile.Write(ref _lease, (generation << 2) | Active);
            return new PooledConnection<T>(this, generation);
        }

        /// <summary>Ends the current rent without returning the entry (its owner goes on with it, e.g. to validate it).</summary>
        public void EndLease() => Volatile.Write(ref _lease, Volatile.Read(ref _lease) & ~StateMask);

        public bool IsLeasedAs(long generation)
        {
            long lease = Volatile.Read(ref _lease);
            return lease >> 2 == generation && (lease & StateMask) != Released;
        }

        public bool IsInvalidatedAs(long generation) => Volatile.Read(ref _lease) == ((generation << 2) | ActiveInvalidated);

        public void Invalidate(long generation) =>
            Interlocked.CompareExchange(ref _lease, (generation << 2) | ActiveInvalidated, (generation << 2) | Active);

        /// <summary>Ends rent <paramref name="generation"/> if it is the current one and still active; false for a stale lease.</summary>
        public bool TryRelease(long generation, out bool invalidated)
        {
            while (true)
            {
                long lease = Volatile.Read(ref _lease);
                if (lease >> 2 != generation || (lease & StateMask) == Released)
                {
                    invalidated = false;
                    return false;
                }

                if (Interlocked.CompareExchange(ref _lease, generation << 2, lease) == lease)
                {
                    invalidated = (lease & StateMask) == ActiveInvalidated;
                    return true;
                }
            }
        }
    }
}
