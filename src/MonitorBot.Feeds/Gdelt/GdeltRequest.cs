namespace MonitorBot.Feeds.Gdelt;

/// <summary>Builds the DOC 2.0 artlist request URL from a source's <see cref="FeedSourceOptions.Query"/>.</summary>
public static class GdeltRequest
{
    public const string DefaultEndpoint = "https://api.gdeltproject.org/api/v2/doc/doc";
    public const string DefaultTimespan = "24h";
    public const int MaxRecords = 250;

    /// <summary>
    /// The configured URL when it already has a query string (or no Query is set); otherwise
    /// <c>{Url or the DOC endpoint}?query=…&amp;mode=artlist&amp;format=json&amp;maxrecords=250&amp;sort=DateDesc&amp;timespan=24h</c>.
    /// </summary>
    public static string BuildUrl(FeedSourceOptions source)
    {
        ArgumentNullException.ThrowIfNull(source);
        var url = source.Url?.Trim() ?? "";
        if (url.Contains('?', StringComparison.Ordinal) || string.IsNullOrWhiteSpace(source.Query)) return url;
        if (url.Length == 0) url = DefaultEndpoint;
        var timespan = string.IsNullOrWhiteSpace(source.Timespan) ? DefaultTimespan : source.Timespan.Trim();
        return $"{url}?query={Uri.EscapeDataString(source.Query.Trim())}&mode=artlist&format=json&maxrecords={MaxRecords}&sort=DateDesc&timespan={Uri.EscapeDataString(timespan)}";
    }
}
