using System.Collections.Generic;
using System.Collections.Immutable;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace ConnHygiene.Tests.Verifiers;

/// <summary>What a markup span names: the analyzer's only diagnostic (<c>[|...|]</c>), an ID (<c>{|CH0001:...|}</c>) or a location key (<c>{|#0:...|}</c>).</summary>
internal readonly record struct MarkupSpan(string? DiagnosticId, int? LocationKey, TextSpan Span);

/// <summary>Markup text parsed into the plain source and the spans it marked.</summary>
internal sealed record ParsedMarkup(string Text, ImmutableArray<MarkupSpan> Spans);

/// <summary>
/// Parses the markup of the Microsoft harness: <c>[|...|]</c>, <c>{|ID:...|}</c> and <c>{|#n:...|}</c>, nestable.
/// Malformed markup (unclosed or unopened spans) throws, so a typo never silently changes what is tested.
/// </summary>
internal static class Markup
{
    public static ParsedMarkup Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var spans = ImmutableArray.CreateBuilder<MarkupSpan>();
        var open = new Stack<(string? Id, int? Key, int Start, bool Square)>();

        for (var i = 0; i < markup.Length; i++)
        {
            if (Starts(markup, i, "[|"))
            {
                open.Push((null, null, text.Length, true));
                i++;
            }
            else if (Starts(markup, i, "{|"))
            {
                var colon = markup.IndexOf(':', i + 2);
                var name = colon < 0 ? string.Empty : markup.Substring(i + 2, colon - i - 2);
                if (name.Length == 0 || !IsName(name))
                {
                    throw new VerificationException($"Malformed markup at offset {i}: '{{|' must be followed by an ID or #key and ':'.");
                }

                if (name[0] == '#')
                {
                    if (!int.TryParse(name.Substring(1), out var key))
                    {
                        throw new VerificationException($"Malformed markup location key '{name}' at offset {i}.");
                    }

                    open.Push((null, key, text.Length, false));
                }
                else
                {
                    open.Push((name, null, text.Length, false));
                }

                i = colon;
            }
            else if (Starts(markup, i, "|]") || Starts(markup, i, "|}"))
            {
                var square = markup[i + 1] == ']';
                if (open.Count == 0 || open.Peek().Square != square)
                {
                    throw new VerificationException($"Markup '{markup.Substring(i, 2)}' at offset {i} closes nothing (or closes a span of the other kind).");
                }

                var (id, key, start, _) = open.Pop();
                spans.Add(new MarkupSpan(id, key, TextSpan.FromBounds(start, text.Length)));
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }

        if (open.Count > 0)
        {
            throw new VerificationException($"Markup span opened at plain-text offset {open.Peek().Start} is never closed.");
        }

        return new ParsedMarkup(text.ToString(), spans.ToImmutable());
    }

    private static bool Starts(string s, int i, string token) => string.CompareOrdinal(s, i, token, 0, token.Length) == 0;

    private static bool IsName(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsLetterOrDigit(c) || c == '#' || c == '_' || c == '-' || c == '.'))
            {
                return false;
            }
        }

        return true;
    }
}
