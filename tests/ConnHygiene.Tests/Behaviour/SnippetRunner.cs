using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace ConnHygiene.Tests.Behaviour;

/// <summary>
/// Compiles a snippet, runs its <c>static Task&lt;long&gt; Snippet.RunAsync(string target, int requests)</c> in a
/// collectible load context, and applies a real code fix to it through the workspace, so a test can run the code
/// before and after a fix against the same server.
/// </summary>
internal static class SnippetRunner
{
    public static async Task<string> ApplyFixAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, string equivalenceKey, CancellationToken cancellationToken)
    {
        var settings = new ProjectSettings(ReferenceAssemblies.Net10AspNetCore, ImmutableArray<MetadataReference>.Empty, null, OutputKind.DynamicallyLinkedLibrary, LanguageVersion.Latest);
        var project = ProjectBuilder.Create(settings, new[] { ("/0/Snippet.cs", source) });
        var runner = new CodeFixRunner(analyzer, fixer);
        var (fixedProject, iterations, _) = await runner.FixIncrementallyAsync(project, equivalenceKey, 0, 100, cancellationToken);
        if (iterations == 0)
        {
            throw new InvalidOperationException("The code fix was not applied: the snippet has no fixable diagnostic.");
        }

        var document = fixedProject.Documents.Single();
        return (await document.GetTextAsync(cancellationToken)).ToString();
    }

    public static async Task<long> RunAsync(string source, string target, int requests)
    {
        var context = new AssemblyLoadContext("snippet", isCollectible: true);
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(Compile(source)));
            var method = assembly.GetType("Snippet")?.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException("The snippet has no public static Snippet.RunAsync.");
            var task = method.Invoke(null, new object[] { target, requests }) as Task<long>
                ?? throw new InvalidOperationException("Snippet.RunAsync must return Task<long>.");
            return await task.WaitAsync(TimeSpan.FromMinutes(2));
        }
        finally
        {
            context.Unload();
        }
    }

    private static byte[] Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            ReferenceAssemblies.Net10AspNetCore.References,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        if (!result.Success)
        {
            throw new InvalidOperationException("The snippet does not compile:\n" + string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        }

        return stream.ToArray();
    }
}
