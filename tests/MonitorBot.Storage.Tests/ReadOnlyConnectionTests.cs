using Dapper;
using Microsoft.Extensions.Options;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

public sealed class ReadOnlyConnectionTests
{
    private static SqliteConnectionFactory Factory(string path, bool readOnly) =>
        new(Options.Create(new StorageOptions { Path = path, ReadOnly = readOnly }));

    [Fact]
    public async Task OpenAsync_ReadOnlyMissingFile_ThrowsAndCreatesNothing()
    {
        using var dir = new TempDirectory();
        var path = dir.File("sub/none.db");

        var ex = await Assert.ThrowsAsync<DatabaseMissingException>(() => Factory(path, readOnly: true).OpenAsync(CancellationToken.None));

        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(dir.File("sub")));
    }

    [Fact]
    public async Task MigrateAsync_ReadOnlyOlderSchema_ThrowsAndDoesNotMigrate()
    {
        using var dir = new TempDirectory();
        var path = dir.File("old.db");
        var writer = Factory(path, readOnly: false);
        await using (var connection = await writer.OpenAsync(CancellationToken.None))
        {
            await connection.ExecuteAsync("CREATE TABLE t (x INTEGER); PRAGMA user_version = 1;");
        }

        var reader = Factory(path, readOnly: true);
        var ex = await Assert.ThrowsAsync<DatabaseTooOldException>(() => new MigrationRunner(reader).MigrateAsync(CancellationToken.None));

        Assert.Contains("schema version 1", ex.Message, StringComparison.Ordinal);
        Assert.Equal(1, await new MigrationRunner(reader).GetVersionAsync(CancellationToken.None));
        writer.ClearPool();
        reader.ClearPool();
    }

    [Fact]
    public async Task OpenAsync_ReadOnly_WritesRefused()
    {
        using var dir = new TempDirectory();
        var path = dir.File("db.db");
        var writer = Factory(path, readOnly: false);
        await new MigrationRunner(writer).MigrateAsync(CancellationToken.None);

        var reader = Factory(path, readOnly: true);
        Assert.Equal(new MigrationRunner(reader).LatestVersion, await new MigrationRunner(reader).MigrateAsync(CancellationToken.None));
        await using var connection = await reader.OpenAsync(CancellationToken.None);
        await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteAsync("CREATE TABLE nope (x INTEGER);"));
        writer.ClearPool();
        reader.ClearPool();
    }
}
