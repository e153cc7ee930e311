using System;
using System.Threading;
using System.Threading.Tasks;
using System.Threading.Tasks.Sources;

namespace ConnHygiene.Runtime;

/// <content>A waiting renter.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    /// <summary>
    /// A renter waiting in the queue: a reusable <see cref="IValueTaskSource{TResult}"/>, so waiting allocates nothing
    /// once the pool has warmed up. Exactly one party completes it: whoever removed it from the queue under the lock.
    /// </summary>
    private sealed class Waiter : IValueTaskSource<PooledConnection<T>>
    {
        private ManualResetValueTaskSourceCore<PooledConnection<T>> _core;

        public Waiter(ConnectionPool<T> pool)
        {
            Pool = pool;
            _core.RunContinuationsAsynchronously = true;
        }

        public ConnectionPool<T> Pool { get; }

        public long Deadline { get; set; }

        public long StartTimestamp { get; set; }

        public Waiter? Prev { get; set; }

        public Waiter? Next { get; set; }

        public Waiter? NextFree { get; set; }

        public bool InQueue { get; set; }

        public Entry? Entry { get; set; }

        public CancellationToken Token { get; set; }

        public CancellationTokenRegistration Registration { get; set; }

        public short Version => _core.Version;

        public ValueTask<PooledConnection<T>> AsValueTask() => new(this, _core.Version);

        public void Complete(PooledConnection<T> lease)
        {
            DisposeRegistration();
            _core.SetResult(lease);
        }

        public void Fail(Exception error)
        {
            DisposeRegistration();
            _core.SetException(error);
        }

        /// <summary>Called from the token's own callback (the registration ends with it).</summary>
        public void Canceled() => _core.SetException(new OperationCanceledException(Token));

        public PooledConnection<T> GetResult(short token)
        {
            if (_core.GetStatus(token) == ValueTaskSourceStatus.Pending && Pool.TryAbandon(this))
            {
                // Read before completion (sync-over-async on a ValueTask): the waiter left the queue, so nothing
                // will complete it and it can be recycled; the caller gets ValueTask's own error.
                DisposeRegistration();
                Recycle();
                throw new InvalidOperationException("The rent is still waiting for a connection: await the ValueTask (or call AsTask()) instead of reading its result before it completes. The rent was withdrawn.");
            }

            try
            {
                return _core.GetResult(token);
            }
            finally
            {
                Recycle();
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        private void Recycle()
        {
            _core.Reset();
            Token = default;
            Registration = default;
            Entry = null;
            Pool.RecycleWaiter(this);
        }

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        /// <summary>
        /// Waits for a cancellation callback running on another thread to finish, so the waiter can be reused safely.
        /// Never called under the pool lock (the callback takes it).
        /// </summary>
        private void DisposeRegistration()
        {
            Registration.Dispose();
            Registration = default;
        }
    }
}
