using System.Globalization;
using System.Net;
using System.Text;

namespace MonitorBot.Feeds.Internal;

/// <summary>
/// Makes a feed's text safe and readable for <see cref="System.Xml.XmlReader"/> before parsing: a DOCTYPE is tolerated
/// but its internal subset is checked (external or parameter entities, entities built from other entities, too many
/// entities are refused by name), and HTML named entities (&amp;nbsp;, &amp;eacute;, …) that an external DTD would have
/// defined become numeric character references. The reader itself never fetches a DTD (no resolver) and caps what
/// entities may expand to.
/// </summary>
internal static class XmlPrep
{
    public const int MaxDeclaredEntities = 64;

    private static readonly HashSet<string> XmlPredefined = new(StringComparer.Ordinal) { "amp", "lt", "gt", "quot", "apos" };

    /// <summary>Null when the DOCTYPE (if any) is harmless; else why the feed is refused.</summary>
    /// <param name="text">The decoded head of the document (or all of it).</param>
    /// <param name="complete">False when <paramref name="text"/> is only the head: an internal subset that runs past it is refused.</param>
    public static string? CheckDoctype(string text, bool complete = true)
    {
        var start = text.IndexOf("<!DOCTYPE", StringComparison.Ordinal);
        if (start < 0) return null;
        var firstElement = FirstElementStart(text);
        if (firstElement >= 0 && firstElement < start) return null; // inside content (e.g. in CDATA): not a declaration
        var open = text.IndexOfAny(['[', '>'], start);
        if (open < 0 || text[open] == '>') return null; // no internal subset: only an external DTD id, never fetched
        var close = text.IndexOf(']', open);
        if (close < 0 && !complete) return "the feed's DTD internal subset is too large, which is refused (an entity-expansion attempt)";
        var subset = close < 0 ? text.AsSpan(open) : text.AsSpan(open, close - open);

        var count = 0;
        var at = 0;
        while ((at = subset.IndexOf("<!ENTITY", StringComparison.Ordinal)) >= 0)
        {
            count++;
            subset = subset[(at + "<!ENTITY".Length)..];
            var end = subset.IndexOf('>');
            var declaration = end < 0 ? subset : subset[..end];
            var trimmed = declaration.TrimStart();
            if (trimmed.StartsWith("%"))
            {
                return "the feed's DTD declares a parameter entity, which is refused (an entity-expansion or XXE attempt)";
            }
            if (declaration.Contains(" SYSTEM", StringComparison.Ordinal) || declaration.Contains(" PUBLIC", StringComparison.Ordinal))
            {
                return "the feed's DTD declares an external entity, which is refused (an XXE attempt: nothing is ever fetched)";
            }
            if (ReferencesEntity(declaration))
            {
                return "the feed's DTD defines entities in terms of other entities, which is refused (an entity-expansion attack)";
            }
            if (count > MaxDeclaredEntities)
            {
                return $"the feed's DTD declares more than {MaxDeclaredEntities} entities, which is refused (an entity-expansion attempt)";
            }
        }
        return null;
    }

    /// <summary>
    /// Replaces HTML named entity references that XML does not predefine with numeric references (outside CDATA
    /// sections). Unknown names are left for the XML reader (declared in the DTD, or an error). Linear in the text.
    /// </summary>
    public static string RewriteHtmlEntities(string text)
    {
        StringBuilder? sb = null;
        var copied = 0;
        var cdata = text.IndexOf("<![CDATA[", StringComparison.Ordinal);
        var i = text.IndexOf('&');
        while (i >= 0)
        {
            if (cdata >= 0 && cdata < i)
            {
                var cdataEnd = text.IndexOf("]]>", cdata, StringComparison.Ordinal);
                if (cdataEnd < 0) break;
                if (cdataEnd > i)
                {
                    i = text.IndexOf('&', cdataEnd + 3);
                    cdata = text.IndexOf("<![CDATA[", cdataEnd + 3, StringComparison.Ordinal);
                    continue;
                }
                cdata = text.IndexOf("<![CDATA[", cdataEnd + 3, StringComparison.Ordinal);
                continue;
            }

            var nameStart = i + 1;
            var nameEnd = nameStart;
            while (nameEnd < text.Length && nameEnd - nameStart <= 32 && char.IsAsciiLetterOrDigit(text[nameEnd])) nameEnd++;
            if (nameEnd > nameStart && nameEnd < text.Length && text[nameEnd] == ';' && char.IsAsciiLetter(text[nameStart]))
            {
                var name = text.AsSpan(nameStart, nameEnd - nameStart);
                if (!XmlPredefined.GetAlternateLookup<ReadOnlySpan<char>>().Contains(name) && HtmlCodePoint(name) is { } codePoint)
                {
                    sb ??= new StringBuilder(text.Length + 64);
                    sb.Append(text, copied, i - copied).Append("&#").Append(codePoint.ToString(CultureInfo.InvariantCulture)).Append(';');
                    copied = nameEnd + 1;
                }
            }
            i = text.IndexOf('&', nameEnd);
        }
        if (sb is null) return text;
        sb.Append(text, copied, text.Length - copied);
        return sb.ToString();
    }

    /// <summary>The code point an HTML 4 named entity stands for (the set <see cref="WebUtility.HtmlDecode(string)"/> knows).</summary>
    private static int? HtmlCodePoint(ReadOnlySpan<char> name)
    {
        var reference = string.Concat("&", name, ";");
        var decoded = WebUtility.HtmlDecode(reference);
        if (decoded == reference || decoded.Length == 0) return null;
        return char.IsSurrogatePair(decoded, 0) ? char.ConvertToUtf32(decoded, 0) : decoded[0];
    }

    private static bool ReferencesEntity(ReadOnlySpan<char> declaration)
    {
        var amp = declaration.IndexOf('&');
        while (amp >= 0)
        {
            if (amp + 1 < declaration.Length && declaration[amp + 1] != '#') return true;
            var next = declaration[(amp + 1)..].IndexOf('&');
            amp = next < 0 ? -1 : amp + 1 + next;
        }
        return declaration.Contains('%');
    }

    /// <summary>Index of the first element's '&lt;' (after the XML declaration, comments, processing instructions and DOCTYPE).</summary>
    private static int FirstElementStart(string text)
    {
        var i = 0;
        while (i < text.Length)
        {
            var lt = text.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= text.Length) return -1;
            var next = text[lt + 1];
            if (next == '?')
            {
                var end = text.IndexOf("?>", lt, StringComparison.Ordinal);
                if (end < 0) return -1;
                i = end + 2;
            }
            else if (next == '!')
            {
                if (string.CompareOrdinal(text, lt, "<!--", 0, 4) == 0)
                {
                    var end = text.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                    if (end < 0) return -1;
                    i = end + 3;
                }
                else
                {
                    return -1; // the DOCTYPE itself comes first
                }
            }
            else
            {
                return lt;
            }
        }
        return -1;
    }
}
