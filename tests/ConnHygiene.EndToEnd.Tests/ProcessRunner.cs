using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>What one child process did: enough to explain a failure without re-running it.</summary>
internal sealed record ProcessResult(string CommandLine, string WorkingDirectory, int ExitCode, bool TimedOut, TimeSpan Elapsed, string StandardOutput, string StandardError)
{
    public bool Succeeded => !TimedOut && ExitCode == 0;

    public override string ToString()
    {
        var status = TimedOut ? "TIMED OUT (killed)" : "exit code " + ExitCode;
        return $"$ {CommandLine}\n  (in {WorkingDirectory}; {status} after {Elapsed.TotalSeconds:F1} s)\n--- stdout ---\n{StandardOutput}\n--- stderr ---\n{StandardError}\n--- end ---";
    }
}

/// <summary>Runs a command with a hard time limit, capturing its output; on time-out the whole process tree is killed.</summary>
internal static class ProcessRunner
{
    /// <summary>
    /// Variables the test host may have inherited from the outer <c>dotnet test</c> (MSBuild's own paths and switches).
    /// A child <c>dotnet build</c> must find its SDK by itself, as it would on a user's machine.
    /// </summary>
    private static readonly string[] s_inheritedPrefixesToDrop = ["MSBUILD", "MSBuild", "VSTEST_", "DOTNET_HOST_PATH"];

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IReadOnlyList<string> arguments,
        string workingDirectory,
        TimeSpan timeout,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = CreateStartInfo(fileName, arguments, workingDirectory, environment);
        var commandLine = fileName + " " + string.Join(" ", arguments);
        var stdout = new StringBuilder();
        var stderr = new StringBuilder();
        var stopwatch = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) => Append(stdout, e.Data);
        process.ErrorDataReceived += (_, e) => Append(stderr, e.Data);
        process.Start();
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var timedOut = false;
        using (var cts = new CancellationTokenSource(timeout))
        {
            try
            {
                await process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                timedOut = true;
                try
                {
                    process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // It exited between the time-out and the kill.
                }

                await process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }

        // WaitForExit without a time-out also drains the asynchronous output readers.
        process.WaitForExit();
        stopwatch.Stop();
        return new ProcessResult(commandLine, workingDirectory, process.ExitCode, timedOut, stopwatch.Elapsed, Snapshot(stdout), Snapshot(stderr));
    }

    /// <summary>
    /// A start description with every stream redirected, the variables of the outer test run removed and no build servers,
    /// so that the child behaves as it would on a user's machine and nothing it starts outlives the test.
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(string fileName, IReadOnlyList<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var key in new List<string>(startInfo.Environment.Keys))
        {
            foreach (var prefix in s_inheritedPrefixesToDrop)
            {
                if (key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
                {
                    startInfo.Environment.Remove(key);
                    break;
                }
            }
        }

        // No build servers or reused nodes: nothing may outlive the test.
        startInfo.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        startInfo.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        startInfo.Environment["UseSharedCompilation"] = "false";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        startInfo.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        if (environment is not null)
        {
            foreach (var pair in environment)
            {
                startInfo.Environment[pair.Key] = pair.Value;
            }
        }

        return startInfo;
    }

    /// <summary>The <c>dotnet</c> muxer on PATH, as a user would invoke it.</summary>
    public static Task<ProcessResult> DotnetAsync(IReadOnlyList<string> arguments, string workingDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
        => RunAsync("dotnet", arguments, workingDirectory, timeout, environment);

    private static void Append(StringBuilder builder, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (builder)
        {
            builder.AppendLine(line);
        }
    }

    private static string Snapshot(StringBuilder builder)
    {
        lock (builder)
        {
            return builder.ToString();
        }
    }
}
