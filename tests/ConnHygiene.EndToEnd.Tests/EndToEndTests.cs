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
/// </summary>
[Collection(PackageCollection.Name)]
public sealed class EndToEndTests
{
    private const string HelpLinkBase = "https://github.com/connhygiene/connhygiene/blob/main/docs/rules/";

    private readonly PackedPackage _package;

    public EndToEndTests(PackedPackage package) => _package = package;

    [Fact]
    public Task HttpClient_rules_warn_in_build_and_dotnet_format_fixes_them() => VerifyAsync(
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
        FixShape.Present("KeepAlive.cs", @"s_client \. BaseAddress = baseAddress ;", "the other statement is untouched"));

    [Fact]
    public Task Socket_rules_warn_in_build_and_dotnet_format_fixes_them() => VerifyAsync(
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
        FixShape.Present("Poller.cs", @"_feed = new TcpClient \( \) ; (//[^\n]*)? _feed \. Client \. SetSocketOption \( SocketOptionLevel \. Socket , SocketOptionName \. KeepAlive , true \)", "the feed's socket gets TCP keep-alive"));

    private async Task VerifyAsync(string projectName, params FixShape[] shapes)
    {
        _package.EnsurePacked();
        var project = UserProject.Create(_package, projectName);
        var original = project.ReadSources();
        var expected = ExpectedDiagnostic.FromMarkers(original);
        Assert.NotEmpty(expected);
        var failures = new List<string>();
        var log = new StringBuilder();

        // 1. Restore from the local feed into the project's own cache.
        var restore = await project.RestoreAsync();
        Assert.True(restore.Succeeded, "restore failed:\n" + restore);
        AssertRestoredFromFreshPackage(project, restore);

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
        foreach (var id in expected.Select(e => e.Id).Distinct().Where(id => format.StandardError.Contains($"Unable to fix {id}.", StringComparison.Ordinal)))
        {
            failures.Add($"dotnet format found no code fix for {id} (\"Unable to fix {id}\")");
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

        foreach (var left in ConnHygieneOnly(BuildOutput.ConsoleWarnings(rebuild.StandardOutput, project.RelativePath)))
        {
            failures.Add("still reported after dotnet format: " + left);
        }

        // 5. The fixes have the expected shape.
        foreach (var shape in shapes)
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

    private void AssertRestoredFromFreshPackage(UserProject project, ProcessResult restore)
    {
        var assets = Path.Combine(project.Directory, "obj", "project.assets.json");
        Assert.True(File.Exists(assets), "restore wrote no project.assets.json:\n" + restore);
        var text = File.ReadAllText(assets);
        Assert.Contains($"\"{PackedPackage.PackageId}/{_package.Version}\"", text, StringComparison.Ordinal);

        // The analyzers the compiler will load are the very bytes just packed, from this project's own cache.
        var cached = Path.Combine(project.PackageCache, PackedPackage.PackageId.ToLowerInvariant(), _package.Version, "analyzers", "dotnet", "cs", "ConnHygiene.Analyzers.dll");
        Assert.True(File.Exists(cached), "the package was not extracted into the isolated cache at " + cached);
        using var archive = System.IO.Compression.ZipFile.OpenRead(_package.PackagePath);
        var entry = archive.GetEntry("analyzers/dotnet/cs/ConnHygiene.Analyzers.dll");
        Assert.NotNull(entry);
        using var packed = new MemoryStream();
        using (var stream = entry.Open())
        {
            stream.CopyTo(packed);
        }

        Assert.True(packed.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(cached)), "the cached analyzer differs from the packed one");
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
}
