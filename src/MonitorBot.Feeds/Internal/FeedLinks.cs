namespace MonitorBot.Feeds.Internal;

/// <summary>Links of news items: relative references resolved (xml:base, then the feed URL); only absolute http(s) kept.</summary>
internal static class FeedLinks
{
    /// <summary>The feed URL as a base for relative links, when it is an absolute http(s) URL.</summary>
    public static Uri? BaseOf(string? url) =>
        !string.IsNullOrWhiteSpace(url) && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && IsWeb(uri) ? uri : null;

    /// <summary>A base URI changed by an xml:base value (itself possibly relative); the old base when it cannot be used.</summary>
    public static Uri? Rebase(Uri? current, string? xmlBase)
    {
        if (string.IsNullOrWhiteSpace(xmlBase)) return current;
        var value = xmlBase.Trim();
        if (Uri.TryCreate(value, UriKind.Absolute, out var absolute) && IsWeb(absolute)) return absolute;
        if (current is not null && Uri.TryCreate(current, value, out var combined) && IsWeb(combined)) return combined;
        return current;
    }

    /// <summary>
    /// <paramref name="href"/> as an absolute http or https URL (resolved against <paramref name="baseUri"/> when relative);
    /// null for anything else (javascript:, data:, mailto:, file:, unresolvable relative references).
    /// </summary>
    public static string? Resolve(string? href, Uri? baseUri)
    {
        if (string.IsNullOrWhiteSpace(href)) return null;
        var value = href.Trim();
        if (value.Length > 4096) return null;
        if (IsPlainWebUrl(value)) return value; // the common case, without a Uri parse
        if (Uri.TryCreate(value, UriKind.Absolute, out var absolute) && !IsImplicitFile(value, absolute))
        {
            return IsWeb(absolute) ? value : null;
        }
        if (baseUri is null) return null;
        return Uri.TryCreate(baseUri, value, out var combined) && IsWeb(combined) ? combined.AbsoluteUri : null;
    }

    /// <summary>"http(s)://host…" made only of printable ASCII without spaces, quotes or angle brackets.</summary>
    private static bool IsPlainWebUrl(string value)
    {
        var rest = value.StartsWith("https://", StringComparison.Ordinal) ? 8 : value.StartsWith("http://", StringComparison.Ordinal) ? 7 : -1;
        if (rest < 0 || rest >= value.Length || !char.IsAsciiLetterOrDigit(value[rest])) return false;
        foreach (var c in value.AsSpan(rest))
        {
            if (c <= ' ' || c >= 0x7F || c is '"' or '<' or '>' or '\\' or '`' or '{' or '}' or '|' or '^') return false;
        }
        return true;
    }

    private static bool IsWeb(Uri uri) =>
        (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(uri.Host);

    /// <summary>On Unix "/2025/03/story" parses as an absolute file URI; in a feed it is a relative reference.</summary>
    private static bool IsImplicitFile(string value, Uri uri) => uri.IsFile && !value.StartsWith("file:", StringComparison.OrdinalIgnoreCase);
}
