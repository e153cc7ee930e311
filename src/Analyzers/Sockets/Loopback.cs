using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace ConnHygiene.Analyzers.Sockets;

/// <summary>
/// Endpoints on this machine, as constants: <c>"localhost"</c>, <c>"127.0.0.1"</c>, <c>"::1"</c>, <c>IPAddress.Loopback</c>,
/// <c>IPAddress.Parse("127.0.0.1")</c>, <c>new IPEndPoint(IPAddress.Loopback, port)</c>. A loopback peer cannot vanish
/// silently: when its process dies the kernel closes the connection, and there is no cable, NAT or firewall in between.
/// </summary>
internal static class Loopback
{
    private const int MaxDepth = 3;

    /// <summary>True when the first endpoint argument (a host, an address or an endpoint) is a loopback constant.</summary>
    public static bool IsLoopback(ImmutableArray<IArgumentOperation> endpointArguments)
        => !endpointArguments.IsEmpty && IsLoopback(endpointArguments[0].Value, 0);

    private static bool IsLoopback(IOperation value, int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        value = value.WithoutConversions();
        if (value.ConstantValue is { HasValue: true, Value: string host })
        {
            return IsLoopbackName(host);
        }

        return value switch
        {
            IFieldReferenceOperation { Field: { Name: "Loopback" or "IPv6Loopback", ContainingType.Name: "IPAddress" } } => true,
            IInvocationOperation { TargetMethod: { Name: "Parse", ContainingType.Name: "IPAddress" }, Arguments: { Length: > 0 } arguments } => IsLoopback(arguments[0].Value, depth + 1),
            IObjectCreationOperation { Type.Name: "IPEndPoint" or "DnsEndPoint", Arguments: { Length: > 0 } arguments } => IsLoopback(arguments[0].Value, depth + 1),
            ILocalReferenceOperation local when Locals.SingleValue(local.Local, value.Root()) is { } single => IsLoopback(single, depth + 1),
            IFieldReferenceOperation { Field: { IsConst: true } } field when field.ConstantValue is { HasValue: true, Value: string name } => IsLoopbackName(name),
            _ => false,
        };
    }

    private static bool IsLoopbackName(string host)
        => host is "localhost" or "::1" or "[::1]" || host.StartsWith("127.", System.StringComparison.Ordinal);

    /// <summary>
    /// Every <c>new X(address, ...)</c> the field's type declares for it (its initializer, <c>_field = new(...)</c>
    /// assignments) starts with a loopback address, read from syntax. False when there is none.
    /// </summary>
    public static bool FieldAlwaysLoopback(IFieldSymbol field, System.Threading.CancellationToken cancellationToken)
    {
        var seen = false;
        foreach (var reference in field.ContainingType.DeclaringSyntaxReferences)
        {
            foreach (var node in reference.GetSyntax(cancellationToken).DescendantNodes())
            {
                var creation = node switch
                {
                    Microsoft.CodeAnalysis.CSharp.Syntax.VariableDeclaratorSyntax { Initializer.Value: Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax value } declarator
                        when declarator.Identifier.ValueText == field.Name => value,
                    Microsoft.CodeAnalysis.CSharp.Syntax.AssignmentExpressionSyntax { Right: Microsoft.CodeAnalysis.CSharp.Syntax.BaseObjectCreationExpressionSyntax value } assignment
                        when SyntaxNames.RightmostName(assignment.Left) == field.Name => value,
                    _ => null,
                };
                if (creation is null)
                {
                    continue;
                }

                if (creation.ArgumentList is not { Arguments.Count: > 0 } arguments || !IsLoopbackText(arguments.Arguments[0].Expression.ToString()))
                {
                    return false;
                }

                seen = true;
            }
        }

        return seen;
    }

    private static bool IsLoopbackText(string text)
        => text is "IPAddress.Loopback" or "IPAddress.IPv6Loopback" or "System.Net.IPAddress.Loopback" or "System.Net.IPAddress.IPv6Loopback"
           || (text.Length > 2 && text[0] == '"' && IsLoopbackName(text.Substring(1, text.Length - 2)));
}
