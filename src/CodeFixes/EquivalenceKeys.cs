namespace ConnHygiene.CodeFixes;

/// <summary>Code action equivalence keys: what Fix All and <c>dotnet format</c> group fixes by.</summary>
public static class EquivalenceKeys
{
    public const string InjectFactory = "CH0001.InjectFactory";
    public const string SharedClient = "CH0001.SharedClient";
    public const string HoistHandler = "CH0002.HoistHandler";
    public const string PooledConnectionLifetime = "CH0003.PooledConnectionLifetime";
    public const string RemoveKeepAliveOff = "CH0004.RemoveKeepAliveOff";
    public const string SetPooledConnectionLifetime = "CH0004.SetPooledConnectionLifetime";
    public const string UsingResponse = "CH0005.UsingResponse";
    public const string WebClientToSharedHttpClient = "CH0006.SharedHttpClient";
    public const string HoistToLazy = "CH0020.HoistToLazy";
    public const string RemoveAbortiveLinger = "CH0013.RemoveLinger";
    public const string ReadFully = "CH0014.ReadFully";
    public const string UseFrameWriter = "CH0015.FrameWriter";
    public const string RentSocketFromPool = "CH0010.RentFromPool";
    public const string HoistConnection = "CH0011.HoistConnection";
    public const string RentInLoopFromPool = "CH0011.RentFromPool";
    public const string EnableKeepAlive = "CH0012.EnableKeepAlive";
}
