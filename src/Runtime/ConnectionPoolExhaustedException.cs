using System;

namespace ConnHygiene.Runtime;

/// <summary>Thrown when a rent finds the pool's waiter queue full (<see cref="ConnectionPoolOptions{T}.MaxWaiters"/>).</summary>
public class ConnectionPoolExhaustedException : InvalidOperationException
{
    /// <summary>Creates the exception.</summary>
    public ConnectionPoolExhaustedException(string message)
        : base(message)
    {
    }
}
