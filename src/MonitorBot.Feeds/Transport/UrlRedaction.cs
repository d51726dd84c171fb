using System.Text.RegularExpressions;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// How a URL is shown or stored as text (logs, CLI, the bot, feed_state.last_error): never with its user-info
/// (<c>http://user:password@host/</c>) and never with secret query values. One place, so every print site agrees.
/// </summary>
public static partial class UrlRedaction
{
    /// <summary>What replaces a hidden part.</summary>
    public const string Mask = "••••";

    /// <summary>scheme://host[:port]/path: no user-info, no query, no fragment (a file URL: its local path).</summary>
    public static string Redact(Uri uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (!uri.IsAbsoluteUri) return MaskUserInfo(uri.OriginalString.Split('?', '#')[0]);
        if (uri.IsFile) return uri.LocalPath;
        return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
    }

    /// <summary>Host and path only for a URL string; a string that is not an absolute URL keeps its text with any
    /// "user:password@" after "://" masked.</summary>
    public static string Redact(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Scheme) && url.Contains("://", StringComparison.Ordinal)
            ? Redact(uri)
            : MaskUserInfo(url);
    }

    /// <summary>The URL as written, with only its user-info replaced: <c>http://u:secret@host/x?a=1</c> → <c>http://••••@host/x?a=1</c>.</summary>
    public static string MaskUserInfo(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return UserInfo().Replace(url, "://" + Mask + "@");
    }

    /// <summary>Every URL inside free text (an error message) shown as scheme://host/path; user-info and queries dropped.</summary>
    public static string RedactText(string? text)
    {
        if (string.IsNullOrEmpty(text)) return text ?? "";
        var redacted = UrlInText().Replace(text, m => Uri.TryCreate(m.Value, UriKind.Absolute, out var uri) ? Redact(uri) : MaskUserInfo(m.Value));
        return MaskUserInfo(redacted);
    }

    /// <summary>"://" then user-info up to the first "@" before any "/", "?", "#" or space.</summary>
    [GeneratedRegex(@"://[^/?#@\s]+@", RegexOptions.CultureInvariant)]
    private static partial Regex UserInfo();

    [GeneratedRegex(@"\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s<>""'`]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlInText();
}
