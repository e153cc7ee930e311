using System;
using System.Collections.Immutable;
using ConnHygiene.Analyzers.Lifetimes;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Rules;

/// <summary>
/// CH0004: code that turns HTTP keep-alive off — <c>ConnectionClose = true</c>, a <c>Connection: close</c> header,
/// <c>HttpWebRequest.KeepAlive = false</c>, <c>PooledConnectionIdleTimeout</c> or <c>PooledConnectionLifetime</c> = <c>TimeSpan.Zero</c>. Matched by symbol, so
/// it does not matter how the headers, request or handler were reached. Not a per-operation rule: wrong anywhere.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class KeepAliveOffAnalyzer : ConnHygieneAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Descriptors.CH0004KeepAliveOff);

    private protected override void OnCompilationStart(OperationRules operations, LifetimeJudge judge)
    {
        var types = KeepAliveTypes.Create(judge.Types);
        if (types is null)
        {
            return;
        }

        operations.OnPropertyAssignment(c => AnalyzeAssignment(c, types), "ConnectionClose", "KeepAlive", "PooledConnectionIdleTimeout", "PooledConnectionLifetime");
        operations.OnInvocation(c => AnalyzeInvocation(c, types), "Add", "TryAddWithoutValidation", "ParseAdd", "TryParseAdd");
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, KeepAliveTypes types)
    {
        if (context.Operation is not ISimpleAssignmentOperation { Target: IPropertyReferenceOperation { Property: { } property } } assignment)
        {
            return;
        }

        string? what = null;
        if (property.Name == "ConnectionClose" && KnownTypes.IsOrDerivesFrom(property.ContainingType, types.HttpRequestHeaders))
        {
            what = IsConstant(assignment.Value, true) ? "sets ConnectionClose = true" : null;
        }
        else if (property.Name == "KeepAlive" && KnownTypes.IsOrDerivesFrom(property.ContainingType, types.HttpWebRequest))
        {
            what = IsConstant(assignment.Value, false) ? "sets HttpWebRequest.KeepAlive = false" : null;
        }
        else if (property.Name is "PooledConnectionIdleTimeout" or "PooledConnectionLifetime"
                 && KnownTypes.IsOrDerivesFrom(property.ContainingType, types.SocketsHttpHandler))
        {
            // A zero idle timeout or lifetime: no connection is ever reused.
            what = IsZeroTimeSpan(assignment.Value, types) ? $"sets {property.Name} to zero" : null;
        }

        Report(context, what);
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, KeepAliveTypes types)
    {
        if (context.Operation is not IInvocationOperation { TargetMethod: { } method } invocation)
        {
            return;
        }

        string? what = null;
        if (method.Name is "Add" or "TryAddWithoutValidation"
            && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpHeaders)
            && KnownTypes.IsOrDerivesFrom(invocation.Instance?.Type, types.HttpRequestHeaders))
        {
            what = AddsConnectionClose(invocation) ? "adds the header 'Connection: close'" : null;
        }
        else if (method.Name is "Add" or "ParseAdd" or "TryParseAdd"
                 && KnownTypes.IsOrDerivesFrom(method.ContainingType, types.HttpHeaderValueCollection)
                 && invocation.Instance is IPropertyReferenceOperation { Property: { Name: "Connection" } connection }
                 && KnownTypes.IsOrDerivesFrom(connection.ContainingType, types.HttpRequestHeaders)
                 && invocation.Arguments.Length == 1
                 && IsCloseToken(invocation.Arguments[0].Value))
        {
            what = "adds 'close' to the Connection header";
        }

        Report(context, what);
    }

    private static void Report(OperationAnalysisContext context, string? what)
    {
        if (what is null)
        {
            return;
        }

        var options = ConnHygieneOptions.Read(context.Options, context.Operation.Syntax.SyntaxTree);
        if (TestCode.IsExcluded(context.ContainingSymbol, options))
        {
            return;
        }

        context.ReportDiagnostic(Diagnostic.Create(
            Descriptors.CH0004KeepAliveOff, context.Operation.Syntax.GetLocation(), Display.Member(context.ContainingSymbol), what));
    }

    /// <summary><c>headers.Add("Connection", "close")</c>, also with several values or <c>TryAddWithoutValidation</c>.</summary>
    private static bool AddsConnectionClose(IInvocationOperation invocation)
    {
        IArgumentOperation? name = null;
        IArgumentOperation? value = null;
        foreach (var argument in invocation.Arguments)
        {
            switch (argument.Parameter?.Name)
            {
                case "name":
                    name = argument;
                    break;
                case "value" or "values":
                    value = argument;
                    break;
            }
        }

        if (name?.Value.ConstantValue is not { HasValue: true, Value: string headerName }
            || !string.Equals(headerName.Trim(), "Connection", StringComparison.OrdinalIgnoreCase)
            || value is null)
        {
            return false;
        }

        var elements = Unwrap(value.Value) switch
        {
            IArrayCreationOperation { Initializer: { } initializer } => initializer.ElementValues,
            ICollectionExpressionOperation collection => collection.Elements,
            var single => ImmutableArray.Create(single),
        };
        foreach (var element in elements)
        {
            if (IsCloseToken(element))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A constant header value with a <c>close</c> token (any case; <c>"close"</c>, <c>"Close"</c>, <c>"upgrade, close"</c>).</summary>
    private static bool IsCloseToken(IOperation value)
    {
        if (Unwrap(value).ConstantValue is not { HasValue: true, Value: string text })
        {
            return false;
        }

        foreach (var token in text.Split(','))
        {
            if (string.Equals(token.Trim(), "close", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsConstant(IOperation value, bool expected)
        => Unwrap(value).ConstantValue is { HasValue: true, Value: bool actual } && actual == expected;

    /// <summary><c>TimeSpan.Zero</c>, <c>TimeSpan.FromSeconds(0)</c> (any <c>From*</c>), <c>new TimeSpan(0)</c>, <c>default</c>.</summary>
    private static bool IsZeroTimeSpan(IOperation value, KeepAliveTypes types)
    {
        value = Unwrap(value);
        if (!SymbolEqualityComparer.Default.Equals(value.Type, types.TimeSpan))
        {
            return false;
        }

        switch (value)
        {
            case IFieldReferenceOperation { Field.Name: "Zero" }:
            case IDefaultValueOperation:
                return true;
            case IInvocationOperation { TargetMethod: { IsStatic: true } method } call
                when method.Name.StartsWith("From", StringComparison.Ordinal) && SymbolEqualityComparer.Default.Equals(method.ContainingType, types.TimeSpan):
                return AllZero(call.Arguments);
            case IObjectCreationOperation creation:
                return AllZero(creation.Arguments);
            default:
                return false;
        }
    }

    private static bool AllZero(ImmutableArray<IArgumentOperation> arguments)
    {
        foreach (var argument in arguments)
        {
            if (Unwrap(argument.Value).ConstantValue is not { HasValue: true, Value: { } number } || !IsZero(number))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsZero(object number) => number switch
    {
        int i => i == 0,
        long l => l == 0,
        short s => s == 0,
        byte b => b == 0,
        double d => d == 0,
        float f => f == 0,
        decimal m => m == 0,
        _ => false,
    };

    private static IOperation Unwrap(IOperation value) => value.WithoutConversions();

    /// <summary>The types CH0004 matches, resolved once per compilation; null when none of them exists.</summary>
    private sealed class KeepAliveTypes
    {
        private KeepAliveTypes(KnownTypes types)
        {
            HttpHeaders = types.Get("System.Net.Http.Headers.HttpHeaders");
            HttpRequestHeaders = types.Get("System.Net.Http.Headers.HttpRequestHeaders");
            HttpHeaderValueCollection = types.Get("System.Net.Http.Headers.HttpHeaderValueCollection`1");
            HttpWebRequest = types.HttpWebRequest;
            SocketsHttpHandler = types.SocketsHttpHandler;
            TimeSpan = types.Get("System.TimeSpan");
        }

        public INamedTypeSymbol? HttpHeaders { get; }

        public INamedTypeSymbol? HttpRequestHeaders { get; }

        public INamedTypeSymbol? HttpHeaderValueCollection { get; }

        public INamedTypeSymbol? HttpWebRequest { get; }

        public INamedTypeSymbol? SocketsHttpHandler { get; }

        public INamedTypeSymbol? TimeSpan { get; }

        public static KeepAliveTypes? Create(KnownTypes types)
        {
            var result = new KeepAliveTypes(types);
            return result.HttpHeaders is null && result.HttpWebRequest is null && result.SocketsHttpHandler is null ? null : result;
        }
    }
}
