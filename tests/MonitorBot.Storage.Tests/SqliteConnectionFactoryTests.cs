using Dapper;
using Microsoft.Extensions.Options;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

public sealed class SqliteConnectionFactoryTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task OpenAsync_NewFile_AppliesPragmas()
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = _directory.File("p.db"), BusyTimeout = TimeSpan.FromSeconds(7) }));

        await using var connection = await factory.OpenAsync(CancellationToken.None);

        Assert.Equal("wal", await connection.ExecuteScalarAsync<string>("PRAGMA journal_mode"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA foreign_keys"));
        Assert.Equal(1, await connection.ExecuteScalarAsync<long>("PRAGMA synchronous")); // NORMAL
        Assert.Equal(2, await connection.ExecuteScalarAsync<long>("PRAGMA temp_store")); // MEMORY
        Assert.Equal(7000, await connection.ExecuteScalarAsync<long>("PRAGMA busy_timeout"));
    }

    [Fact]
    public async Task OpenAsync_MissingDirectory_CreatesIt()
    {
        var path = Path.Combine(_directory.Path, "nested", "deeper", "x.db");
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = path }));

        await using var connection = await factory.OpenAsync(CancellationToken.None);

        Assert.True(File.Exists(path));
        Assert.Equal(path, factory.DatabasePath);
    }

    [Fact]
    public void DatabasePath_RelativePath_ResolvesAgainstCurrentDirectory()
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions()));

        Assert.Equal(Path.Combine(Directory.GetCurrentDirectory(), "data", "monitorbot.db"), factory.DatabasePath);
        Assert.Contains("Pooling=True", factory.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OpenAsync_ForeignKeyViolation_IsRejected()
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = _directory.File("fk.db") }));
        await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);
        await using var connection = await factory.OpenAsync(CancellationToken.None);

        var ex = await Assert.ThrowsAsync<Microsoft.Data.Sqlite.SqliteException>(() => connection.ExecuteAsync(
            """
            INSERT INTO news_items (source_id, url, canonical_url, title, fetched_at, effective_time, relevance, title_key, duplicate_of)
            VALUES ('s', 'u', 'c', 't', 1, 1, 0.5, 'k', 424242)
            """));

        Assert.Contains("FOREIGN KEY", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenAsync_CancelledToken_ThrowsOperationCanceled()
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = _directory.File("c.db") }));
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => factory.OpenAsync(cts.Token));
    }
}
