using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.News;

/// <summary>
/// Turns a parsed <see cref="RawNewsItem"/> into a stored <see cref="NewsItem"/>: canonical URL (the dedupe
/// key), title key (groups one wire story carried by many outlets), trimmed text, relevance and entities.
/// </summary>
public static partial class NewsNormalizer
{
    /// <summary>How many significant words of a title make its key.</summary>
    public const int TitleKeyWords = 12;

    /// <summary>Longest outlet suffix (" - Outlet") recognised without knowing the outlet.</summary>
    private const int MaxOutletSuffixLength = 40;
    private const int MaxOutletSuffixWords = 5;

    private static readonly string[] OutletSeparators = [" - ", " | ", " – ", " — ", " · "];

    private static readonly HashSet<string> TrackingParams = new(StringComparer.OrdinalIgnoreCase)
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "ocid", "cmpid", "mc_cid", "mc_eid",
        "_ga", "_gl", "igshid", "outputtype", "amp", "cmp", "ito", "smid", "taid", "ref_src",
    };

    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "at", "by", "with", "as", "is", "are", "was", "were", "be", "from",
    };

    /// <summary>Normalises and scores one parsed item.</summary>
    /// <param name="raw">The parser's item.</param>
    /// <param name="sourceId">The configured source it came from.</param>
    /// <param name="fetchedAt">When the poll ran.</param>
    /// <param name="isBaseline">True for items of a source's first poll (stored, never alerted on).</param>
    public static NewsItem Normalize(RawNewsItem raw, string sourceId, DateTimeOffset fetchedAt, bool isBaseline)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);

        var title = CollapseWhitespace(raw.Title ?? string.Empty);
        var (headline, suffixOutlet) = SplitOutletSuffix(title, raw.Outlet);
        var outlet = string.IsNullOrWhiteSpace(raw.Outlet) ? suffixOutlet : raw.Outlet.Trim();
        var summary = CleanSummary(raw.Summary, outlet);
        var guid = string.IsNullOrWhiteSpace(raw.Guid) ? null : raw.Guid.Trim();
        var titleKey = TitleKey(headline);

        var url = !string.IsNullOrWhiteSpace(raw.Link) ? raw.Link.Trim()
            : guid is not null && IsHttpUrl(guid) ? guid
            : null;
        var canonical = (url is null ? null : CanonicalizeUrl(url))
            ?? $"urn:{sourceId}:{guid ?? "title-" + Hash(titleKey.Length > 0 ? titleKey : title)}";
        url ??= canonical;

        var score = RelevanceScorer.Score(headline, summary);
        return new NewsItem(
            SourceId: sourceId,
            Guid: guid,
            Url: url,
            CanonicalUrl: canonical,
            Title: title,
            Summary: summary,
            Published: raw.Published,
            FetchedAt: fetchedAt,
            Relevance: score.Relevance,
            Entities: score.Entities,
            TitleKey: titleKey,
            Outlet: outlet,
            IsBaseline: isBaseline);
    }

    /// <summary>
    /// The dedupe form of an http(s) URL: scheme "https", lower-case host without "www.", no default port,
    /// no fragment, no tracking parameters (utm_*, fbclid, gclid, ocid, cmpid, ...; "oc" on news.google.com),
    /// no AMP forms ("/amp" path segments, ".amp" suffix, ?outputType=amp, ?amp), no trailing slash, remaining
    /// query parameters sorted. Returns null when <paramref name="url"/> is not an absolute http(s) URL.
    /// </summary>
    public static string? CanonicalizeUrl(string? url)
    {
        if (string.IsNullOrWhiteSpace(url)
            || !Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return null;
        }

        var host = uri.Host.ToLowerInvariant().TrimEnd('.');
        if (host.StartsWith("www.", StringComparison.Ordinal) && host.Length > 4)
        {
            host = host[4..];
        }

        var port = uri.IsDefaultPort || uri.Port is 80 or 443 ? string.Empty : ":" + uri.Port.ToString(CultureInfo.InvariantCulture);

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => !s.Equals("amp", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (segments.Count > 0)
        {
            var last = segments[^1];
            if (last.EndsWith(".amp", StringComparison.OrdinalIgnoreCase))
            {
                segments[^1] = last[..^4];
            }
            else if (last.EndsWith(".amp.html", StringComparison.OrdinalIgnoreCase))
            {
                segments[^1] = last[..^9] + ".html";
            }
        }

        var path = segments.Count == 0 ? string.Empty : "/" + string.Join('/', segments);

        var isGoogleNews = host == "news.google.com";
        var query = uri.Query.TrimStart('?')
            .Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p =>
            {
                var eq = p.IndexOf('=', StringComparison.Ordinal);
                var key = eq < 0 ? p : p[..eq];
                return !key.StartsWith("utm_", StringComparison.OrdinalIgnoreCase)
                    && !TrackingParams.Contains(key)
                    && !(isGoogleNews && (key == "oc" || key == "hl" || key == "gl" || key == "ceid"));
            })
            .Order(StringComparer.Ordinal)
            .ToList();

        var builder = new StringBuilder("https://", url.Length);
        builder.Append(host).Append(port).Append(path);
        if (query.Count > 0)
        {
            builder.Append('?').AppendJoin('&', query);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The key that groups one story across outlets: outlet suffix removed (" - Reuters"), lower case,
    /// diacritics folded, apostrophes dropped, other punctuation as spaces, common stop words dropped,
    /// the first <see cref="TitleKeyWords"/> words joined by single spaces.
    /// </summary>
    public static string TitleKey(string? title, string? outlet = null)
    {
        if (string.IsNullOrWhiteSpace(title))
        {
            return string.Empty;
        }

        var (headline, _) = SplitOutletSuffix(CollapseWhitespace(title), outlet);
        var folded = new StringBuilder(headline.Length);
        foreach (var ch in headline)
        {
            if (ch is '\'' or '\u2019' or '\u2018' or '`')
            {
                continue;
            }

            if (ch is >= '\u0300' and <= '\u036F')
            {
                continue; // combining diacritical marks
            }

            var lower = char.ToLowerInvariant(FoldDiacritic(ch));
            if (char.IsLetterOrDigit(lower) || CharUnicodeInfo.GetUnicodeCategory(lower) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                folded.Append(lower);
            }
            else
            {
                folded.Append(' ');
            }
        }

        var words = folded.ToString()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(w => !StopWords.Contains(w))
            .Take(TitleKeyWords);
        return string.Join(' ', words);
    }

    /// <summary>
    /// Splits a trailing outlet name (" - Reuters", " | The Irrawaddy") off a title. With a known
    /// <paramref name="outlet"/> only that name is removed; otherwise the last separated part is taken
    /// as an outlet when it is short (at most 5 words, 40 characters) and the headline before it has at
    /// least 3 words.
    /// </summary>
    public static (string Headline, string? Outlet) SplitOutletSuffix(string title, string? outlet)
    {
        ArgumentNullException.ThrowIfNull(title);
        if (!string.IsNullOrWhiteSpace(outlet))
        {
            var known = outlet.Trim();
            foreach (var sep in OutletSeparators)
            {
                var suffix = sep + known;
                if (title.EndsWith(suffix, StringComparison.OrdinalIgnoreCase) && title.Length > suffix.Length)
                {
                    return (title[..^suffix.Length].TrimEnd(), title[^known.Length..]);
                }
            }
        }

        var best = -1;
        var bestSepLength = 0;
        foreach (var sep in OutletSeparators)
        {
            var at = title.LastIndexOf(sep, StringComparison.Ordinal);
            if (at > best)
            {
                best = at;
                bestSepLength = sep.Length;
            }
        }

        if (best > 0)
        {
            var candidate = title[(best + bestSepLength)..].Trim();
            var head = title[..best].TrimEnd();
            if (candidate.Length is > 0 and <= MaxOutletSuffixLength
                && candidate.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= MaxOutletSuffixWords
                && head.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3)
            {
                return (head, candidate);
            }
        }

        return (title, null);
    }

    private static string? CleanSummary(string? summary, string? outlet)
    {
        if (string.IsNullOrWhiteSpace(summary))
        {
            return null;
        }

        var text = summary;
        if (text.Contains('<', StringComparison.Ordinal))
        {
            text = TagRegex().Replace(text, " ");
        }

        if (text.Contains('&', StringComparison.Ordinal))
        {
            text = WebUtility.HtmlDecode(text);
        }

        text = CollapseWhitespace(text);
        if (!string.IsNullOrEmpty(outlet) && text.EndsWith(outlet, StringComparison.OrdinalIgnoreCase) && text.Length > outlet.Length)
        {
            // Google News descriptions end with the outlet's name; it is not part of the story.
            text = text[..^outlet.Length].TrimEnd(' ', '-', '|', '\u2013', '\u2014');
        }

        return text.Length == 0 ? null : text;
    }

    private static string CollapseWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var ch in text)
        {
            if (char.IsWhiteSpace(ch) || ch == '\u00A0')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(ch);
        }

        return builder.ToString();
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Hash(string text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));

    // Invariant globalization mode has no Unicode normalisation, so Latin letters with diacritics are folded by table.
    private const string DiacriticSource = "ÀÁÂÃÄÅĀĂĄàáâãäåāăąÇĆĈĊČçćĉċčĎĐďđÈÉÊËĒĔĖĘĚèéêëēĕėęěĜĞĠĢĝğġģĤĦĥħÌÍÎÏĨĪĬĮİìíîïĩīĭįıĴĵĶķĹĻĽĿŁĺļľŀłÑŃŅŇñńņňÒÓÔÕÖØŌŎŐòóôõöøōŏőŔŖŘŕŗřŚŜŞŠśŝşšŢŤŦţťŧÙÚÛÜŨŪŬŮŰŲùúûüũūŭůűųŴŵÝŸŶýÿŷŹŻŽźżžơƠưƯ";
    private const string DiacriticTarget = "AAAAAAAAAaaaaaaaaaCCCCCcccccDDddEEEEEEEEEeeeeeeeeeGGGGggggHHhhIIIIIIIIIiiiiiiiiiJjKkLLLLLlllllNNNNnnnnOOOOOOOOOoooooooooRRRrrrSSSSssssTTTtttUUUUUUUUUUuuuuuuuuuuWwYYYyyyZZZzzzoOuU";

    private static char FoldDiacritic(char ch)
    {
        if (ch < '\u00C0')
        {
            return ch;
        }

        var index = DiacriticSource.IndexOf(ch, StringComparison.Ordinal);
        return index >= 0 ? DiacriticTarget[index] : ch;
    }

    [GeneratedRegex("<[^>]*>", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex TagRegex();
}
