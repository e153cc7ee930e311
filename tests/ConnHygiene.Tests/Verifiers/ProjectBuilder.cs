using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>Compile settings shared by every state of one test.</summary>
internal sealed record ProjectSettings(
    ReferenceAssemblies ReferenceAssemblies,
    ImmutableArray<MetadataReference> AdditionalReferences,
    string? EditorConfig,
    OutputKind OutputKind,
    LanguageVersion LanguageVersion,
    string? GlobalConfig = null);

/// <summary>
/// Builds the AdhocWorkspace project a test runs on: documents under /0/, the EditorConfig as /.editorconfig.
/// Analyzers take their compilation and AnalyzerOptions from this project and code fixes their documents, so both
/// see the same options.
/// </summary>
internal static class ProjectBuilder
{
    public const string EditorConfigPath = "/.editorconfig";

    public const string GlobalConfigPath = "/.globalconfig";

    public static Project Create(ProjectSettings settings, IEnumerable<(string Path, string Text)> files)
    {
        var workspace = new AdhocWorkspace();
        var projectId = ProjectId.CreateNewId("TestProject");
        var parseOptions = new CSharpParseOptions(settings.LanguageVersion, DocumentationMode.Parse);
        var compilationOptions = new CSharpCompilationOptions(
            settings.OutputKind,
            nullableContextOptions: NullableContextOptions.Enable,
            allowUnsafe: true);

        var projectInfo = ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                name: "TestProject",
                assemblyName: "TestProject",
                language: LanguageNames.CSharp,
                filePath: "/0/TestProject.csproj",
                compilationOptions: compilationOptions,
                parseOptions: parseOptions,
                metadataReferences: settings.ReferenceAssemblies.References.Concat(settings.AdditionalReferences));

        var solution = workspace.CurrentSolution.AddProject(projectInfo);
        foreach (var (path, text) in files)
        {
            var documentId = DocumentId.CreateNewId(projectId, path);
            solution = solution.AddDocument(DocumentInfo.Create(
                documentId,
                name: System.IO.Path.GetFileName(path),
                loader: TextLoader.From(TextAndVersion.Create(SourceText.From(text), VersionStamp.Default, path)),
                filePath: path));
        }

        foreach (var (configPath, configText) in new[] { (EditorConfigPath, settings.EditorConfig), (GlobalConfigPath, settings.GlobalConfig) })
        {
            if (configText is not null)
            {
                solution = solution.AddAnalyzerConfigDocument(
                    DocumentId.CreateNewId(projectId, configPath),
                    configPath.TrimStart('/'),
                    SourceText.From(configText),
                    filePath: configPath);
            }
        }

        if (!workspace.TryApplyChanges(solution))
        {
            throw new InvalidOperationException("Could not create the test workspace.");
        }

        return workspace.CurrentSolution.GetProject(projectId)
            ?? throw new InvalidOperationException("Test project missing from its workspace.");
    }

    /// <summary>Full path of a source file: names without a directory go under /0/ so that [*.cs] sections apply.</summary>
    public static string NormalizePath(string filename) =>
        filename.StartsWith("/", StringComparison.Ordinal) ? filename : SourceFileList.DefaultDirectory + filename;
}
