namespace ConnHygiene.Runtime;

/// <content>Idle connections in a ring buffer of MaxSize slots: LIFO or FIFO take, FIFO scan for eviction.</content>
public sealed partial class ConnectionPool<T>
    where T : class
{
    // Guarded by _lock.
    private readonly Entry?[] _idle;
    private int _idleHead;
    private int _idleCount;

    /// <summary>Pops an idle entry, destroying those past their lifetime (<paramref name="now"/> is read only when a lifetime is set).</summary>
    private Entry? TakeIdleLocked(long now, ref Entry? destroy)
    {
        while (_idleCount > 0)
        {
            Entry e = PopIdleLocked(_lifo);
            if (now < e.ExpiresMs)
            {
                return e;
            }

            _count--;
            e.Next = destroy;
            destroy = e;
        }

        return null;
    }

    private Entry PopIdleLocked(bool fromBack)
    {
        int index = fromBack ? (_idleHead + _idleCount - 1) % _idle.Length : _idleHead;
        Entry e = _idle[index]!;
        _idle[index] = null;
        _idleCount--;
        if (!fromBack)
        {
            _idleHead = (_idleHead + 1) % _idle.Length;
        }

        return e;
    }

    private void PushIdleLocked(Entry entry)
    {
        _idle[(_idleHead + _idleCount) % _idle.Length] = entry;
        _idleCount++;
    }
}
