namespace ConnHygiene.Analyzers.Lifetimes;

/// <summary>A <see cref="Lifetime"/> and, for <see cref="Lifetime.PerOperation"/>, a phrase for the diagnostic message ("in a loop").</summary>
internal readonly struct LifetimeVerdict
{
    public LifetimeVerdict(Lifetime lifetime, string reason, bool isIteration = false, bool isUserAction = false)
    {
        Lifetime = lifetime;
        Reason = reason;
        IsIteration = isIteration;
        IsUserAction = isUserAction;
    }

    public Lifetime Lifetime { get; }

    /// <summary>Why the code runs that often, phrased to follow "creates a new X ...".</summary>
    public string Reason { get; }

    public bool IsPerOperation => Lifetime == Lifetime.PerOperation;

    /// <summary>Per operation because it repeats for each element or iteration (a loop, LINQ, Parallel): once overall when the code around it runs once.</summary>
    public bool IsIteration { get; }

    /// <summary>
    /// Per operation, but the operation is a user's action in a desktop or mobile UI (a button click): it runs at human
    /// rate, so a socket per action wastes a handshake but cannot pile up TIME_WAIT sockets.
    /// </summary>
    public bool IsUserAction { get; }

    public static LifetimeVerdict Unknown => new(Lifetime.Unknown, string.Empty);

    public static LifetimeVerdict Excluded => new(Lifetime.Excluded, string.Empty);

    public static LifetimeVerdict PerProcess(string reason) => new(Lifetime.PerProcess, reason);

    public static LifetimeVerdict FactoryManaged => new(Lifetime.FactoryManaged, string.Empty);

    public static LifetimeVerdict PerOperation(string reason) => new(Lifetime.PerOperation, reason);

    public static LifetimeVerdict PerUserAction(string reason) => new(Lifetime.PerOperation, reason, isUserAction: true);

    public static LifetimeVerdict PerIteration(string reason) => new(Lifetime.PerOperation, reason, isIteration: true);

    public override string ToString() => Reason.Length == 0 ? Lifetime.ToString() : Lifetime + " (" + Reason + ")";
}
