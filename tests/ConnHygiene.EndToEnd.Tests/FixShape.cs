using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace ConnHygiene.EndToEnd.Tests;

/// <summary>
/// What a fixed file must (or must not) contain. <see cref="Pattern"/> is a regular expression in which every
/// space stands for "any whitespace, or none", so shapes do not depend on how the fixer breaks lines.
/// </summary>
internal sealed record FixShape(string File, string Pattern, int? ExpectedCount, string Why)
{
    /// <summary>At least one occurrence.</summary>
    public static FixShape Present(string file, string pattern, string why) => new(file, pattern, null, why);

    public static FixShape Absent(string file, string pattern, string why) => new(file, pattern, 0, why);

    public static FixShape Exactly(int count, string file, string pattern, string why) => new(file, pattern, count, why);

    /// <summary>The problem with <paramref name="sources"/>, or null when the shape holds.</summary>
    public string? Check(IReadOnlyDictionary<string, string> sources)
    {
        if (!sources.TryGetValue(File, out var text))
        {
            return $"{File}: file missing after the fix ({Why})";
        }

        var regex = new Regex(Pattern.Replace(" ", @"\s*"), RegexOptions.CultureInvariant);
        var count = regex.Matches(text).Count;
        var ok = ExpectedCount is { } expected ? count == expected : count > 0;
        if (ok)
        {
            return null;
        }

        var wanted = ExpectedCount switch
        {
            null => "at least once",
            0 => "nowhere",
            var n => $"exactly {n} time(s)",
        };
        return $"{File}: /{Pattern}/ should occur {wanted} but occurs {count} time(s): {Why}";
    }
}
