using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class SubscriptionRepositoryTests : StorageTestBase
{
    private SubscriptionRepository Subscriptions => Storage.Subscriptions;

    private static AlertSubscription Sub(string channel, IReadOnlyList<string> topics, AlertSeverity min = AlertSeverity.Warning, Dictionary<AlertSeverity, string>? roles = null) =>
        new(channel, topics, min, roles ?? [], "admin#1", T0.AddTicks(12_345));

    [Fact]
    public async Task UpsertAsync_NewAndReplaced_ListsLatestWithRoles()
    {
        await Subscriptions.UpsertAsync(Sub("200", [AlertTopics.News]), Ct);
        await Subscriptions.UpsertAsync(Sub("100", [AlertTopics.Price, AlertTopics.Trade], AlertSeverity.Info), Ct);
        await Subscriptions.UpsertAsync(
            Sub("100", [AlertTopics.Price, " Health ", AlertTopics.Price], AlertSeverity.Critical, new() { [AlertSeverity.Critical] = "role-oncall", [AlertSeverity.Warning] = "role-watch", [AlertSeverity.Info] = " " }),
            Ct);

        var list = await Subscriptions.ListAsync(Ct);

        Assert.Equal(["100", "200"], list.Select(s => s.ChannelId));
        var replaced = list[0];
        Assert.Equal([AlertTopics.Price, AlertTopics.Health], replaced.Topics);
        Assert.Equal(AlertSeverity.Critical, replaced.MinSeverity);
        Assert.Equal(2, replaced.MentionRoles.Count);
        Assert.Equal("role-oncall", replaced.MentionRoles[AlertSeverity.Critical]);
        Assert.Equal("role-watch", replaced.MentionRoles[AlertSeverity.Warning]);
        Assert.False(replaced.MentionRoles.ContainsKey(AlertSeverity.Info));
        Assert.Equal("admin#1", replaced.CreatedBy);
        Assert.Equal(UnixMs.Round(T0.AddTicks(12_345)), replaced.CreatedAt);
        Assert.Empty(list[1].MentionRoles);
        Assert.Equal(AlertSeverity.Warning, list[1].MinSeverity);
    }

    [Fact]
    public async Task UpsertAsync_TopicWithComma_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Subscriptions.UpsertAsync(Sub("1", ["price,news"]), Ct));

        Assert.Empty(await Subscriptions.ListAsync(Ct));
    }

    [Fact]
    public async Task RemoveAsync_SomeTopics_KeepsTheRestAndDeletesWhenEmpty()
    {
        await Subscriptions.UpsertAsync(Sub("100", [AlertTopics.Price, AlertTopics.News, AlertTopics.Trade]), Ct);

        Assert.True(await Subscriptions.RemoveAsync("100", [AlertTopics.News], Ct));
        Assert.Equal([AlertTopics.Price, AlertTopics.Trade], Assert.Single(await Subscriptions.ListAsync(Ct)).Topics);

        Assert.False(await Subscriptions.RemoveAsync("100", [AlertTopics.News, AlertTopics.Health], Ct));
        Assert.False(await Subscriptions.RemoveAsync("999", null, Ct));

        Assert.True(await Subscriptions.RemoveAsync("100", ["PRICE", AlertTopics.Trade], Ct));
        Assert.Empty(await Subscriptions.ListAsync(Ct));
        Assert.Equal(0, await ScalarAsync<long>("SELECT count(*) FROM subscriptions"));
    }

    [Fact]
    public async Task RemoveAsync_NullTopics_DeletesTheChannelOnly()
    {
        await Subscriptions.UpsertAsync(Sub("100", [AlertTopics.Price, AlertTopics.News]), Ct);
        await Subscriptions.UpsertAsync(Sub("200", [AlertTopics.Price]), Ct);

        Assert.True(await Subscriptions.RemoveAsync("100", null, Ct));

        Assert.Equal("200", Assert.Single(await Subscriptions.ListAsync(Ct)).ChannelId);
        Assert.False(await Subscriptions.RemoveAsync("100", null, Ct));
    }
}
