using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class NewsReadRepositoryTests : StorageTestBase
{
    private NewsReadRepository News => Storage.News;

    private static readonly DateTimeOffset From = T0.AddDays(-30);

    private async Task SeedAsync()
    {
        NewsItem Item(string id, DateTimeOffset published, double relevance, string title, string summary, string? titleKey = null) =>
            Make.News(id, published, relevance, titleKey: titleKey) with { Title = title, Summary = summary };

        await Storage.Ingest.SaveAsync(
            new IngestBatch(
                "test",
                [],
                [],
                [
                    Item("a", T0.AddDays(-1), 0.9, "Dysprosium exports halted at Kanpaiti", "Border gate closed", "dy-halt"),
                    Item("b", T0.AddDays(-2), 0.6, "Terbium price up 50% in a week", "Traders cite the Chipwe closures"),
                    Item("c", T0.AddDays(-3), 0.8, "Junta airstrike near Bhamo", "Rare earth traders report 50 percent fewer trucks"),
                    Item("d", T0.AddDays(-1).AddHours(1), 0.95, "DYSPROSIUM exports halted (syndicated)", "Border gate closed", "dy-halt"),
                    Item("e", T0.AddDays(-4), 0.5, "Pangwa snake_case column test", "Nothing else"),
                    Item("low", T0.AddHours(-1), 0.1, "Dysprosium mention with low relevance", "-"),
                    Item("old", T0.AddDays(-40), 0.9, "Dysprosium old story", "-"),
                ]),
            Ct);
    }

    [Fact]
    public async Task GetRecentAsync_Window_NewestFirstWithDuplicatesAndRelevanceFloor()
    {
        await SeedAsync();

        var recent = await News.GetRecentAsync(From, T0, 0.35, 10, Ct);
        var two = await News.GetRecentAsync(From, T0, 0.35, 2, Ct);
        var narrow = await News.GetRecentAsync(T0.AddDays(-3), T0.AddDays(-2), 0.0, 10, Ct);

        Assert.Equal(["d", "a", "b", "c", "e"], Ids(recent));
        Assert.Equal(["d", "a"], Ids(two));
        Assert.Equal(["b", "c"], Ids(narrow)); // both ends inclusive
        Assert.Equal("dy-halt", recent[0].TitleKey);
        Assert.Equal(recent[0].TitleKey, recent[1].TitleKey);
        Assert.Empty(await News.GetRecentAsync(From, T0, 0.35, 0, Ct));
    }

    [Fact]
    public async Task SearchAsync_NoQuery_NonDuplicatesMostRelevantFirst()
    {
        await SeedAsync();

        Assert.Equal(["a", "c", "b", "e"], Ids(await News.SearchAsync(null, From, T0, 0.35, 10, Ct)));
        Assert.Equal(["a", "c", "b", "e"], Ids(await News.SearchAsync("  ", From, T0, 0.35, 10, Ct)));
        Assert.Equal(["a", "c"], Ids(await News.SearchAsync("", From, T0, 0.35, 2, Ct)));
    }

    [Theory]
    [InlineData("dysprosium", "a")] // case-insensitive; the duplicate "d", the low-relevance and the old item are left out
    [InlineData("KANPAITI", "a")]
    [InlineData("50 percent", "c")] // summary
    [InlineData("50%", "b")] // % is literal: unescaped, "%50%%" would match "50 percent" too
    [InlineData("snake_case", "e")]
    [InlineData("_", "e")] // _ is literal: unescaped it would match every item
    [InlineData("a_e", "")] // unescaped it would match "snake" and "Rare"
    [InlineData("\\", "")]
    [InlineData("'; DROP TABLE news_items; --", "")]
    [InlineData("traders", "c,b")] // most relevant first
    public async Task SearchAsync_Query_SubstringOfTitleOrSummary(string query, string expected)
    {
        await SeedAsync();

        var found = await News.SearchAsync(query, From, T0, 0.35, 10, Ct);

        Assert.Equal(expected.Split(',', StringSplitOptions.RemoveEmptyEntries), Ids(found));
        Assert.Equal(7, await ScalarAsync<long>("SELECT count(*) FROM news_items"));
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData(" ", null)]
    [InlineData("Tb", "%Tb%")]
    [InlineData("50%_\\", "%50\\%\\_\\\\%")]
    public void LikePattern_Query_EscapesWildcards(string? query, string? expected) =>
        Assert.Equal(expected, NewsReadRepository.LikePattern(query));

    [Fact]
    public async Task QueryPlans_RecentAndSearch_UseIndexesWithoutFullScans()
    {
        var recent = await QueryPlanAsync(NewsReadRepository.RecentSql, ("@From", 0L), ("@To", 1L), ("@MinRelevance", 0.35), ("@Limit", 10));
        var search = await QueryPlanAsync(NewsReadRepository.SearchSql, ("@Pattern", "%x%"), ("@From", 0L), ("@To", 1L), ("@MinRelevance", 0.35), ("@Limit", 10));

        var fullScan = new System.Text.RegularExpressions.Regex(@"^SCAN (n|news_items)( |$)");
        Assert.DoesNotContain(recent.Concat(search), line => fullScan.IsMatch(line));
        Assert.Contains(recent, line => line.Contains("ix_news_effective_time", StringComparison.Ordinal));
        Assert.DoesNotContain(recent, line => line.Contains("TEMP B-TREE", StringComparison.Ordinal)); // index order, no sort
        Assert.Contains(search, line => line.Contains("ix_news_recent", StringComparison.Ordinal));
    }

    private static List<string> Ids(IEnumerable<NewsItem> items) =>
        [.. items.Select(n => n.CanonicalUrl[(n.CanonicalUrl.LastIndexOf('/') + 1)..])];
}
