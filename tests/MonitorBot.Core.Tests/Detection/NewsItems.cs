using MonitorBot.Core.Model;

namespace MonitorBot.Core.Tests.Detection;

/// <summary>Synthetic news items for the detector tests.</summary>
internal static class NewsItems
{
    public static readonly DateTimeOffset Now = new(2025, 5, 20, 12, 0, 0, TimeSpan.Zero);

    private static int _counter;

    public static NewsItem Item(
        string titleKey,
        DateTimeOffset published,
        string? outlet = "irrawaddy",
        double relevance = 0.8,
        bool baseline = false,
        string[]? entities = null,
        string? url = null)
    {
        var n = Interlocked.Increment(ref _counter);
        url ??= $"https://example-{n}.org/{titleKey}";
        return new NewsItem(
            SourceId: "test-feed",
            Guid: $"g{n}",
            Url: url,
            CanonicalUrl: url,
            Title: $"Story {titleKey}",
            Summary: null,
            Published: published,
            FetchedAt: published.AddMinutes(5),
            Relevance: relevance,
            Entities: entities ?? ["Kachin State"],
            TitleKey: titleKey,
            Outlet: outlet,
            IsBaseline: baseline);
    }
}
