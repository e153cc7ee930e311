using System;
using System.Collections.Generic;
using System.IO;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>
/// One C# project in an <see cref="AdhocWorkspace"/>, for code that runs analyzers and fixes directly rather than
/// through the test harness (the valid-code and robustness corpora, the behaviour proofs). Nullable is enabled;
/// the .editorconfig, when given, is /.editorconfig, so analyzers and code fixes see the same options.
/// </summary>
public static class AdhocProject
{
    public static Project Create(
        IEnumerable<(string Path, string Source)> files,
        IEnumerable<MetadataReference> references,
        string? editorConfig = null,
        OutputKind outputKind = OutputKind.DynamicallyLinkedLibrary)
    {
        var projectId = ProjectId.CreateNewId("TestProject");
        var solution = new AdhocWorkspace().CurrentSolution.AddProject(ProjectInfo.Create(
            projectId,
            VersionStamp.Default,
            name: "TestProject",
            assemblyName: "TestProject",
            language: LanguageNames.CSharp,
            filePath: "/0/TestProject.csproj",
            compilationOptions: new CSharpCompilationOptions(outputKind, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: references));
        foreach (var (path, source) in files)
        {
            solution = solution.AddDocument(DocumentInfo.Create(
                DocumentId.CreateNewId(projectId, path),
                Path.GetFileName(path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(source), VersionStamp.Default, path)),
                filePath: path));
        }

        if (editorConfig is not null)
        {
            solution = solution.AddAnalyzerConfigDocument(
                DocumentId.CreateNewId(projectId, "/.editorconfig"), ".editorconfig", SourceText.From(editorConfig), filePath: "/.editorconfig");
        }

        return solution.GetProject(projectId) ?? throw new InvalidOperationException("The project is missing from its solution.");
    }
}
