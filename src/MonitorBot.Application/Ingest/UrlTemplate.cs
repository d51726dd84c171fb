using System.Globalization;
using System.Text.RegularExpressions;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Ingest;

/// <summary>
/// Expands date tokens in a source URL at fetch time, so a monthly source (UN Comtrade takes explicit periods)
/// always asks for recent months: <c>{yyyymm}</c> is this month, <c>{yyyymm-N}</c> N months earlier (UTC).
/// </summary>
public static partial class UrlTemplate
{
    [GeneratedRegex(@"\{yyyymm(?:-(\d{1,3}))?\}", RegexOptions.IgnoreCase)]
    private static partial Regex MonthToken();

    public static bool HasTokens(string url) => MonthToken().IsMatch(url);

    public static string Expand(string url, DateTimeOffset now)
    {
        var month = new DateTimeOffset(now.UtcDateTime.Year, now.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero);
        return MonthToken().Replace(url, m =>
        {
            var back = m.Groups[1].Success ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return month.AddMonths(-back).ToString("yyyyMM", CultureInfo.InvariantCulture);
        });
    }
}

public static class FeedSourceOptionsExtensions
{
    /// <summary>A copy with another URL and/or kind (the configured object is shared and never mutated).</summary>
    public static FeedSourceOptions With(this FeedSourceOptions s, string? url = null, string? kind = null)
    {
        var copy = s.Clone();
        if (url is not null) copy.Url = url;
        if (kind is not null) copy.Kind = kind;
        return copy;
    }
}
