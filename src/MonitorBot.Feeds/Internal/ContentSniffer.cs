using System.Text.RegularExpressions;

namespace MonitorBot.Feeds.Internal;

/// <summary>Plain-language diagnosis of bodies that are not feeds: binary files, HTML pages (with feed autodiscovery), GDELT error texts.</summary>
internal static partial class ContentSniffer
{
    /// <summary>Phrases GDELT's DOC API answers in plain text (often with HTTP 200) instead of JSON.</summary>
    private static readonly string[] GdeltErrorMarkers =
    [
        "One or more of your keywords",
        "limit requests to one every",
        "Your search contained",
        "The specified phrase",
        "Invalid query",
        "Timespan is too short",
        "Queries containing OR'd terms",
        "Parentheses may only be used around OR'd statements",
        "Invalid mode",
    ];

    /// <summary>
    /// True when the head looks like a binary file: a known magic number (PDF, ZIP, gzip, PNG, JPEG, GIF, …) or NUL and
    /// other control bytes in the first 512 bytes (UTF-16 text with a BOM or an XML declaration is not binary).
    /// </summary>
    public static bool IsBinary(ReadOnlySpan<byte> head) => BinaryKind(head) is not null;

    /// <summary>"a PDF file", "a gzip archive", "binary data" or null when the head looks like text.</summary>
    public static string? BinaryKind(ReadOnlySpan<byte> head)
    {
        if (head.IsEmpty) return null;
        if (head.StartsWith("%PDF"u8)) return "a PDF file";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x50, 0x4B, 0x03, 0x04])) return "a ZIP archive (or an Office document)";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1F, 0x8B])) return "a gzip archive";
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47])) return "a PNG image";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF])) return "a JPEG image";
        if (head.StartsWith("GIF8"u8)) return "a GIF image";
        if (head.StartsWith((ReadOnlySpan<byte>)[0xD0, 0xCF, 0x11, 0xE0])) return "an old Office document";
        if (head.StartsWith("MZ"u8) || head.StartsWith((ReadOnlySpan<byte>)[0x7F, 0x45, 0x4C, 0x46])) return "an executable";
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF))) return null; // UTF-16 BOM
        if (head.Length >= 4 && ((head[0] == '<' && head[1] == 0) || (head[0] == 0 && head[1] == '<'))) return null; // UTF-16 XML without BOM

        var sample = head[..Math.Min(head.Length, 512)];
        var control = 0;
        foreach (var b in sample)
        {
            if (b == 0) return "binary data";
            if (b < 0x20 && b is not ((byte)'\t' or (byte)'\n' or (byte)'\r' or 0x0C)) control++;
        }
        return control * 10 > sample.Length ? "binary data" : null;
    }

    /// <summary>"binary content, not a feed (a PDF file)".</summary>
    public static string BinaryMessage(string kind) => $"binary content, not a feed ({kind})";

    /// <summary>True when the text is an HTML page: a DOCTYPE html or an &lt;html&gt; (or &lt;head&gt;/&lt;body&gt;) first element.</summary>
    public static bool IsHtml(ReadOnlySpan<char> text)
    {
        var body = text.TrimStart(" \t\r\n\uFEFF");
        var i = 0;
        while (i < body.Length)
        {
            var rest = body[i..].TrimStart(" \t\r\n");
            if (rest.IsEmpty || rest[0] != '<') return false;
            if (rest.StartsWith("<!DOCTYPE", StringComparison.OrdinalIgnoreCase))
            {
                var name = rest["<!DOCTYPE".Length..].TrimStart();
                return name.StartsWith("html", StringComparison.OrdinalIgnoreCase);
            }
            if (rest.StartsWith("<!--"))
            {
                var end = rest.IndexOf("-->");
                if (end < 0) return false;
                i = body.Length - rest.Length + end + 3;
                continue;
            }
            if (rest.StartsWith("<?"))
            {
                var end = rest.IndexOf("?>");
                if (end < 0) return false;
                i = body.Length - rest.Length + end + 2;
                continue;
            }
            return rest.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("<head", StringComparison.OrdinalIgnoreCase)
                || rest.StartsWith("<body", StringComparison.OrdinalIgnoreCase);
        }
        return false;
    }

    /// <summary>
    /// "this is an HTML page, not a feed" plus, when the page advertises one (&lt;link rel="alternate"
    /// type="application/rss+xml|atom+xml" href=…&gt;), "; it links to a feed at &lt;absolute url&gt;".
    /// </summary>
    public static string HtmlMessage(string html, string? pageUrl)
    {
        var feed = DiscoverFeed(html, pageUrl);
        return feed is null ? "this is an HTML page, not a feed" : $"this is an HTML page, not a feed; it links to a feed at {feed}";
    }

    /// <summary>The first feed the page advertises (RSS/Atom autodiscovery), resolved against the page URL; null when none.</summary>
    public static string? DiscoverFeed(string html, string? pageUrl)
    {
        var limit = Math.Min(html.Length, 256 * 1024);
        foreach (Match tag in LinkTag().Matches(html[..limit]))
        {
            var attributes = tag.Value;
            var rel = Attribute(attributes, "rel");
            var type = Attribute(attributes, "type");
            var href = Attribute(attributes, "href");
            if (rel is null || type is null || string.IsNullOrWhiteSpace(href)) continue;
            if (!rel.Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("alternate", StringComparer.OrdinalIgnoreCase)) continue;
            if (!type.Contains("rss+xml", StringComparison.OrdinalIgnoreCase) && !type.Contains("atom+xml", StringComparison.OrdinalIgnoreCase)
                && !type.Contains("rdf+xml", StringComparison.OrdinalIgnoreCase)) continue;
            if (FeedLinks.Resolve(System.Net.WebUtility.HtmlDecode(href), FeedLinks.BaseOf(pageUrl)) is { } url) return url;
        }
        return null;
    }

    /// <summary>True when the text is one of GDELT's plain-text error answers.</summary>
    public static bool IsGdeltError(ReadOnlySpan<char> text)
    {
        var head = text[..Math.Min(text.Length, 600)];
        foreach (var marker in GdeltErrorMarkers)
        {
            if (head.Contains(marker, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>True for GDELT's masterfilelist.txt ("size md5 http://data.gdeltproject.org/…" lines): an index of raw files.</summary>
    public static bool IsGdeltFileList(ReadOnlySpan<char> text)
    {
        var body = text.TrimStart(" \t\r\n\uFEFF");
        var lineEnd = body.IndexOfAny('\r', '\n');
        var first = lineEnd < 0 ? body : body[..lineEnd];
        return GdeltFileListLine().IsMatch(first);
    }

    private static string? Attribute(string tag, string name)
    {
        var match = Regex.Match(tag, $@"\s{name}\s*=\s*(?:""(?<v>[^""]*)""|'(?<v>[^']*)'|(?<v>[^\s>]+))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return match.Success ? match.Groups["v"].Value : null;
    }

    [GeneratedRegex(@"^\d+ [0-9a-f]{32} https?://data\.gdeltproject\.org/\S+$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex GdeltFileListLine();

    [GeneratedRegex(@"<link\b[^>]{0,2000}>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex LinkTag();
}
