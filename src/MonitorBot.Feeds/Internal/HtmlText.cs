using System.Net;
using System.Text;

namespace MonitorBot.Feeds.Internal;

/// <summary>HTML fragment → plain text: tags removed, entities decoded, whitespace collapsed, length capped.</summary>
internal static class HtmlText
{
    public const int DefaultMaxLength = 1000;

    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd", "mark", "q",
        "s", "samp", "small", "span", "strike", "strong", "sub", "sup", "time", "tt", "u", "var", "wbr",
    };

    /// <summary>Converts an HTML fragment to one line of plain text, capped at <paramref name="maxLength"/> characters.</summary>
    public static string ToPlainText(string? html, int maxLength = DefaultMaxLength)
    {
        if (string.IsNullOrEmpty(html)) return "";
        // Stop early on huge bodies: the text is capped anyway (entities and whitespace only shrink it further).
        var limit = maxLength is > 0 and < 1_000_000 ? (maxLength * 4) + 256 : int.MaxValue;
        if (limit < int.MaxValue && html.Length > limit * 4 && !html.Contains('<', StringComparison.Ordinal)) html = html[..(limit * 4)];
        var stripped = html.Contains('<', StringComparison.Ordinal) ? StripTags(html, limit) : html;
        var decoded = stripped.Contains('&', StringComparison.Ordinal) ? WebUtility.HtmlDecode(stripped) : stripped;
        if (!ReferenceEquals(decoded, stripped) && decoded.Contains('<', StringComparison.Ordinal)) decoded = StripTags(decoded, limit); // double-escaped HTML
        return Truncate(CollapseWhitespace(decoded), maxLength);
    }

    /// <summary>A short single-line excerpt of an error body, for exception messages.</summary>
    public static string Excerpt(string? text, int maxLength = 200) => ToPlainText(text, maxLength);

    public static string CollapseWhitespace(string text)
    {
        var sb = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c) || char.IsControl(c) || c == '\u00A0')
            {
                pendingSpace = sb.Length > 0;
                continue;
            }
            if (pendingSpace) { sb.Append(' '); pendingSpace = false; }
            sb.Append(c);
        }
        return sb.ToString();
    }

    public static string Truncate(string text, int maxLength)
    {
        if (maxLength <= 0 || text.Length <= maxLength) return text;
        var cut = text.LastIndexOf(' ', maxLength - 1, Math.Min(maxLength, 80));
        var end = cut > maxLength / 2 ? cut : maxLength - 1;
        if (end > 0 && char.IsHighSurrogate(text[end - 1])) end--;
        return string.Concat(text.AsSpan(0, end).TrimEnd(), "…");
    }

    private static string StripTags(string html, int limit)
    {
        var sb = new StringBuilder(Math.Min(html.Length, limit + 16));
        var i = 0;
        while (i < html.Length && sb.Length < limit)
        {
            var c = html[i];
            if (c != '<' || i + 1 >= html.Length)
            {
                sb.Append(c);
                i++;
                continue;
            }

            var next = html[i + 1];
            if (html.AsSpan(i).StartsWith("<!--", StringComparison.Ordinal))
            {
                var endComment = html.IndexOf("-->", i + 4, StringComparison.Ordinal);
                i = endComment < 0 ? html.Length : endComment + 3;
                sb.Append(' ');
                continue;
            }
            if (!char.IsAsciiLetter(next) && next != '/' && next != '!' && next != '?')
            {
                sb.Append(c); // a literal '<' such as "< 5%"
                i++;
                continue;
            }

            var close = html.IndexOf('>', i + 1);
            if (close < 0) break; // unterminated tag: drop the rest
            var nameStart = next == '/' ? i + 2 : i + 1;
            var nameEnd = nameStart;
            while (nameEnd < close && (char.IsAsciiLetterOrDigit(html[nameEnd]) || html[nameEnd] == ':')) nameEnd++;
            var name = html.AsSpan(nameStart, nameEnd - nameStart);

            if (next != '/' && (name.Equals("script", StringComparison.OrdinalIgnoreCase) || name.Equals("style", StringComparison.OrdinalIgnoreCase)))
            {
                var endTag = html.IndexOf(string.Concat("</", name), close, StringComparison.OrdinalIgnoreCase);
                var endClose = endTag < 0 ? -1 : html.IndexOf('>', endTag);
                i = endClose < 0 ? html.Length : endClose + 1;
                sb.Append(' ');
                continue;
            }

            if (!IsInline(name)) sb.Append(' ');
            i = close + 1;
        }
        return sb.ToString();
    }

    private static bool IsInline(ReadOnlySpan<char> name)
    {
        var lookup = InlineTags.GetAlternateLookup<ReadOnlySpan<char>>();
        return lookup.Contains(name);
    }
}
