using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Xunit;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// Packs the ConnHygiene package and the ConnHygiene.Runtime package once per test run into one fresh folder feed, both
/// under a version no earlier run used, so that no cached package can stand in for the ones just built.
/// Shared by every test class in <see cref="PackageCollection"/>: one pack per run, and those classes run one after another.
/// </summary>
public sealed class PackedPackage : IAsyncLifetime
{
    public const string PackageId = "ConnHygiene";

    public const string RuntimePackageId = "ConnHygiene.Runtime";

    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(5);

    public PackedPackage()
    {
        RepositoryRoot = FindRepositoryRoot(AppContext.BaseDirectory);
        WorkRoot = Path.Combine(Path.GetTempPath(), "connhygiene-e2e-" + Guid.NewGuid().ToString("N").Substring(0, 12));
        PackageSource = Path.Combine(WorkRoot, "feed");
        Version = "0.1.0-e2e." + DateTime.UtcNow.Ticks;
    }

    public string RepositoryRoot { get; }

    /// <summary>A temporary folder outside the repository that holds the feed, the isolated package cache and the user projects.</summary>
    public string WorkRoot { get; }

    /// <summary>The local folder feed that holds the freshly packed .nupkg files.</summary>
    public string PackageSource { get; }

    public string Version { get; }

    public string PackagePath => Path.Combine(PackageSource, $"{PackageId}.{Version}.nupkg");

    public string RuntimePackagePath => Path.Combine(PackageSource, $"{RuntimePackageId}.{Version}.nupkg");

    internal ProcessResult? PackResult { get; private set; }

    internal ProcessResult? RuntimePackResult { get; private set; }

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(PackageSource);
        PackResult = await PackAsync(Path.Combine("src", "Package", "ConnHygiene.Package.csproj")).ConfigureAwait(false);
        RuntimePackResult = await PackAsync(Path.Combine("src", "Runtime", "ConnHygiene.Runtime.csproj")).ConfigureAwait(false);
    }

    /// <summary>Fails the calling test with the pack output when packing did not produce the analyzer package.</summary>
    public void EnsurePacked()
    {
        Assert.True(PackResult is { Succeeded: true } && File.Exists(PackagePath), $"dotnet pack did not produce {PackagePath}:\n{PackResult}");
    }

    /// <summary>Fails the calling test with the pack output when packing did not produce the runtime package.</summary>
    public void EnsureRuntimePacked()
    {
        Assert.True(RuntimePackResult is { Succeeded: true } && File.Exists(RuntimePackagePath), $"dotnet pack did not produce {RuntimePackagePath}:\n{RuntimePackResult}");
    }

    // Build into a private artifacts folder: `dotnet test` may still be building the same projects in the repository's
    // bin/obj while this runs. PackageVersion (not Version) leaves the assemblies' own versions as the repository sets them.
    private Task<ProcessResult> PackAsync(string relativeProjectPath)
        => ProcessRunner.DotnetAsync(
            [
                "pack", Path.Combine(RepositoryRoot, relativeProjectPath), "-c", "Release", "-o", PackageSource, "-p:PackageVersion=" + Version,
                "-p:UseArtifactsOutput=true", "-p:ArtifactsPath=" + Path.Combine(WorkRoot, "build"), "-nodeReuse:false", "-tl:off",
            ],
            RepositoryRoot,
            s_packTimeout);

    public Task DisposeAsync()
    {
        if (Environment.GetEnvironmentVariable("CONNHYGIENE_E2E_KEEP") != "1")
        {
            try
            {
                Directory.Delete(WorkRoot, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open; the OS cleans the temp folder eventually.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return Task.CompletedTask;
    }

    private static string FindRepositoryRoot(string start)
    {
        var candidates = new List<string>();
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            candidates.Add(directory.FullName);
            if (File.Exists(Path.Combine(directory.FullName, "ConnHygiene.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ConnHygiene.sln not found above " + start + "; looked in: " + string.Join(", ", candidates));
    }
}

[CollectionDefinition(Name)]
public sealed class PackageCollection : ICollectionFixture<PackedPackage>
{
    public const string Name = "Packed ConnHygiene package";
}
