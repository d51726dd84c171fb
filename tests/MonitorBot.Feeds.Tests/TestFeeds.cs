using System.Text;

namespace MonitorBot.Feeds.Tests;

internal static class TestFeeds
{
    public static readonly DateTimeOffset FetchedAt = new(2025, 3, 28, 12, 0, 0, TimeSpan.Zero);

    public static string FixturePath(string relative) => Path.Combine(AppContext.BaseDirectory, "Fixtures", relative);

    public static FeedSourceOptions Source(string id = "src", string kind = "", string? series = null, Action<FeedSourceOptions>? configure = null)
    {
        var source = new FeedSourceOptions { Id = id, Kind = kind, Url = "https://example.test/feed", Series = series };
        configure?.Invoke(source);
        return source;
    }

    public static FeedParseResult ParseFixture(IFeedParser parser, string relative, FeedSourceOptions? source = null)
    {
        using var stream = File.OpenRead(FixturePath(relative));
        return parser.Parse(stream, new FeedParseContext(source ?? Source(), FetchedAt));
    }

    public static FeedParseResult ParseText(IFeedParser parser, string text, FeedSourceOptions? source = null)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return parser.Parse(stream, new FeedParseContext(source ?? Source(), FetchedAt));
    }

    public static FeedParseResult ParseFile(IFeedParser parser, string path, FeedSourceOptions? source = null, DateTimeOffset? fetchedAt = null)
    {
        using var stream = File.OpenRead(path);
        return parser.Parse(stream, new FeedParseContext(source ?? Source(), fetchedAt ?? FetchedAt));
    }
}
