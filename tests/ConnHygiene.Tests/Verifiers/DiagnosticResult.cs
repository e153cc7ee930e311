using System;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// Where an expected diagnostic is: a markup key (<c>{|#0:...|}</c>), an exact span, a start position only,
/// or no location at all. Lines and columns are 1-based as in the IDE and the Microsoft harness.
/// </summary>
public readonly record struct ExpectedLocation(string? Path, LinePositionSpan Span, bool StartOnly, int? MarkupKey, bool None)
{
    internal static ExpectedLocation FromKey(int key) => new(null, default, false, key, false);

    internal static ExpectedLocation FromSpan(string? path, int startLine, int startColumn, int endLine, int endColumn) =>
        new(path, new LinePositionSpan(new LinePosition(startLine - 1, startColumn - 1), new LinePosition(endLine - 1, endColumn - 1)), false, null, false);

    internal static ExpectedLocation FromStart(string? path, int line, int column) =>
        new(path, new LinePositionSpan(new LinePosition(line - 1, column - 1), new LinePosition(line - 1, column - 1)), true, null, false);

    public override string ToString()
    {
        if (None) return "no location";
        if (MarkupKey is int key) return $"markup {{|#{key}:...|}}";
        var start = Span.Start;
        var end = Span.End;
        return StartOnly
            ? $"{Path ?? "<first file>"}({start.Line + 1},{start.Character + 1})"
            : $"{Path ?? "<first file>"}({start.Line + 1},{start.Character + 1},{end.Line + 1},{end.Character + 1})";
    }
}

/// <summary>An expected diagnostic, built fluently as in Microsoft.CodeAnalysis.Testing.</summary>
public readonly struct DiagnosticResult
{
    private readonly ImmutableArray<ExpectedLocation> _locations;

    private DiagnosticResult(
        string id,
        DiagnosticDescriptor? descriptor,
        DiagnosticSeverity? severity,
        string? message,
        ImmutableArray<object?>? arguments,
        ImmutableArray<ExpectedLocation> locations)
    {
        Id = id;
        Descriptor = descriptor;
        Severity = severity;
        Message = message;
        MessageArguments = arguments;
        _locations = locations;
    }

    public DiagnosticResult(string id, DiagnosticSeverity? severity = null)
        : this(id, null, severity, null, null, ImmutableArray<ExpectedLocation>.Empty)
    {
    }

    public DiagnosticResult(DiagnosticDescriptor descriptor)
        : this(descriptor.Id, descriptor, null, null, null, ImmutableArray<ExpectedLocation>.Empty)
    {
    }

    public string Id { get; }

    public DiagnosticDescriptor? Descriptor { get; }

    /// <summary>Checked only when set (<see cref="WithSeverity"/>).</summary>
    public DiagnosticSeverity? Severity { get; }

    /// <summary>The exact message (invariant culture), checked only when set.</summary>
    public string? Message { get; }

    /// <summary>Message arguments, checked only when set: the actual message must equal the descriptor's format filled with them.</summary>
    public ImmutableArray<object?>? MessageArguments { get; }

    /// <summary>The first is the primary location, the rest are compared with the diagnostic's additional locations.</summary>
    public ImmutableArray<ExpectedLocation> Locations => _locations.IsDefault ? ImmutableArray<ExpectedLocation>.Empty : _locations;

    public bool HasLocation => Locations.Length > 0;

    public static DiagnosticResult CompilerError(string id) => new(id, DiagnosticSeverity.Error);

    public static DiagnosticResult CompilerWarning(string id) => new(id, DiagnosticSeverity.Warning);

    public DiagnosticResult WithSeverity(DiagnosticSeverity severity) =>
        new(Id, Descriptor, severity, Message, MessageArguments, Locations);

    public DiagnosticResult WithMessage(string message) =>
        new(Id, Descriptor, Severity, message, MessageArguments, Locations);

    public DiagnosticResult WithArguments(params object?[] arguments) =>
        new(Id, Descriptor, Severity, Message, arguments.ToImmutableArray(), Locations);

    /// <summary>The span marked <c>{|#key:...|}</c> in any source file of the test.</summary>
    public DiagnosticResult WithLocation(int markupKey) => Add(ExpectedLocation.FromKey(markupKey));

    /// <summary>Start position only, in the first source file.</summary>
    public DiagnosticResult WithLocation(int line, int column) => Add(ExpectedLocation.FromStart(null, line, column));

    public DiagnosticResult WithLocation(string path, int line, int column) => Add(ExpectedLocation.FromStart(path, line, column));

    /// <summary>Exact span in the first source file (1-based lines and columns, end exclusive as shown by the IDE).</summary>
    public DiagnosticResult WithSpan(int startLine, int startColumn, int endLine, int endColumn) =>
        Add(ExpectedLocation.FromSpan(null, startLine, startColumn, endLine, endColumn));

    public DiagnosticResult WithSpan(string path, int startLine, int startColumn, int endLine, int endColumn) =>
        Add(ExpectedLocation.FromSpan(path, startLine, startColumn, endLine, endColumn));

    /// <summary>A diagnostic reported without a source location (<see cref="Location.None"/>).</summary>
    public DiagnosticResult WithNoLocation() =>
        new(Id, Descriptor, Severity, Message, MessageArguments, ImmutableArray.Create(new ExpectedLocation(null, default, false, null, true)));

    internal DiagnosticResult WithResolvedLocations(ImmutableArray<ExpectedLocation> locations) =>
        new(Id, Descriptor, Severity, Message, MessageArguments, locations);

    private DiagnosticResult Add(ExpectedLocation location) =>
        new(Id, Descriptor, Severity, Message, MessageArguments, Locations.Add(location));

    public override string ToString()
    {
        var text = new StringBuilder(Id);
        text.Append(" at ").Append(HasLocation ? string.Join(" + ", Locations) : "<any location>");
        if (Severity is DiagnosticSeverity severity) text.Append(" severity ").Append(severity);
        if (MessageArguments is { } args)
        {
            text.Append(" arguments [")
                .Append(string.Join(", ", args.Select(a => "\"" + Convert.ToString(a, CultureInfo.InvariantCulture) + "\"")))
                .Append(']');
        }

        if (Message is not null) text.Append(" message \"").Append(Message).Append('"');
        return text.ToString();
    }
}
