using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class FeedStateRepositoryTests : StorageTestBase
{
    [Fact]
    public async Task UpsertAsync_FullState_RoundTrips()
    {
        var state = new FeedState(
            "rss-irrawaddy", "rss", FeedStatus.Degraded, "3 failures", "\"abc\"", "Mon, 24 Mar 2025 08:00:00 GMT",
            T0, T0.AddHours(-1), "HTTP 503", 3, T0.AddMinutes(20), BaselineDone: true, ItemsTotal: 1234);

        await Storage.FeedStates.UpsertAsync(state, Ct);
        var read = await Storage.FeedStates.GetAsync("rss-irrawaddy", Ct);

        Assert.Equal(state, read);
    }

    [Fact]
    public async Task UpsertAsync_ExistingSource_Replaces()
    {
        await Storage.FeedStates.UpsertAsync(new FeedState("gdelt", "gdelt", FeedStatus.New), Ct);

        await Storage.FeedStates.UpsertAsync(new FeedState("gdelt", "gdelt", FeedStatus.Ok, LastSuccess: T0, ItemsTotal: 5), Ct);

        var all = await Storage.FeedStates.ListAsync(Ct);
        var only = Assert.Single(all);
        Assert.Equal((FeedStatus.Ok, T0, 5L), (only.Status, only.LastSuccess, only.ItemsTotal));
        Assert.Null(only.ETag);
    }

    [Fact]
    public async Task GetAsync_Unknown_ReturnsNull()
    {
        Assert.Null(await Storage.FeedStates.GetAsync("nope", Ct));
    }

    [Theory]
    [InlineData(FeedStatus.New, "new")]
    [InlineData(FeedStatus.Ok, "ok")]
    [InlineData(FeedStatus.Degraded, "degraded")]
    [InlineData(FeedStatus.Disabled, "disabled")]
    public async Task UpsertAsync_Status_StoredAsText(FeedStatus status, string text)
    {
        await Storage.FeedStates.UpsertAsync(new FeedState("s", "csv", status), Ct);

        Assert.Equal(text, await ScalarAsync<string>("SELECT status FROM feeds"));
        Assert.Equal(status, (await Storage.FeedStates.GetAsync("s", Ct))!.Status);
    }
}

public sealed class SettingsRepositoryTests : StorageTestBase
{
    [Fact]
    public async Task SetAsync_ThenGetAndList_ReturnsValues()
    {
        await Storage.Settings.SetAsync("alerts.channel", "123", "admin#1", Ct);
        await Storage.Settings.SetAsync("a.first", "x", null, Ct);

        Assert.Equal("123", await Storage.Settings.GetAsync("alerts.channel", Ct));
        Assert.Null(await Storage.Settings.GetAsync("missing", Ct));
        Assert.Equal(["a.first", "alerts.channel"], (await Storage.Settings.ListAsync(Ct)).Keys);
    }

    [Fact]
    public async Task SetAsync_ExistingKey_OverwritesWithTimeAndAuthor()
    {
        await Storage.Settings.SetAsync("k", "1", "alice", Ct);
        Time.Advance(TimeSpan.FromMinutes(5));

        await Storage.Settings.SetAsync("k", "2", "bob", Ct);

        Assert.Equal("2", await Storage.Settings.GetAsync("k", Ct));
        Assert.Equal("bob", await ScalarAsync<string>("SELECT updated_by FROM settings WHERE key = 'k'"));
        Assert.Equal(T0.AddMinutes(5).ToUnixTimeMilliseconds(), await ScalarAsync<long>("SELECT updated_at FROM settings WHERE key = 'k'"));
    }

    [Fact]
    public async Task DeleteAsync_ExistingAndMissing_ReportsWhetherRemoved()
    {
        await Storage.Settings.SetAsync("k", "1", "alice", Ct);

        Assert.True(await Storage.Settings.DeleteAsync("k", Ct));
        Assert.False(await Storage.Settings.DeleteAsync("k", Ct));
        Assert.Empty(await Storage.Settings.ListAsync(Ct));
    }
}

public sealed class RegistrationTests : IDisposable
{
    private readonly MonitorBot.Tests.Shared.TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task AddMonitorBotStorage_Configured_ResolvesPortsToSingletons()
    {
        var path = _directory.File("di.db");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = path, ["Storage:BusyTimeout"] = "00:00:02" })
            .Build();
        await using var provider = new ServiceCollection().AddMonitorBotStorage(configuration).BuildServiceProvider();

        var factory = provider.GetRequiredService<SqliteConnectionFactory>();
        await provider.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);
        await provider.GetRequiredService<IFeedStateStore>().UpsertAsync(new FeedState("x", "rss", FeedStatus.New), CancellationToken.None);

        Assert.Equal(path, factory.DatabasePath);
        Assert.Same(provider.GetRequiredService<IngestRepository>(), provider.GetRequiredService<IIngestStore>());
        Assert.Same(provider.GetRequiredService<StatusReadModel>(), provider.GetRequiredService<IStatusReader>());
        Assert.Same(provider.GetRequiredService<PriceHistoryRepository>(), provider.GetRequiredService<IPriceHistory>());
        Assert.NotNull(provider.GetRequiredService<SettingsRepository>());
        Assert.Same(provider.GetRequiredService<AlertRepository>(), provider.GetRequiredService<IAlertStore>());
        Assert.Same(provider.GetRequiredService<AlertRepository>(), provider.GetRequiredService<IOutbox>());
        Assert.Same(provider.GetRequiredService<SubscriptionRepository>(), provider.GetRequiredService<ISubscriptionStore>());
        Assert.Same(provider.GetRequiredService<NewsReadRepository>(), provider.GetRequiredService<INewsReader>());
        Assert.Single(await provider.GetRequiredService<IStatusReader>().ReadAsync(new StatusQuery(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), []), CancellationToken.None) is { } s ? s.Feeds : []);
        await using var connection = await factory.OpenAsync(CancellationToken.None);
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA busy_timeout";
        Assert.Equal(2000L, await command.ExecuteScalarAsync(CancellationToken.None));
        factory.ClearPool();
    }

    [Fact]
    public async Task AddMonitorBotStorage_AdminRepositories_ResolveAsWorkingSingletons()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Path"] = _directory.File("admin.db") })
            .Build();
        await using var provider = new ServiceCollection().AddMonitorBotStorage(configuration).BuildServiceProvider();
        await provider.GetRequiredService<MigrationRunner>().MigrateAsync(CancellationToken.None);

        var admin = provider.GetRequiredService<AdminConfigRepository>();
        await admin.ApplyAsync(new Dictionary<string, string?> { ["Feeds:Timeout"] = "00:00:10" }, "cli-user", ConfigOrigins.Cli, CancellationToken.None);
        await admin.ApplyAsync(new Dictionary<string, string?> { ["Feeds:RemovedSources:x"] = "true" }, "cli-user", ConfigOrigins.Cli, CancellationToken.None);

        Assert.Same(admin, provider.GetRequiredService<AdminConfigRepository>());
        Assert.Same(provider.GetRequiredService<ConfigAuditRepository>(), provider.GetRequiredService<ConfigAuditRepository>());
        Assert.Equal(2, (await provider.GetRequiredService<ConfigAuditRepository>().ListAsync(null, 10, CancellationToken.None)).Count);
        provider.GetRequiredService<SqliteConnectionFactory>().ClearPool();
    }
}
