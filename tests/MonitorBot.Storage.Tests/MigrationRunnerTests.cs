using Dapper;
using Microsoft.Extensions.Options;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

public sealed class MigrationRunnerTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private SqliteConnectionFactory Factory(string name = "m.db") =>
        new(Options.Create(new StorageOptions { Path = _directory.File(name) }));

    [Fact]
    public void EmbeddedMigrations_Always_StartAtOneWithoutGaps()
    {
        var migrations = MigrationRunner.EmbeddedMigrations;

        Assert.NotEmpty(migrations);
        Assert.Equal(Enumerable.Range(1, migrations.Count), migrations.Select(m => m.Version));
        Assert.Equal("initial", migrations[0].Name);
        Assert.Contains("CREATE TABLE price_observations", migrations[0].Sql, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_EmptyDatabase_CreatesSchemaAndSetsVersion()
    {
        var factory = Factory();
        var runner = new MigrationRunner(factory);

        var version = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(runner.LatestVersion, version);
        Assert.Equal(runner.LatestVersion, await runner.GetVersionAsync(CancellationToken.None));
        await using var connection = await factory.OpenAsync(CancellationToken.None);
        var tables = (await connection.QueryAsync<string>("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")).ToList();
        Assert.Equal(["alert_decisions", "alerts", "config_audit", "evaluation_cursor", "feeds", "ingest_log", "news_items", "outbox", "price_observations", "price_series", "settings", "subscriptions", "trade_flows"], tables);
        var strict = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM pragma_table_list WHERE strict = 1 AND schema = 'main'");
        Assert.Equal(tables.Count, strict);
    }

    [Fact]
    public async Task MigrateAsync_ExistingDatabaseWithData_KeepsDataAndIsIdempotent()
    {
        var factory = Factory();
        await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)");
        }

        // A fresh runner (a restart) on the same file: nothing to do, data kept.
        var again = await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);
        var twice = await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);

        Assert.Equal(MigrationRunner.EmbeddedMigrations.Count, again);
        Assert.Equal(MigrationRunner.EmbeddedMigrations.Count, twice);
        await using var check = await factory.OpenAsync(CancellationToken.None);
        Assert.Equal("v", await check.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE key = 'k'"));
    }

    [Fact]
    public async Task MigrateAsync_VersionOneDatabaseAndNewMigration_AppliesOnlyTheNewStep()
    {
        var factory = Factory();
        await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)");
        }

        var withSecond = MigrationRunner.EmbeddedMigrations
            .Append(new Migration(MigrationRunner.EmbeddedMigrations.Count + 1, "extra", "ALTER TABLE settings ADD COLUMN note TEXT; UPDATE settings SET note = 'migrated';"))
            .ToList();
        var runner = new MigrationRunner(factory, withSecond, null);

        var version = await runner.MigrateAsync(CancellationToken.None);
        var again = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(withSecond.Count, version);
        Assert.Equal(withSecond.Count, again);
        await using var check = await factory.OpenAsync(CancellationToken.None);
        Assert.Equal("v|migrated", await check.ExecuteScalarAsync<string>("SELECT value || '|' || note FROM settings WHERE key = 'k'"));
    }

    [Fact]
    public async Task MigrateAsync_FailingMigration_RollsBackThatStep()
    {
        var factory = Factory();
        var broken = MigrationRunner.EmbeddedMigrations
            .Append(new Migration(MigrationRunner.EmbeddedMigrations.Count + 1, "broken", "CREATE TABLE half_done (x INTEGER); INSERT INTO no_such_table VALUES (1);"))
            .ToList();

        await Assert.ThrowsAnyAsync<Microsoft.Data.Sqlite.SqliteException>(() => new MigrationRunner(factory, broken, null).MigrateAsync(CancellationToken.None));

        var runner = new MigrationRunner(factory);
        Assert.Equal(runner.LatestVersion, await runner.GetVersionAsync(CancellationToken.None));
        await using var connection = await factory.OpenAsync(CancellationToken.None);
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'half_done'"));
    }

    [Fact]
    public async Task MigrateAsync_DatabaseNewerThanCode_Throws()
    {
        var factory = Factory();
        var runner = new MigrationRunner(factory);
        await runner.MigrateAsync(CancellationToken.None);
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync($"PRAGMA user_version = {runner.LatestVersion + 5}");
        }

        var ex = await Assert.ThrowsAsync<DatabaseTooNewException>(() => runner.MigrateAsync(CancellationToken.None));

        Assert.Contains($"schema version {runner.LatestVersion + 5}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MigrateAsync_TwoRunnersAtOnce_BothSucceedAndApplyOnce()
    {
        // Two factories = two independent connection sets, as two processes would have.
        var path = _directory.File("shared.db");
        var runners = Enumerable.Range(0, 4)
            .Select(_ => new MigrationRunner(new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = path }))))
            .ToList();

        var versions = await Task.WhenAll(runners.Select(r => Task.Run(() => r.MigrateAsync(CancellationToken.None))));

        Assert.All(versions, v => Assert.Equal(runners[0].LatestVersion, v));
        await using var connection = await new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = path })).OpenAsync(CancellationToken.None);
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'price_observations'"));
    }

    [Fact]
    public async Task MigrateAsync_VersionOneDatabaseWithData_AddsAlertTablesAndKeepsData()
    {
        var factory = Factory();
        var v1 = new MigrationRunner(factory, [.. MigrationRunner.EmbeddedMigrations.Take(1)], null);
        Assert.Equal(1, await v1.MigrateAsync(CancellationToken.None));
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("INSERT INTO settings (key, value, updated_at) VALUES ('k', 'v', 1)");
            await connection.ExecuteAsync("""
                INSERT INTO news_items (source_id, url, canonical_url, title, fetched_at, effective_time, relevance, title_key)
                VALUES ('rss', 'https://e.org/a', 'https://e.org/a', 'Pangwa mines', 5, 5, 0.9, 'k')
                """);
            Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'alerts'"));
        }

        var runner = new MigrationRunner(factory);
        var version = await runner.MigrateAsync(CancellationToken.None);

        Assert.Equal(runner.LatestVersion, version);
        await using var check = await factory.OpenAsync(CancellationToken.None);
        Assert.Equal("v", await check.ExecuteScalarAsync<string>("SELECT value FROM settings WHERE key = 'k'"));
        Assert.Equal("Pangwa mines", await check.ExecuteScalarAsync<string>("SELECT title FROM news_items"));
        var tables = (await check.QueryAsync<string>("SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('alerts', 'alert_decisions', 'outbox', 'subscriptions') ORDER BY name")).ToList();
        Assert.Equal(["alert_decisions", "alerts", "outbox", "subscriptions"], tables);
        Assert.Equal(1, await check.ExecuteScalarAsync<long>("SELECT count(*) FROM sqlite_schema WHERE name = 'ix_news_effective_time'"));
    }

    [Fact]
    public void Constructor_MigrationsWithGap_Throws()
    {
        var gap = new[] { new Migration(1, "a", "SELECT 1;"), new Migration(3, "c", "SELECT 1;") };

        Assert.Throws<InvalidOperationException>(() => new MigrationRunner(Factory(), gap, null));
    }

    [Fact]
    public async Task MigrateAsync_CancelledToken_ThrowsOperationCanceled()
    {
        var runner = new MigrationRunner(Factory());
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.MigrateAsync(cts.Token));
    }
}
