namespace MonitorBot.Storage.Tests;

public sealed class AdminFeedRepositoryTests : StorageTestBase
{
    private static AdminFeed Feed(string id, params (string Key, string Value)[] settings) =>
        new(id, settings.ToDictionary(p => p.Key, p => p.Value), "ignored", default, default);

    private static readonly (string, string)[] Rss = [("Kind", "rss"), ("Url", "https://example.org/feed.xml"), ("Interval", "00:30:00")];

    [Fact]
    public async Task UpsertAsync_NewFeed_ListsItAndAudits()
    {
        var stored = await Storage.AdminFeeds.UpsertAsync(Feed("rss-kachin", Rss), "user:7", Ct);

        var feed = Assert.Single(await Storage.AdminFeeds.ListAsync(Ct));
        Assert.Equal(("rss-kachin", "user:7", T0, T0), (feed.Id, feed.CreatedBy, feed.CreatedAt, feed.UpdatedAt));
        Assert.Equal(Rss.ToDictionary(p => p.Item1, p => p.Item2), feed.Settings.ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal("https://example.org/feed.xml", feed.Settings["url"]);
        Assert.Equal(feed.Settings.Count, stored.Settings.Count);
        var audit = Assert.Single(await Storage.ConfigAudit.ListAsync("Feeds:Sources:", 10, Ct));
        Assert.Equal(("Feeds:Sources:rss-kachin", "discord", "user:7", (string?)null), (audit.Key, audit.Origin, audit.Who, audit.OldValue));
        Assert.Equal("""{"Interval":"00:30:00","Kind":"rss","Url":"https://example.org/feed.xml"}""", audit.NewValue);
    }

    [Fact]
    public async Task UpsertAsync_ChangedSettings_KeepsCreatorAndAuditsOldAndNew()
    {
        await Storage.AdminFeeds.UpsertAsync(Feed("f", ("Kind", "rss"), ("Url", "https://a.example/x")), "alice", Ct);
        Time.Advance(TimeSpan.FromHours(2));

        var stored = await Storage.AdminFeeds.UpsertAsync(Feed("f", ("Kind", "rss"), ("Url", "https://b.example/x")), "bob", ConfigOrigins.Cli, Ct);

        Assert.Equal(("alice", T0, T0.AddHours(2), "https://b.example/x"), (stored.CreatedBy, stored.CreatedAt, stored.UpdatedAt, stored.Settings["Url"]));
        Assert.Equal(stored.UpdatedAt, (await Storage.AdminFeeds.GetAsync("F", Ct))!.UpdatedAt);
        var audit = (await Storage.ConfigAudit.ListAsync(null, 10, Ct))[0];
        Assert.Equal(("bob", "cli"), (audit.Who, audit.Origin));
        Assert.Equal("""{"Kind":"rss","Url":"https://a.example/x"}""", audit.OldValue);
        Assert.Equal("""{"Kind":"rss","Url":"https://b.example/x"}""", audit.NewValue);
    }

    [Fact]
    public async Task UpsertAsync_SameSettingsInOtherOrder_WritesNothing()
    {
        await Storage.AdminFeeds.UpsertAsync(Feed("f", ("Kind", "rss"), ("Url", "https://a.example/x")), "alice", Ct);
        Time.Advance(TimeSpan.FromHours(2));

        var stored = await Storage.AdminFeeds.UpsertAsync(Feed("f", ("Url", "https://a.example/x"), ("Kind", "rss")), "bob", Ct);

        Assert.Equal(T0, stored.UpdatedAt);
        Assert.Single(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
    }

    [Fact]
    public async Task UpsertAsync_HeaderValues_StoredButRedactedInAudit()
    {
        await Storage.AdminFeeds.UpsertAsync(Feed("p", ("Kind", "json-price"), ("Headers:X-Api-Key", "s3cret")), "alice", Ct);

        Assert.Equal("s3cret", (await Storage.AdminFeeds.GetAsync("p", Ct))!.Settings["Headers:X-Api-Key"]);
        var audit = Assert.Single(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
        Assert.DoesNotContain("s3cret", audit.NewValue, StringComparison.Ordinal);
        Assert.Contains(AdminFeedRepository.Redacted, audit.NewValue, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissing_ReportsAndAuditsOnlyRealDeletes()
    {
        await Storage.AdminFeeds.UpsertAsync(Feed("f", ("Kind", "rss")), "alice", Ct);

        Assert.True(await Storage.AdminFeeds.DeleteAsync("f", "bob", Ct));
        Assert.False(await Storage.AdminFeeds.DeleteAsync("f", "bob", Ct));

        Assert.Empty(await Storage.AdminFeeds.ListAsync(Ct));
        Assert.Null(await Storage.AdminFeeds.GetAsync("f", Ct));
        var audit = await Storage.ConfigAudit.ListAsync(null, 10, Ct);
        Assert.Equal(2, audit.Count);
        Assert.Equal(("bob", """{"Kind":"rss"}""", (string?)null), (audit[0].Who, audit[0].OldValue, audit[0].NewValue));
    }

    [Fact]
    public async Task SetRemovedAsync_RemoveAndRestore_ListsAndAuditsEachRealChange()
    {
        Assert.True(await Storage.AdminFeeds.SetRemovedAsync("gdelt-kachin", true, "alice", Ct));
        Assert.False(await Storage.AdminFeeds.SetRemovedAsync("gdelt-kachin", true, "alice", Ct));
        Assert.True(await Storage.AdminFeeds.SetRemovedAsync("comtrade", true, "alice", Ct));
        Assert.Equal(new HashSet<string> { "gdelt-kachin", "comtrade" }, (await Storage.AdminFeeds.ListRemovedAsync(Ct)).ToHashSet());
        Time.Advance(TimeSpan.FromMinutes(1));

        Assert.True(await Storage.AdminFeeds.SetRemovedAsync("GDELT-KACHIN", false, "bob", Ct));
        Assert.False(await Storage.AdminFeeds.SetRemovedAsync("never-removed", false, "bob", Ct));

        var removed = await Storage.AdminFeeds.ListRemovedAsync(Ct);
        Assert.Equal(["comtrade"], removed);
        Assert.Contains("COMTRADE", removed);
        var audit = await Storage.ConfigAudit.ListAsync("feeds:sources:gdelt", 10, Ct);
        Assert.Equal(
            [("bob", "removed", "restored", T0.AddMinutes(1)), ("alice", null, "removed", T0)],
            audit.Select(a => (a.Who, a.OldValue, a.NewValue, a.At)));
        Assert.Equal(3, (await Storage.ConfigAudit.ListAsync(null, 10, Ct)).Count);
    }

    [Fact]
    public async Task UpsertAsync_UnknownOrigin_ThrowsAndWritesNothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.AdminFeeds.UpsertAsync(Feed("f", ("Kind", "rss")), "alice", "email", Ct));

        Assert.Empty(await Storage.AdminFeeds.ListAsync(Ct));
    }
}
