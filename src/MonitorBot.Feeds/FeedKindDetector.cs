using System.Text;
using MonitorBot.Core.Feeds;

namespace MonitorBot.Feeds;

/// <summary>
/// Guesses a source's kind from the first bytes of its payload (plus content type and location as hints).
/// Used when a source's Kind is empty or "auto", and by <c>monitorbot feed test</c>. Pure.
/// </summary>
public static class FeedKindDetector
{
    /// <summary>The value of Kind that asks for detection (as does an empty Kind).</summary>
    public const string Auto = "auto";

    /// <summary>How many leading bytes callers should pass.</summary>
    public const int HeadLength = 4096;

    public static bool IsAuto(string? kind) => string.IsNullOrWhiteSpace(kind) || kind.Trim().Equals(Auto, StringComparison.OrdinalIgnoreCase);

    public static string? Detect(ReadOnlySpan<byte> head, string? contentType, string? location)
    {
        if (Internal.ContentSniffer.IsBinary(head)) return null; // "binary content, not a feed"
        var text = Decode(head);
        var body = text.AsSpan().TrimStart(" \t\r\n\uFEFF");
        if (body.IsEmpty) return FromLocation(location) ?? FromContentType(contentType);

        return body[0] switch
        {
            '<' => DetectXml(body),
            '{' or '[' => DetectJson(body, location),
            _ => DetectText(body, contentType, location),
        };
    }

    private static string Decode(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) head = head[3..];
        if (head.Length >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        {
            var encoding = head[0] == 0xFF ? Encoding.Unicode : Encoding.BigEndianUnicode;
            return encoding.GetString(head[2..(head.Length & ~1)]);
        }
        return Encoding.UTF8.GetString(head);
    }

    private static string? DetectXml(ReadOnlySpan<char> body)
    {
        var i = 0;
        while (i < body.Length)
        {
            var lt = body[i..].IndexOf('<');
            if (lt < 0) return null;
            i += lt;
            var rest = body[i..];
            if (rest.StartsWith("<?") || rest.StartsWith("<!"))
            {
                i += rest.StartsWith("<!--") ? Math.Max(rest.IndexOf("-->") + 3, 4) : Math.Max(rest.IndexOf('>') + 1, 2);
                continue;
            }
            var end = 1;
            while (end < rest.Length && !char.IsWhiteSpace(rest[end]) && rest[end] is not ('>' or '/')) end++;
            var name = rest[1..end];
            var colon = name.IndexOf(':');
            if (colon >= 0) name = name[(colon + 1)..];
            if (name.Equals("rss", StringComparison.OrdinalIgnoreCase) || name.Equals("RDF", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Rss;
            if (name.Equals("feed", StringComparison.Ordinal)) return FeedKinds.Atom;
            return null; // html or another XML document
        }
        return null;
    }

    private static string? DetectJson(ReadOnlySpan<char> body, string? location)
    {
        if (body[0] == '[')
        {
            return body.Contains("\"cmdCode\"", StringComparison.Ordinal) && (body.Contains("\"reporterCode\"", StringComparison.Ordinal) || body.Contains("\"partnerCode\"", StringComparison.Ordinal))
                ? FeedKinds.Comtrade // a bare array of Comtrade rows
                : FeedKinds.JsonPrice;
        }
        if (body.Contains("\"chart\"", StringComparison.Ordinal)) return FeedKinds.Yahoo;
        if (body.Contains("\"articles\"", StringComparison.Ordinal)) return FeedKinds.Gdelt;
        if (body.Contains("\"timeline\"", StringComparison.Ordinal)) return FeedKinds.Gdelt; // DOC 2.0 timeline modes
        if (body.Contains("\"elapsedTime\"", StringComparison.Ordinal)
            || (body.Contains("\"data\"", StringComparison.Ordinal) && body.Contains("\"count\"", StringComparison.Ordinal))
            || body.Contains("\"reporterCode\"", StringComparison.Ordinal)
            || (body.Contains("\"cmdCode\"", StringComparison.Ordinal) && body.Contains("\"partnerCode\"", StringComparison.Ordinal))) // also tariff-line extracts
        {
            return FeedKinds.Comtrade;
        }
        if (FromLocation(location) is { } hinted) return hinted;
        return FeedKinds.JsonPrice;
    }

    private static string? DetectText(ReadOnlySpan<char> body, string? contentType, string? location)
    {
        if (Internal.ContentSniffer.IsGdeltError(body)) return FeedKinds.Gdelt; // its parser reports the GDELT error
        var lineEnd = body.IndexOfAny('\r', '\n');
        var first = (lineEnd < 0 ? body : body[..lineEnd]).Trim();
        if (first.StartsWith("#")) return FeedKinds.Manual;
        if (first.StartsWith("series,", StringComparison.OrdinalIgnoreCase) || first.StartsWith("series;", StringComparison.OrdinalIgnoreCase))
        {
            return FeedKinds.Manual;
        }
        if (first.ContainsAny(',', ';', '\t')) return FeedKinds.Csv;
        var hinted = FromLocation(location) ?? FromContentType(contentType);
        return hinted is FeedKinds.Csv or FeedKinds.Manual ? hinted : null;
    }

    private static string? FromLocation(string? location)
    {
        if (string.IsNullOrWhiteSpace(location)) return null;
        if (location.Contains("gdeltproject.org", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Gdelt;
        if (location.Contains("comtradeapi", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Comtrade;
        if (location.Contains("finance.yahoo.com", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Yahoo;
        var path = location.Split('?', '#')[0];
        var extension = Path.GetExtension(path).ToLowerInvariant();
        return extension switch
        {
            ".rss" or ".rdf" => FeedKinds.Rss,
            ".atom" => FeedKinds.Atom,
            ".csv" => FeedKinds.Csv,
            _ => null,
        };
    }

    private static string? FromContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType)) return null;
        if (contentType.Contains("rss", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Rss;
        if (contentType.Contains("atom", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Atom;
        if (contentType.Contains("csv", StringComparison.OrdinalIgnoreCase)) return FeedKinds.Csv;
        return null;
    }
}
