using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>Helpers shared by the news detectors.</summary>
public static class NewsEvidence
{
    /// <summary>
    /// The outlet an item stands for: its <see cref="NewsItem.Outlet"/> when set, else the host of its canonical URL
    /// (without "www."), else its source id. Lower-case.
    /// </summary>
    public static string OutletOf(NewsItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!string.IsNullOrWhiteSpace(item.Outlet))
        {
            return item.Outlet.Trim().ToLowerInvariant();
        }

        foreach (var url in new[] { item.CanonicalUrl, item.Url })
        {
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
            {
                var host = uri.Host.ToLowerInvariant();
                return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
            }
        }

        return item.SourceId.ToLowerInvariant();
    }

    /// <summary>The key that groups copies of one story: its title key, else its canonical URL.</summary>
    public static string StoryKey(NewsItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return string.IsNullOrWhiteSpace(item.TitleKey) ? item.CanonicalUrl : item.TitleKey;
    }
}
