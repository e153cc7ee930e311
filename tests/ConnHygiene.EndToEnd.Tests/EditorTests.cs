using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using Xunit;
using Xunit.Abstractions;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// The package in an editor: csharp-ls (pinned in the repository's tool manifest, .config/dotnet-tools.json) opens a user
/// project that references the packed ConnHygiene, and its diagnostics are read over LSP as Neovim, Helix or Emacs would.
/// csharp-ls runs analyzers only when its setting <c>csharp.analyzersEnabled</c> is true, which it reads from the client's
/// answer to <c>workspace/configuration</c> or from <c>workspace/didChangeConfiguration</c> (tried with 0.28.0: in
/// <c>initializationOptions</c> alone it is not taken); this client gives it both ways.
/// Skipped, with the reason, where csharp-ls cannot be restored or does not start. Bounded: 3 minutes in all.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EditorTests
{
    private const string HelpLinkBase = "https://github.com/connhygiene/connhygiene/blob/main/docs/rules/";
    private static readonly TimeSpan s_overall = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan s_startLimit = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_diagnosticsLimit = TimeSpan.FromSeconds(90);

    private readonly PackedPackage _package;
    private readonly ITestOutputHelper _output;

    public EditorTests(PackedPackage package, ITestOutputHelper output)
    {
        _package = package;
        _output = output;
    }

    [SkippableFact]
    public async Task Csharp_ls_shows_ConnHygiene_squiggles_with_help_links_and_an_edit_that_fixes_one_clears_only_that_one()
    {
        _package.EnsurePacked();
        using var overall = new CancellationTokenSource(s_overall);
        var project = UserProject.Create(_package, "Editor");
        var restore = await project.RestoreAsync();
        Assert.True(restore.Succeeded, "restore failed:\n" + restore);
        var path = Path.Combine(project.Directory, "Mistakes.cs");
        var text = File.ReadAllText(path);
        var expected = ExpectedDiagnostic.FromMarkers(new Dictionary<string, string> { ["Mistakes.cs"] = text });
        Assert.Equal(3, expected.Select(e => e.Id).Distinct().Count());

        var toolRestore = await ProcessRunner.DotnetAsync(["tool", "restore"], _package.RepositoryRoot, TimeSpan.FromMinutes(2));
        Skip.IfNot(toolRestore.Succeeded, "csharp-ls could not be restored from .config/dotnet-tools.json:\n" + toolRestore);

        var settings = new JsonObject { ["csharp"] = new JsonObject { ["analyzersEnabled"] = true } };
        var startInfo = ProcessRunner.CreateStartInfo("dotnet", ["tool", "run", "csharp-ls"], _package.RepositoryRoot, project.Environment);
        var clock = Stopwatch.StartNew();
        LanguageServerClient server;
        try
        {
            server = LanguageServerClient.Start(startInfo, settings);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SkipException("csharp-ls could not be started: " + e.Message);
        }

        var pid = server.ProcessId;
        try
        {
            var rootUri = new Uri(project.Directory + Path.DirectorySeparatorChar).AbsoluteUri;
            try
            {
                await server.RequestAsync("initialize", InitializeParameters(rootUri, settings), Within(s_startLimit, overall.Token));
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or InvalidOperationException)
            {
                throw new SkipException($"csharp-ls did not answer 'initialize' within {s_startLimit.TotalSeconds:F0} s ({e.Message}):\n{server.StandardError}");
            }

            var initialized = clock.Elapsed;
            await server.NotifyAsync("initialized", new JsonObject(), overall.Token);
            await server.NotifyAsync("workspace/didChangeConfiguration", new JsonObject { ["settings"] = settings.DeepClone() }, overall.Token);
            var uri = new Uri(path).AbsoluteUri;
            await server.NotifyAsync(
                "textDocument/didOpen",
                new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri, ["languageId"] = "csharp", ["version"] = 1, ["text"] = text } },
                overall.Token);
            var opened = clock.Elapsed;

            // 1. Every marked mistake gets its squiggle: rule, start position, warning severity, help link.
            var before = await WaitForDiagnosticsAsync(server, uri, d => expected.All(e => d.Any(x => e.IsMatchedBy(x.Reported))), "the three squiggles", overall.Token);
            var shown = clock.Elapsed;
            Assert.Equal(
                expected.Select(e => e.ToString()).OrderBy(s => s, StringComparer.Ordinal),
                before.Select(d => new ExpectedDiagnostic(d.Id, d.File, d.Line, d.Column).ToString()).OrderBy(s => s, StringComparer.Ordinal));
            var lines = text.Split('\n');
            foreach (var diagnostic in before)
            {
                Assert.Equal(HelpLinkBase + diagnostic.Id + ".md", diagnostic.HelpUri);
                Assert.Equal(2, diagnostic.Severity);
                Assert.True(diagnostic.EndLine == diagnostic.Line && diagnostic.EndColumn > diagnostic.Column, $"{diagnostic} has an empty or multi-line range");
                var marker = expected.Single(e => e.IsMatchedBy(diagnostic.Reported));
                Assert.True(diagnostic.EndColumn - 1 <= lines[marker.Line - 1].Length, $"{diagnostic} ends past its line");
            }

            // 2. Fix one mistake the way the rule page says (keep-alive back on); the others stay where they were.
            var fixedText = text.Replace("ConnectionClose = true", "ConnectionClose = false", StringComparison.Ordinal);
            Assert.NotEqual(text, fixedText);
            await server.NotifyAsync(
                "textDocument/didChange",
                new JsonObject
                {
                    ["textDocument"] = new JsonObject { ["uri"] = uri, ["version"] = 2 },
                    ["contentChanges"] = new JsonArray(new JsonObject { ["text"] = fixedText }),
                },
                overall.Token);
            var changed = clock.Elapsed;
            var after = await WaitForDiagnosticsAsync(server, uri, d => d.All(x => x.Id != "CH0004"), "the CH0004 squiggle to go", overall.Token);
            var cleared = clock.Elapsed;
            Assert.Equal(
                before.Where(d => d.Id != "CH0004").Select(d => d.ToString()).OrderBy(s => s, StringComparer.Ordinal),
                after.Select(d => d.ToString()).OrderBy(s => s, StringComparer.Ordinal));

            _output.WriteLine(
                $"csharp-ls timings: initialize answered {initialized.TotalSeconds:F1} s after start; squiggles {(shown - opened).TotalSeconds:F1} s after didOpen; "
                + $"CH0004 gone {(cleared - changed).TotalSeconds:F1} s after didChange; {clock.Elapsed.TotalSeconds:F1} s in all");
        }
        finally
        {
            await server.DisposeAsync();
        }

        Assert.True(HasExited(pid), $"the language server process {pid} is still running after the client was disposed");
    }

    private static JsonObject InitializeParameters(string rootUri, JsonObject settings) => new()
    {
        ["processId"] = Environment.ProcessId,
        ["rootUri"] = rootUri,
        ["workspaceFolders"] = new JsonArray(new JsonObject { ["uri"] = rootUri, ["name"] = "Editor" }),
        ["capabilities"] = new JsonObject
        {
            ["workspace"] = new JsonObject
            {
                ["configuration"] = true,
                ["didChangeConfiguration"] = new JsonObject { ["dynamicRegistration"] = true },
            },
            ["textDocument"] = new JsonObject
            {
                ["synchronization"] = new JsonObject { ["dynamicRegistration"] = false },
                ["publishDiagnostics"] = new JsonObject(),
                ["diagnostic"] = new JsonObject { ["dynamicRegistration"] = true },
            },
        },
        ["initializationOptions"] = settings.DeepClone(),
    };

    /// <summary>
    /// Pulls the document's diagnostics (<c>textDocument/diagnostic</c>) about once a second until <paramref name="done"/>
    /// holds for the ConnHygiene ones; fails after <see cref="s_diagnosticsLimit"/> with what the server last said.
    /// </summary>
    private static async Task<IReadOnlyList<EditorDiagnostic>> WaitForDiagnosticsAsync(
        LanguageServerClient server, string uri, Func<IReadOnlyList<EditorDiagnostic>, bool> done, string what, CancellationToken cancellationToken)
    {
        var limit = Stopwatch.StartNew();
        IReadOnlyList<EditorDiagnostic> last = [];
        while (limit.Elapsed < s_diagnosticsLimit)
        {
            var report = await server.RequestAsync(
                "textDocument/diagnostic",
                new JsonObject { ["textDocument"] = new JsonObject { ["uri"] = uri } },
                Within(s_diagnosticsLimit - limit.Elapsed, cancellationToken));
            last = (report?["items"] as JsonArray ?? []).OfType<JsonObject>().Select(EditorDiagnostic.From).Where(d => d.Id.StartsWith("CH", StringComparison.Ordinal)).ToList();
            if (done(last))
            {
                return last;
            }

            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }

        throw new Xunit.Sdk.XunitException(
            $"waited {s_diagnosticsLimit.TotalSeconds:F0} s for {what}; last ConnHygiene diagnostics: [{string.Join("; ", last)}]\n--- csharp-ls stderr ---\n{server.StandardError}");
    }

    private static CancellationToken Within(TimeSpan limit, CancellationToken outer)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(outer);
        source.CancelAfter(limit > TimeSpan.Zero ? limit : TimeSpan.Zero);
        return source.Token;
    }

    private static bool HasExited(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    /// <summary>An LSP diagnostic, positions 1-based like the compiler's, in Mistakes.cs.</summary>
    private sealed record EditorDiagnostic(string Id, string File, int Line, int Column, int EndLine, int EndColumn, int Severity, string? HelpUri, string Message)
    {
        public ReportedDiagnostic Reported => new(Id, File, Line, Column, Message);

        public static EditorDiagnostic From(JsonObject item)
        {
            var range = item["range"];
            int At(string end, string part) => (range?[end]?[part]?.GetValue<int>() ?? -1) + 1;
            return new EditorDiagnostic(
                item["code"]?.ToString() ?? string.Empty,
                "Mistakes.cs",
                At("start", "line"),
                At("start", "character"),
                At("end", "line"),
                At("end", "character"),
                item["severity"]?.GetValue<int>() ?? 0,
                item["codeDescription"]?["href"]?.GetValue<string>(),
                item["message"]?.GetValue<string>() ?? string.Empty);
        }

        public override string ToString() => $"{File}({Line},{Column}-{EndLine},{EndColumn}): {Id}";
    }
}
