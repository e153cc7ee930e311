using System.Collections.Generic;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Which compiler diagnostics take part in the comparison (and so must be expected). Default: errors.</summary>
public enum CompilerDiagnostics
{
    None,
    Errors,
    Warnings,
    Suggestions,
    All,
}

/// <summary>Source files of a state; <see cref="Add(string)"/> names them /0/Test0.cs, /0/Test1.cs, ... by order.</summary>
public sealed class SourceFileList : List<(string filename, string content)>
{
    public const string DefaultDirectory = "/0/";

    public void Add(string content) => Add(($"{DefaultDirectory}Test{Count}.cs", content));
}

/// <summary>The files of one state (test, fixed, batch fixed) and the diagnostics expected in it besides those in markup.</summary>
public sealed class SolutionState
{
    public SourceFileList Sources { get; } = new();

    public List<DiagnosticResult> ExpectedDiagnostics { get; } = new();
}
