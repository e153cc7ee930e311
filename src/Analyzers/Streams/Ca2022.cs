using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Streams;

/// <summary>
/// The .NET SDK's CA2022 ("Avoid inexact read with Stream.Read"): which reads it reports, and whether it is in force for a
/// file. Where it is, CH0014 leaves those reads to it so the user does not see two warnings for one mistake.
/// </summary>
internal static class Ca2022
{
    public const string RuleId = "CA2022";

    /// <summary>Made compiler-visible by the package's <c>build/ConnHygiene.props</c>.</summary>
    public const string EnableNetAnalyzersProperty = "build_property.EnableNETAnalyzers";

    /// <summary>Made compiler-visible by the package's <c>build/ConnHygiene.props</c>: the SDK whose NetAnalyzers run (CA2022 ships from 9.0).</summary>
    public const string SdkVersionProperty = "build_property.NETCoreSdkVersion";

    private const string CategorySeverity = "dotnet_analyzer_diagnostic.category-Reliability.severity";
    private const string AllSeverity = "dotnet_analyzer_diagnostic.severity";

    /// <summary>
    /// The reads CA2022 reports, exactly as it decides: a <c>Stream.Read</c>/<c>ReadAsync</c> overload (or an override of
    /// one) whose result is dropped — the call is an expression statement, or an awaited async call is — on an instance
    /// whose type is not <c>MemoryStream</c>/<c>UnmanagedMemoryStream</c>. Not <c>_ = ...</c>, not <c>.ConfigureAwait(...)</c>,
    /// not a count stored anywhere, not <c>BinaryReader.Read</c> nor a socket.
    /// </summary>
    public static bool Reports(IInvocationOperation read, ReadKind kind, StreamTypes types)
    {
        var dropped = kind switch
        {
            ReadKind.StreamRead => read.Parent is IExpressionStatementOperation,
            ReadKind.StreamReadAsync => read.Parent is IAwaitOperation { Parent: IExpressionStatementOperation },
            _ => false,
        };
        if (!dropped)
        {
            return false;
        }

        var method = read.TargetMethod;
        while (method.OverriddenMethod is { } overridden)
        {
            method = overridden;
        }

        if (!SymbolEqualityComparer.Default.Equals(method.ContainingType, types.Types.Stream))
        {
            return false;
        }

        var instance = read.Instance;
        while (instance is IConversionOperation { IsImplicit: true } conversion)
        {
            instance = conversion.Operand;
        }

        return !(SymbolEqualityComparer.Default.Equals(instance?.Type, types.MemoryStream)
                 || SymbolEqualityComparer.Default.Equals(instance?.Type, types.UnmanagedMemoryStream));
    }

    /// <summary>
    /// True when CA2022 runs on <paramref name="tree"/> as a warning or an error. <c>connhygiene.defer_to_ca2022 = true|false</c>
    /// decides outright; otherwise the SDK's NetAnalyzers must be on (<c>EnableNETAnalyzers</c>) from an SDK that has CA2022
    /// (9.0 or later), and CA2022's effective severity — <c>NoWarn</c>, the file's <c>.editorconfig</c>, the global configs
    /// (including the SDK's AnalysisLevel config, which turns it off below level 9 and in the <c>none</c> mode), the command
    /// line, then the bulk <c>dotnet_analyzer_diagnostic</c> settings, else its default (warning) — must be warning or error.
    /// Unknown (no build properties: not an SDK build with the package's props) counts as not in force: CH0014 then reports all.
    /// </summary>
    public static bool InForce(Compilation compilation, AnalyzerOptions options, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var treeOptions = options.AnalyzerConfigOptionsProvider.GetOptions(tree);
        if (treeOptions.TryGetValue(OptionNames.DeferToCa2022, out var decided) && bool.TryParse(decided.Trim(), out var defer))
        {
            return defer;
        }

        var global = options.AnalyzerConfigOptionsProvider.GlobalOptions;
        if (!IsTrue(global, EnableNetAnalyzersProperty) || !global.TryGetValue(SdkVersionProperty, out var sdk) || Major(sdk) < 9)
        {
            return false;
        }

        return Severity(compilation, treeOptions, tree, cancellationToken) is ReportDiagnostic.Warn or ReportDiagnostic.Error;
    }

    private static ReportDiagnostic Severity(Compilation compilation, AnalyzerConfigOptions treeOptions, SyntaxTree tree, CancellationToken cancellationToken)
    {
        var commandLine = compilation.Options.SpecificDiagnosticOptions.TryGetValue(RuleId, out var fromCommandLine) ? fromCommandLine : ReportDiagnostic.Default;
        if (commandLine == ReportDiagnostic.Suppress)
        {
            return ReportDiagnostic.Suppress;
        }

        var provider = compilation.Options.SyntaxTreeOptionsProvider;
        if (provider is not null
            && (provider.TryGetDiagnosticValue(tree, RuleId, cancellationToken, out var configured)
                || provider.TryGetGlobalDiagnosticValue(RuleId, cancellationToken, out configured)))
        {
            return configured == ReportDiagnostic.Default ? ReportDiagnostic.Warn : configured;
        }

        if (commandLine != ReportDiagnostic.Default)
        {
            return commandLine;
        }

        foreach (var key in new[] { CategorySeverity, AllSeverity })
        {
            if (treeOptions.TryGetValue(key, out var bulk) && ParseSeverity(bulk) is { } severity)
            {
                return severity;
            }
        }

        return ReportDiagnostic.Warn;
    }

    private static ReportDiagnostic? ParseSeverity(string text)
        => text.Trim().ToLowerInvariant() switch
        {
            "none" => ReportDiagnostic.Suppress,
            "silent" or "refactoring" => ReportDiagnostic.Hidden,
            "suggestion" => ReportDiagnostic.Info,
            "warning" => ReportDiagnostic.Warn,
            "error" => ReportDiagnostic.Error,
            "default" => ReportDiagnostic.Warn,
            _ => null,
        };

    private static bool IsTrue(AnalyzerConfigOptions options, string key)
        => options.TryGetValue(key, out var value) && string.Equals(value.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The leading number of a version such as <c>10.0.401</c> or <c>9.0.100-rc.1</c>; 0 when there is none.</summary>
    private static int Major(string version)
    {
        var major = 0;
        foreach (var c in version.Trim())
        {
            if (c < '0' || c > '9')
            {
                break;
            }

            major = (major * 10) + (c - '0');
            if (major > 1000)
            {
                break;
            }
        }

        return major;
    }
}
