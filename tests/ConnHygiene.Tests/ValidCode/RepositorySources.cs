using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using ConnHygiene.Tests.Meta;

namespace ConnHygiene.Tests.ValidCode;

/// <summary>The C# files of a repository folder (without bin/obj), as corpus files under /0/.</summary>
internal static class RepositorySources
{
    /// <summary>The global usings the .NET SDK adds with ImplicitUsings enabled (the sample app uses them).</summary>
    private const string SdkImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    /// <param name="folder">Repository-relative folder.</param>
    /// <param name="implicitUsings">Add the SDK's implicit global usings, as a project with ImplicitUsings enabled gets.</param>
    public static IReadOnlyList<(string Path, string Source)> Read(string folder, bool implicitUsings = false)
    {
        var files = ReadFiles(folder);
        return implicitUsings ? files.Append(("/0/ImplicitUsings.cs", SdkImplicitUsings)).ToList() : files;
    }

    private static IReadOnlyList<(string Path, string Source)> ReadFiles(string folder)
    {
        var separator = Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(RuleCatalog.RepositoryPath(folder), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{separator}obj{separator}", StringComparison.Ordinal) && !f.Contains($"{separator}bin{separator}", StringComparison.Ordinal))
            .OrderBy(f => f, StringComparer.Ordinal)
            .Select(f => ("/0/" + Path.GetRelativePath(RuleCatalog.RepositoryRoot, f).Replace('\\', '/'), File.ReadAllText(f)))
            .ToList();
    }
}
