namespace ConnHygiene.Analyzers;

/// <summary>Which HTTP fix comes first (<c>connhygiene.http_fix</c>), and so which one <c>dotnet format</c> applies.</summary>
internal enum HttpFixPreference
{
    Factory,
    Shared,
}
