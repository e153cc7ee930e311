using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using Xunit;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// The package as a user meets it: reference the packed .nupkg from a fresh project, build (warnings at the right
/// places, SARIF with help links), run <c>dotnet format analyzers</c>, rebuild (clean, and the code has the fixed shape).
/// Expected warnings are the <c>// expect CHxxxx at ...</c> markers in <c>Projects/{name}</c>; expected fixes are the shapes below.
/// To cover another rule, add the offending line with its marker to a file under <c>Projects/</c> (a new folder is a new
/// project: add a test method naming it) and one <see cref="FixShape"/> for the fixed form, e.g. for CH0004
/// <c>client.DefaultRequestHeaders.ConnectionClose = true; // expect CH0004 at client</c> and
/// <c>FixShape.Absent("Fetcher.cs", @"ConnectionClose = true", "keep-alive stays on")</c>.
/// A template with a <c>.editorconfig</c> brings it along (Connections turns the off-by-default CH0015 on); one with a
/// <c>Program.cs</c> is a console application, run before and after the fix when the <see cref="Scenario"/> says what it prints.
/// Rules covered: HttpClients CH0001, CH0003, CH0004; Sockets CH0011 (hoist), CH0012, CH0013, CH0014; Connections CH0002,
/// CH0005, CH0006, CH0010, CH0011 (pool), CH0015, CH0020, with ConnHygiene.Runtime referenced and without it.
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EndToEndTests
{
    private const string HelpLinkBase = "https://github.com/connhygiene/connhygiene/blob/main/docs/rules/";

    private readonly PackedPackage _package;

    public EndToEndTests(PackedPackage package) => _package = package;

    [Fact]
    public Task HttpClient_rules_warn_in_build_and_dotnet_format_fixes_them() => VerifyAsync(new Scenario(
        "HttpClients",
        // CH0001, no IHttpClientFactory in a plain class library: the shared-client fix, one handler and one client per file.
        FixShape.Exactly(1, "Fetcher.cs", @"new SocketsHttpHandler", "Fix All creates one shared SocketsHttpHandler for the type, not one per site"),
        FixShape.Present("Fetcher.cs", @"PooledConnectionLifetime =", "the shared handler recycles connections"),
        FixShape.Exactly(1, "Fetcher.cs", @"static readonly HttpClient \w+ = new( HttpClient)? \(", "Fix All adds one shared HttpClient"),
        FixShape.Absent("Fetcher.cs", @"new HttpClient \( \)", "no HttpClient is created per call or per iteration any more"),
        FixShape.Absent("Fetcher.cs", @"using var client", "the shared client is not disposed"),
        // CH0003: the static client moves onto a SocketsHttpHandler with the default lifetime.
        FixShape.Present(
            "Catalog.cs",
            @"private static readonly HttpClient s_client = new( HttpClient)? \( new SocketsHttpHandler (\( \) )?\{ PooledConnectionLifetime = (System \. )?TimeSpan \. FromMinutes \( 2 \) ,? \} \)",
            "the static client gets a SocketsHttpHandler with PooledConnectionLifetime = 2 minutes"),
        // CH0004: the statement that turned keep-alive off is gone, the rest of the method stays.
        FixShape.Absent("KeepAlive.cs", @"ConnectionClose", "keep-alive stays on"),
        FixShape.Present("KeepAlive.cs", @"s_client \. BaseAddress = baseAddress ;", "the other statement is untouched"),
        // CH0004, zero lifetime: replaced under its own key in the same `dotnet format` run as the removal above.
        FixShape.Absent("ZeroLifetime.cs", @"TimeSpan \. Zero", "connections live long enough to be reused")));

    [Fact]
    public Task Socket_rules_warn_in_build_and_dotnet_format_fixes_them() => VerifyAsync(new Scenario(
        "Sockets",
        // CH0013: the abortive linger is removed, the other option stays.
        FixShape.Absent("Framing.cs", @"LingerOption", "no RST on close"),
        FixShape.Present("Framing.cs", @"socket \. NoDelay = true ;", "the other option is untouched"),
        // CH0014: Socket has no ReceiveExactly, so the read becomes a fill loop.
        FixShape.Present("Framing.cs", @"for \( var received = 0 ; received < header \. Length ;", "a fill loop reads the whole header"),
        FixShape.Absent("Framing.cs", @"(?m)^\s*socket \. Receive \( header \) ;", "no read whose count is ignored"),
        // CH0011, loop-invariant endpoint: the connect moves before the loop (no ConnHygiene.Runtime needed).
        FixShape.Present("Poller.cs", @"using var client = new TcpClient \( \) ; (//[^\n]*)? await client \. ConnectAsync \( host , port \) ; for \(", "the connection is opened once, before the loop"),
        FixShape.Exactly(2, "Poller.cs", @"new TcpClient \( \) ;", "two creations left: the hoisted one and the feed's; none per iteration"),
        // CH0012: keep-alive on right after the long-lived socket is created.
        FixShape.Present("Poller.cs", @"_feed = new TcpClient \( \) ; (//[^\n]*)? _feed \. Client \. SetSocketOption \( SocketOptionLevel \. Socket , SocketOptionName \. KeepAlive , true \)", "the feed's socket gets TCP keep-alive")));

    // The Connections project runs its socket code against loopback servers of its own: 5 quotes (one connection per call
    // before the fix) and 5 pings (one per loop iteration) on the echo server, and one 9-byte JSON message on a sink.
    private static readonly string[] s_outputBeforeFix = ["echo sum=50", "echo connections=10", "message bytes=9", "cache=localhost:6379/k"];

    /// <summary>CH0002, CH0005, CH0006 and CH0020 need no runtime; CH0010, CH0011 (endpoint varies per iteration) and CH0015 rewrite to it.</summary>
    private static readonly FixShape[] s_runtimeFreeFixes =
    [
        FixShape.Present("Http.cs", @"private static readonly SocketsHttpHandler s_httpHandler = new SocketsHttpHandler \{ AutomaticDecompression = DecompressionMethods \. GZip , PooledConnectionLifetime =", "CH0002: one static handler that recycles its connections"),
        FixShape.Present("Http.cs", @"using var client = new HttpClient \( s_httpHandler , disposeHandler : false \) ;", "CH0002: the per-call client leaves the shared handler alone"),
        FixShape.Present("Http.cs", @"using var response = await s_client \. GetAsync", "CH0005: the response is disposed"),
        FixShape.Absent("Http.cs", @"WebClient \(", "CH0006: no WebClient left"),
        FixShape.Present("Http.cs", @"return await s_\w+ \. GetStringAsync \( url \) ;", "CH0006: the download goes through a shared HttpClient"),
        FixShape.Present("Cache.cs", @"static readonly Lazy< ConnectionMultiplexer > s_\w+ = new", "CH0020: one lazily created multiplexer"),
        FixShape.Present("Cache.cs", @"var redis = s_\w+ \. Value ;", "CH0020: the per-call Connect reads the shared one, not disposed"),
    ];

    [Fact]
    public Task With_ConnHygiene_Runtime_referenced_dotnet_format_applies_the_pool_and_framing_fixes_and_the_fixed_project_runs() => VerifyAsync(new Scenario(
        "Connections",
        [
            .. s_runtimeFreeFixes,
            FixShape.Present("Sockets.cs", @"await using var lease = await TcpConnectionPool \. Shared \. RentAsync \( host , port \) ;", "CH0010: the quote rents a pooled connection"),
            FixShape.Present("Sockets.cs", @"await using \( var lease = await TcpConnectionPool \. Shared \. RentAsync \( host , port \) \)", "CH0011: each iteration rents from the pool (the host varies, so no hoist)"),
            FixShape.Absent("Sockets.cs", @"new TcpClient \(", "CH0010/CH0011: no socket opened per call or per iteration"),
            FixShape.Present("Sockets.cs", @"using \( var writer = new FrameWriter \( stream \) \) \{ await writer \. WriteAsync \( FrameType \. Data , Encoding \. UTF8 \. GetBytes \( json \) , cancellationToken \) ;", "CH0015: the message goes out as one length-prefixed frame"),
        ])
    {
        ReferenceRuntime = true,
        OutputBeforeFix = s_outputBeforeFix,

        // The same results; the pool serves all ten exchanges over one connection, and the frame adds its 5-byte header.
        OutputAfterFix = ["echo sum=50", "echo connections=1", "message bytes=14", "cache=localhost:6379/k"],
    });

    [Fact]
    public Task Without_ConnHygiene_Runtime_the_pool_and_framing_fixes_are_not_offered_and_their_warnings_stay() => VerifyAsync(new Scenario(
        "Connections",
        [
            .. s_runtimeFreeFixes,
            FixShape.Exactly(2, "Sockets.cs", @"new TcpClient \( \)", "CH0010/CH0011: the sockets stay as they were"),
            FixShape.Absent("Sockets.cs", @"TcpConnectionPool|FrameWriter", "nothing refers to the runtime the project does not reference"),
        ])
    {
        NotFixable = ["CH0010", "CH0011", "CH0015"],
        OutputBeforeFix = s_outputBeforeFix,
        OutputAfterFix = s_outputBeforeFix,
    });

    private async Task VerifyAsync(Scenario scenario)
    {
        var projectName = scenario.Project;
        _package.EnsurePacked();
        if (scenario.ReferenceRuntime)
        {
            _package.EnsureRuntimePacked();
        }

        var project = UserProject.Create(_package, projectName, scenario.ReferenceRuntime);
        var original = project.ReadSources();
        var expected = ExpectedDiagnostic.FromMarkers(original);
        Assert.NotEmpty(expected);
        var failures = new List<string>();
        var log = new StringBuilder();

        // 1. Restore from the local feed into the project's own cache.
        var restore = await project.RestoreAsync();
        Assert.True(restore.Succeeded, "restore failed:\n" + restore);
        AssertRestoredFromFreshPackage(project, restore, PackedPackage.PackageId, _package.PackagePath, "analyzers/dotnet/cs/ConnHygiene.Analyzers.dll");
        if (scenario.ReferenceRuntime)
        {
            AssertRestoredFromFreshPackage(project, restore, PackedPackage.RuntimePackageId, _package.RuntimePackagePath, "lib/net10.0/ConnHygiene.Runtime.dll");
        }
        else
        {
            Assert.DoesNotContain($"\"{PackedPackage.RuntimePackageId}/", File.ReadAllText(Path.Combine(project.Directory, "obj", "project.assets.json")), StringComparison.Ordinal);
        }

        // 2. Build: the expected warnings, each in the console output and in the SARIF log with its help link.
        var sarifBefore = Path.Combine(project.Directory, "before.sarif");
        var build = await project.BuildAsync(sarifBefore);
        log.AppendLine("== build before the fix ==").AppendLine(build.ToString());
        Assert.True(build.Succeeded, "the user project does not build:\n" + build);
        Assert.True(File.Exists(sarifBefore), "no SARIF log was written:\n" + build);
        var console = ConnHygieneOnly(BuildOutput.ConsoleWarnings(build.StandardOutput, project.RelativePath));
        CompareDiagnostics("build output", expected, console, failures);
        var sarif = BuildOutput.SarifResults(sarifBefore, project.RelativePath).Where(r => IsConnHygiene(r.Diagnostic.Id)).ToList();
        CompareDiagnostics("SARIF log", expected, sarif.Select(r => r.Diagnostic).ToList(), failures);
        foreach (var result in sarif.Where(r => r.HelpUri != HelpLink(r.Diagnostic.Id)))
        {
            failures.Add($"SARIF log: {result.Diagnostic} has help link '{result.HelpUri}', expected '{HelpLink(result.Diagnostic.Id)}'");
        }

        if (scenario.OutputBeforeFix is { } outputBefore)
        {
            await RunAndCompareAsync(project, "before the fix", outputBefore, log, failures);
        }

        var rules = BuildOutput.SarifRules(sarifBefore);
        foreach (var id in expected.Select(e => e.Id).Distinct())
        {
            if (!rules.TryGetValue(id, out var helpUri) || helpUri != HelpLink(id))
            {
                failures.Add($"SARIF log: rule {id} " + (rules.ContainsKey(id) ? $"has help link '{helpUri}', expected '{HelpLink(id)}'" : "is not among the rules of the loaded analyzers"));
            }
        }

        // 3. Fix everything in bulk.
        var format = await project.FormatAnalyzersAsync();
        log.AppendLine("== dotnet format analyzers ==").AppendLine(format.ToString());
        Assert.True(format.Succeeded, "dotnet format analyzers failed:\n" + format);
        foreach (var id in expected.Select(e => e.Id).Distinct())
        {
            var unable = format.StandardError.Contains($"Unable to fix {id}.", StringComparison.Ordinal);
            if (unable && !scenario.NotFixable.Contains(id))
            {
                failures.Add($"dotnet format found no code fix for {id} (\"Unable to fix {id}\")");
            }
            else if (!unable && scenario.NotFixable.Contains(id))
            {
                failures.Add($"dotnet format did not say \"Unable to fix {id}\": a fix for {id} was offered although the project lacks what it needs");
            }
        }

        var fixedSources = project.ReadSources();

        // 4. The fixed project compiles, with no ConnHygiene warning left.
        var sarifAfter = Path.Combine(project.Directory, "after.sarif");
        var rebuild = await project.BuildAsync(sarifAfter);
        log.AppendLine("== build after the fix ==").AppendLine(rebuild.ToString());
        if (!rebuild.Succeeded)
        {
            failures.Add("the fixed project does not build (see the build after the fix below)");
        }

        // Only the diagnostics no fix was offered for remain, each once in its file (the lines may have moved).
        var left = ConnHygieneOnly(BuildOutput.ConsoleWarnings(rebuild.StandardOutput, project.RelativePath));
        foreach (var diagnostic in left.Where(d => !scenario.NotFixable.Contains(d.Id)))
        {
            failures.Add("still reported after dotnet format: " + diagnostic);
        }

        var expectedLeft = expected.Where(e => scenario.NotFixable.Contains(e.Id)).Select(e => e.Id + " in " + e.File).OrderBy(k => k, StringComparer.Ordinal);
        var actualLeft = left.Where(d => scenario.NotFixable.Contains(d.Id)).Select(d => d.Id + " in " + d.File).OrderBy(k => k, StringComparer.Ordinal);
        if (!expectedLeft.SequenceEqual(actualLeft))
        {
            failures.Add($"after dotnet format expected exactly [{string.Join(", ", expectedLeft)}] left unfixed, found [{string.Join(", ", actualLeft)}]");
        }

        if (scenario.OutputAfterFix is { } outputAfter && rebuild.Succeeded)
        {
            await RunAndCompareAsync(project, "after the fix", outputAfter, log, failures);
        }

        // 5. The fixes have the expected shape.
        foreach (var shape in scenario.Shapes)
        {
            if (shape.Check(fixedSources) is { } problem)
            {
                failures.Add("fix shape: " + problem);
            }
        }

        if (failures.Count > 0)
        {
            var message = new StringBuilder()
                .AppendLine($"{failures.Count} problem(s) in the end-to-end run of '{projectName}' (package {_package.Version}):")
                .AppendLine(string.Join("\n", failures.Select(f => "  - " + f)))
                .AppendLine("== sources after dotnet format ==");
            foreach (var (file, text) in fixedSources.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                message.AppendLine("--- " + file).AppendLine(text);
            }

            Assert.Fail(message.Append(log).ToString());
        }
    }

    /// <summary>The assembly the build will use is the very bytes just packed, restored from the feed into this project's own cache.</summary>
    private void AssertRestoredFromFreshPackage(UserProject project, ProcessResult restore, string packageId, string packagePath, string entryPath)
    {
        var assets = Path.Combine(project.Directory, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), "restore wrote no project.assets.json:\n" + restore);
        var text = File.ReadAllText(assets);
        Assert.Contains($"\"{packageId}/{_package.Version}\"", text, StringComparison.Ordinal);

        var cached = Path.Combine(new[] { project.PackageCache, packageId.ToLowerInvariant(), _package.Version }.Concat(entryPath.Split('/')).ToArray());
        Assert.True(File.Exists(cached), "the package was not extracted into the isolated cache at " + cached);
        using var archive = System.IO.Compression.ZipFile.OpenRead(packagePath);
        var entry = archive.GetEntry(entryPath);
        Assert.NotNull(entry);
        using var packed = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(packed);
        }

        Assert.True(packed.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(cached)), $"the cached {entryPath} differs from the packed one");
    }

    /// <summary>Runs the user's console application (bounded; it stops by itself) and checks the lines it must print.</summary>
    private static async Task RunAndCompareAsync(UserProject project, string when, IReadOnlyList<string> expectedLines, StringBuilder log, List<string> failures)
    {
        var run = await project.RunAsync();
        log.AppendLine($"== run {when} ==").AppendLine(run.ToString());
        if (!run.Succeeded)
        {
            failures.Add($"the program {when} did not run to a clean exit (see the run {when} below)");
            return;
        }

        var lines = run.StandardOutput.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var line in expectedLines.Where(l => !lines.Contains(l)))
        {
            failures.Add($"the program {when} did not print '{line}'; it printed: {string.Join(" | ", lines.Where(l => l.Length > 0))}");
        }
    }

    private static void CompareDiagnostics(string where, IReadOnlyList<ExpectedDiagnostic> expected, IReadOnlyList<ReportedDiagnostic> reported, List<string> failures)
    {
        foreach (var e in expected.Where(e => !reported.Any(e.IsMatchedBy)))
        {
            var near = reported.Where(r => r.Id == e.Id && r.File == e.File).Select(r => r.ToString()).ToList();
            failures.Add($"{where}: expected {e}, not reported" + (near.Count > 0 ? "; same rule and file reported at: " + string.Join("; ", near) : string.Empty));
        }

        foreach (var r in reported.Where(r => !expected.Any(e => e.IsMatchedBy(r))))
        {
            failures.Add($"{where}: unexpected {r}");
        }
    }

    private static string HelpLink(string id) => HelpLinkBase + id + ".md";

    private static IReadOnlyList<ReportedDiagnostic> ConnHygieneOnly(IReadOnlyList<ReportedDiagnostic> diagnostics)
        => diagnostics.Where(d => IsConnHygiene(d.Id)).ToList();

    private static bool IsConnHygiene(string id) => id.StartsWith("CH", StringComparison.Ordinal) && id.Length == 6;

    /// <summary>One user project taken through build, <c>dotnet format analyzers</c>, rebuild and (for console applications) run.</summary>
    private sealed record Scenario(string Project, params FixShape[] Shapes)
    {
        /// <summary>Reference the packed ConnHygiene.Runtime package as well.</summary>
        public bool ReferenceRuntime { get; init; }

        /// <summary>Rules whose diagnostics must stay after <c>dotnet format</c>: no fix is offered for them in this project.</summary>
        public string[] NotFixable { get; init; } = [];

        /// <summary>Lines the program prints when run before the fix; null: not run.</summary>
        public string[]? OutputBeforeFix { get; init; }

        /// <summary>Lines the program prints when run after the fix; null: not run.</summary>
        public string[]? OutputAfterFix { get; init; }
    }
}
