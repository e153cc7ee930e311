namespace ConnHygiene.Analyzers;

/// <summary>Every <c>.editorconfig</c> key ConnHygiene reads.</summary>
internal static class OptionNames
{
    public const string PerRequestTypes = "connhygiene.per_request_types";
    public const string SingletonClientTypes = "connhygiene.singleton_client_types";
    public const string PooledConnectionLifetime = "connhygiene.pooled_connection_lifetime";
    public const string AnalyzeTestCode = "connhygiene.analyze_test_code";
    public const string HttpFix = "connhygiene.http_fix";
    public const string DeferToCa2022 = "connhygiene.defer_to_ca2022";
}
