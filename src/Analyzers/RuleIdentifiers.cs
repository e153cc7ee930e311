namespace ConnHygiene.Analyzers;

/// <summary>The fixed rule IDs (see DESIGN.md). One constant per rule; nothing else spells an ID.</summary>
internal static class RuleIdentifiers
{
    public const string HttpClientPerOperation = "CH0001";
    public const string HandlerPerOperation = "CH0002";
    public const string PooledConnectionLifetime = "CH0003";
    public const string KeepAliveOff = "CH0004";
    public const string ResponseNotDisposed = "CH0005";
    public const string LegacyWebClient = "CH0006";
    public const string SocketPerOperation = "CH0010";
    public const string ConnectInLoop = "CH0011";
    public const string DeadPeerDetection = "CH0012";
    public const string AbortiveClose = "CH0013";
    public const string InexactRead = "CH0014";
    public const string UnframedMessages = "CH0015";
    public const string SharedPoolClient = "CH0020";

    /// <summary>Where every rule page lives; <see cref="Descriptors"/> derives each help link from it.</summary>
    public const string HelpLinkBase = "https://github.com/connhygiene/connhygiene/blob/main/docs/rules/";

    public static string HelpLink(string id) => HelpLinkBase + id + ".md";
}
