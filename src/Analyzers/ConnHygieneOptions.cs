using System;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Analyzers;

/// <summary>
/// Parsed ConnHygiene options for one syntax tree. Parsing never throws: bad input falls back to the default.
/// </summary>
internal sealed class ConnHygieneOptions
{
    public static readonly TimeSpan DefaultPooledConnectionLifetime = TimeSpan.FromMinutes(2);
    public static readonly ConnHygieneOptions Default = new(ImmutableArray<string>.Empty, ImmutableArray<string>.Empty, DefaultPooledConnectionLifetime, false, HttpFixPreference.Factory);

    private ConnHygieneOptions(ImmutableArray<string> perRequestTypes, ImmutableArray<string> singletonClientTypes, TimeSpan pooledConnectionLifetime, bool analyzeTestCode, HttpFixPreference httpFix)
    {
        PerRequestTypes = perRequestTypes;
        SingletonClientTypes = singletonClientTypes;
        PooledConnectionLifetime = pooledConnectionLifetime;
        AnalyzeTestCode = analyzeTestCode;
        HttpFix = httpFix;
    }

    /// <summary>Fully qualified names of extra per-request types (<c>connhygiene.per_request_types</c>).</summary>
    public ImmutableArray<string> PerRequestTypes { get; }

    /// <summary>Fully qualified names of extra pool-owning client types (<c>connhygiene.singleton_client_types</c>).</summary>
    public ImmutableArray<string> SingletonClientTypes { get; }

    public TimeSpan PooledConnectionLifetime { get; }

    public bool AnalyzeTestCode { get; }

    public HttpFixPreference HttpFix { get; }

    public static ConnHygieneOptions Read(AnalyzerOptions options, SyntaxTree tree)
        => Read(options.AnalyzerConfigOptionsProvider.GetOptions(tree));

    public static ConnHygieneOptions Read(AnalyzerConfigOptions options)
    {
        var perRequest = options.TryGetValue(OptionNames.PerRequestTypes, out var a) ? SplitList(a) : ImmutableArray<string>.Empty;
        var singletons = options.TryGetValue(OptionNames.SingletonClientTypes, out var b) ? SplitList(b) : ImmutableArray<string>.Empty;
        var lifetime = options.TryGetValue(OptionNames.PooledConnectionLifetime, out var c) ? ParseLifetime(c) : DefaultPooledConnectionLifetime;
        var tests = options.TryGetValue(OptionNames.AnalyzeTestCode, out var d) && bool.TryParse(d.Trim(), out var t) && t;
        var fix = options.TryGetValue(OptionNames.HttpFix, out var e) && string.Equals(e.Trim(), "shared", StringComparison.OrdinalIgnoreCase)
            ? HttpFixPreference.Shared
            : HttpFixPreference.Factory;
        if (perRequest.IsEmpty && singletons.IsEmpty && lifetime == DefaultPooledConnectionLifetime && !tests && fix == HttpFixPreference.Factory)
        {
            return Default;
        }

        return new ConnHygieneOptions(perRequest, singletons, lifetime, tests, fix);
    }

    /// <summary>Parses a <c>hh:mm:ss</c> lifetime; anything unparsable, zero or negative gives the default.</summary>
    private static TimeSpan ParseLifetime(string? text)
    {
        if (text is not null
            && TimeSpan.TryParse(text.Trim(), CultureInfo.InvariantCulture, out var value)
            && value > TimeSpan.Zero)
        {
            return value;
        }

        return DefaultPooledConnectionLifetime;
    }

    internal static ImmutableArray<string> SplitList(string text)
    {
        var builder = ImmutableArray.CreateBuilder<string>();
        foreach (var part in text.Split(new[] { ',', ';' }, StringSplitOptions.RemoveEmptyEntries))
        {
            var name = part.Trim();
            if (name.Length > 0)
            {
                builder.Add(name);
            }
        }

        return builder.ToImmutable();
    }
}
