using System;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.Loader;
using System.Threading;
using System.Threading.Tasks;
using ConnHygiene.Runtime;
using ConnHygiene.Runtime.Testing;
using ConnHygiene.Tests.Verifiers;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit.Abstractions;

namespace ConnHygiene.Behaviour.Tests;

/// <summary>
/// What one run of a snippet did: the connections it opened (counted by <see cref="ConnectionWatch"/>, the tool users
/// get; the server's own count of accepted connections must agree), new client TIME_WAIT sockets, its result.
/// </summary>
public readonly record struct Measurement<T>(long Connections, int TimeWait, T Result);

/// <summary>
/// The one harness of the behaviour proofs. Compiles a snippet — a <c>public static class Snippet</c> whose
/// <c>public static Task&lt;T&gt; RunAsync(...)</c> does the work and returns its result — in memory against the
/// framework, ASP.NET Core and <c>ConnHygiene.Runtime</c>, runs it in a collectible load context (with its own copy of
/// the runtime when the snippet uses it), counts what a run did to a loopback server, and applies a real code fix
/// through the workspace, as the IDE applies it.
/// </summary>
internal static class ProofHarness
{
    public const string Host = "127.0.0.1";

    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(3);

    private static readonly MetadataReference RuntimeReference = MetadataReference.CreateFromFile(typeof(TcpConnectionPool).Assembly.Location);

    private static readonly Lazy<ImmutableArray<MetadataReference>> References =
        new(() => TestReferences.Net10AspNetCore.Add(RuntimeReference));

    /// <summary>The pool size the fixed code is held to: the shared pool's connections per endpoint.</summary>
    public static int PoolMax { get; } = new TcpConnectionPoolOptions().MaxConnectionsPerEndpoint;

    /// <summary>
    /// Applies the fix with <paramref name="equivalenceKey"/> until the analyzer reports nothing it can fix; returns the
    /// fixed source. <paramref name="editorConfig"/>, when given, is the project's .editorconfig (the options the fix reads).
    /// </summary>
    public static async Task<string> ApplyFixAsync(string source, DiagnosticAnalyzer analyzer, CodeFixProvider fixer, string equivalenceKey, CancellationToken cancellationToken = default, string? editorConfig = null)
    {
        var project = AdhocProject.Create(new[] { ("/0/Snippet.cs", source) }, References.Value, editorConfig);
        var runner = new CodeFixRunner(analyzer, fixer);
        var before = await runner.FixableDiagnosticsAsync(project, cancellationToken);
        if (before.IsEmpty)
        {
            throw new InvalidOperationException("The snippet has no diagnostic the fix handles.");
        }

        var (fixedProject, iterations) = await runner.FixIncrementallyAsync(project, equivalenceKey, 10, cancellationToken);
        var left = await runner.FixableDiagnosticsAsync(fixedProject, cancellationToken);
        if (iterations == 0 || !left.IsEmpty)
        {
            throw new InvalidOperationException($"The fix '{equivalenceKey}' ran {iterations} time(s) and left: " + string.Join(", ", left));
        }

        return (await fixedProject.Documents.Single().GetTextAsync(cancellationToken)).ToString();
    }

    /// <summary>
    /// Runs <paramref name="run"/> (a snippet run against the server listening on <paramref name="serverPort"/>) and
    /// counts the connections it opened with a <see cref="ConnectionWatch"/> on the server's port (cross-checked against
    /// the connections the server accepted: a difference fails the proof) and the client TIME_WAIT sockets the run added.
    /// </summary>
    public static async Task<Measurement<T>> MeasureAsync<T>(int serverPort, Func<long> acceptedConnections, Func<Task<T>> run)
    {
        var timeWaitBefore = Count(serverPort, LinuxTcpState.TimeWait);
        T result;
        long connections;
        using (var watch = ConnectionWatch.Start(ConnectionFilter.ForPort(serverPort)))
        {
            result = await run();
            connections = watch.Opened;
        }

        // The server counts a connection when it dispatches it, a moment after the client's connect returned (bounded).
        var acceptDeadline = DateTime.UtcNow + SettleTimeout;
        while (DateTime.UtcNow < acceptDeadline && acceptedConnections() < connections)
        {
            await Task.Delay(20);
        }

        if (acceptedConnections() != connections)
        {
            throw new InvalidOperationException($"ConnectionWatch counted {connections} connections to port {serverPort}, the server accepted {acceptedConnections()}.");
        }

        // A closing client socket passes FIN_WAIT_1/2 on its way to TIME_WAIT: let the last closes settle (bounded).
        var deadline = DateTime.UtcNow + SettleTimeout;
        while (DateTime.UtcNow < deadline && Count(serverPort, LinuxTcpState.FinWait1) + Count(serverPort, LinuxTcpState.FinWait2) > 0)
        {
            await Task.Delay(50);
        }

        return new Measurement<T>(connections, Count(serverPort, LinuxTcpState.TimeWait) - timeWaitBefore, result);
    }

    /// <summary>
    /// Compiles the snippet and runs <c>Snippet.RunAsync(arguments)</c> in its own collectible context, bounded in time.
    /// A snippet that uses <c>ConnHygiene.Runtime</c> gets its own copy, so its <c>TcpConnectionPool.Shared</c> is fresh
    /// for every run; what it pooled is closed before the context is unloaded (the close is part of what the code costs).
    /// </summary>
    public static async Task<T> RunAsync<T>(string source, params object[] arguments)
    {
        var image = Compile(source);
        var context = new SnippetContext();
        try
        {
            var assembly = context.LoadFromStream(new MemoryStream(image));
            var method = assembly.GetType("Snippet")?.GetMethod("RunAsync", BindingFlags.Public | BindingFlags.Static)
                ?? throw new InvalidOperationException("The snippet has no public static Snippet.RunAsync.");
            var task = method.Invoke(null, arguments) as Task<T>
                ?? throw new InvalidOperationException($"Snippet.RunAsync must return Task<{typeof(T).Name}>.");
            try
            {
                return await task.WaitAsync(RunTimeout);
            }
            finally
            {
                await context.ClosePooledConnectionsAsync();
            }
        }
        finally
        {
            context.Unload();
        }
    }

    /// <summary>Writes the measured before/after lines of a proof to the test output.</summary>
    public static void WriteBeforeAndAfter<T>(ITestOutputHelper output, int requests, Measurement<T> before, Measurement<T> after, string afterNote = "")
    {
        output.WriteLine($"{requests} requests before the fix: {before.Connections} connections (ConnectionWatch, equal to the server's accepts), {before.TimeWait} client TIME_WAIT sockets, result {before.Result}");
        output.WriteLine($"{requests} requests after the fix:  {after.Connections} connections (ConnectionWatch, equal to the server's accepts), {after.TimeWait} client TIME_WAIT sockets, result {after.Result}{afterNote}");
    }

    private static int Count(int port, LinuxTcpState state) => TcpSocketCounter.CountClientSockets(port, state);

    private static byte[] Compile(string source)
    {
        var compilation = CSharpCompilation.Create(
            "Snippet" + Guid.NewGuid().ToString("N"),
            new[] { CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest)) },
            References.Value,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var emitted = compilation.Emit(stream);
        if (!emitted.Success)
        {
            throw new InvalidOperationException("The snippet does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)) + "\n" + source);
        }

        return stream.ToArray();
    }

    private sealed class SnippetContext : AssemblyLoadContext
    {
        private static readonly string RuntimeName = typeof(TcpConnectionPool).Assembly.GetName().Name ?? "ConnHygiene.Runtime";

        public SnippetContext()
            : base("snippet", isCollectible: true)
        {
        }

        /// <summary>Disposes the endpoint pools of this context's <c>TcpConnectionPool.Shared</c>, closing their connections.</summary>
        public async Task ClosePooledConnectionsAsync()
        {
            var runtime = Assemblies.FirstOrDefault(a => a.GetName().Name == RuntimeName);
            var poolType = runtime?.GetType(typeof(TcpConnectionPool).FullName ?? string.Empty);
            var shared = poolType?.GetProperty(nameof(TcpConnectionPool.Shared))?.GetValue(null);
            if (poolType?.GetProperty(nameof(TcpConnectionPool.EndpointPools))?.GetValue(shared) is System.Collections.IEnumerable pools)
            {
                foreach (var pool in pools.OfType<IAsyncDisposable>())
                {
                    await pool.DisposeAsync();
                }
            }
        }

        protected override Assembly? Load(AssemblyName assemblyName)
            => assemblyName.Name == RuntimeName ? LoadFromAssemblyPath(typeof(TcpConnectionPool).Assembly.Location) : null;
    }
}
