namespace ConnHygiene.CodeFixes;

/// <summary>Code action equivalence keys: what Fix All and <c>dotnet format</c> group fixes by.</summary>
public static class EquivalenceKeys
{
    public const string InjectFactory = "CH0001.InjectFactory";
    public const string SharedClient = "CH0001.SharedClient";
    public const string HoistHandler = "CH0002.HoistHandler";
    public const string PooledConnectionLifetime = "CH0003.PooledConnectionLifetime";
    public const string RentSocketFromPool = "CH0010.RentFromPool";
    public const string HoistConnection = "CH0011.HoistConnection";
    public const string RentInLoopFromPool = "CH0011.RentFromPool";
    public const string EnableKeepAlive = "CH0012.EnableKeepAlive";
}
