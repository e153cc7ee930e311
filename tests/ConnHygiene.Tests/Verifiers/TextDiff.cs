using System;
using System.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>A readable line diff (longest common subsequence) for fixed-text mismatches.</summary>
internal static class TextDiff
{
    public static string NormalizeLineEndings(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n');

    /// <summary>Lines only in <paramref name="expected"/> start with '-', only in <paramref name="actual"/> with '+', shared with ' '.</summary>
    public static string Lines(string expected, string actual)
    {
        var a = NormalizeLineEndings(expected).Split('\n');
        var b = NormalizeLineEndings(actual).Split('\n');
        var lcs = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                lcs[i, j] = a[i] == b[j] ? lcs[i + 1, j + 1] + 1 : Math.Max(lcs[i + 1, j], lcs[i, j + 1]);
            }
        }

        var diff = new StringBuilder();
        int x = 0, y = 0;
        while (x < a.Length || y < b.Length)
        {
            if (x < a.Length && y < b.Length && a[x] == b[y])
            {
                diff.Append("  ").AppendLine(Visible(a[x]));
                x++;
                y++;
            }
            else if (x < a.Length && (y == b.Length || lcs[x + 1, y] >= lcs[x, y + 1]))
            {
                diff.Append("- ").AppendLine(Visible(a[x++]));
            }
            else
            {
                diff.Append("+ ").AppendLine(Visible(b[y++]));
            }
        }

        return diff.ToString();
    }

    // Trailing whitespace is the difference most often invisible in a failure message.
    private static string Visible(string line) =>
        line.Length > 0 && char.IsWhiteSpace(line[^1]) ? line.TrimEnd() + "·(trailing whitespace)" : line;
}
