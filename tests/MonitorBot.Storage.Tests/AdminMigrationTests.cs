using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

public sealed class AdminMigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task MigrateAsync_VersionTwoDatabaseWithData_AddsAdminTablesAndKeepsData()
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = _directory.File("v2.db") }));
        Assert.Equal(2, await new MigrationRunner(factory, [.. MigrationRunner.EmbeddedMigrations.Take(2)], null).MigrateAsync(CancellationToken.None));
        await using (var connection = await factory.OpenAsync(CancellationToken.None))
        {
            // Keys that differ only in case were possible before 0003: the newest one is kept.
            await connection.ExecuteAsync("""
                INSERT INTO settings (key, value, updated_at, updated_by) VALUES
                    ('Feeds:Timeout', '00:00:10', 5, 'alice'),
                    ('feeds:timeout', '00:00:20', 9, 'bob'),
                    ('Alerts:Channel', '123', 7, NULL);
                INSERT INTO subscriptions (channel_id, topics, min_severity, created_by, created_at) VALUES ('42', 'price', 'info', 'x', 1);
                """);
        }

        var runner = new MigrationRunner(factory);
        Assert.Equal(runner.LatestVersion, await runner.MigrateAsync(CancellationToken.None));

        await using var check = await factory.OpenAsync(CancellationToken.None);
        var settings = (await check.QueryAsync<(string Key, string Value, long UpdatedAt, string? UpdatedBy)>(
            "SELECT key, value, updated_at, updated_by FROM settings ORDER BY key")).ToList();
        Assert.Equal([("Alerts:Channel", "123", 7L, (string?)null), ("feeds:timeout", "00:00:20", 9L, "bob")], settings);
        Assert.Equal("price", await check.ExecuteScalarAsync<string>("SELECT topics FROM subscriptions WHERE channel_id = '42'"));
        var strict = (await check.QueryAsync<string>(
            "SELECT name FROM pragma_table_list WHERE strict = 1 AND name IN ('settings', 'config_audit') ORDER BY name")).ToList();
        Assert.Equal(["config_audit", "settings"], strict);
        Assert.Equal(2, await check.ExecuteScalarAsync<long>(
            "SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND name IN ('ix_config_audit_at', 'ix_config_audit_key_at')"));
        // settings keys are case-insensitive now.
        await Assert.ThrowsAsync<SqliteException>(() => check.ExecuteAsync("INSERT INTO settings (key, value, updated_at) VALUES ('ALERTS:CHANNEL', 'x', 1)"));
    }

    [Theory]
    [InlineData("INSERT INTO config_audit (at, who, origin, key) VALUES (1, 'a', 'email', 'k')")]
    [InlineData("INSERT INTO config_audit (at, who, origin, key) VALUES (1, 'a', 'sms', 'k')")]
    public async Task MigrateAsync_Constraints_RefuseBadRows(string sql)
    {
        using var storage = await MonitorBotStorage.OpenAsync(_directory.File("c.db"), TimeProvider.System, null, CancellationToken.None);
        await using var connection = await storage.Factory.OpenAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAsync<SqliteException>(() => connection.ExecuteAsync(sql));

        Assert.Contains("CHECK constraint failed", ex.Message, StringComparison.Ordinal);
    }
}
