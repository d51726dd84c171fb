using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using MonitorBot.Core.Ports;
using MonitorBot.Storage.Configuration;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

public sealed class SqliteSettingsConfigurationTests : IAsyncLifetime, IDisposable
{
    private static readonly CancellationToken Ct = CancellationToken.None;

    private readonly TempDirectory _directory = new();
    private readonly string _path;
    private readonly MonitorBotStorage _storage;

    public SqliteSettingsConfigurationTests()
    {
        _path = _directory.File("monitorbot.db");
        _storage = MonitorBotStorage.Create(_path, new FakeTimeProvider());
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    private Task SetAsync(string key, string? value) =>
        _storage.AdminConfig.ApplyAsync(new Dictionary<string, string?> { [key] = value }, "admin", ConfigOrigins.Discord, Ct);

    [Fact]
    public void Build_MissingFile_EmptyAndFileNotCreated()
    {
        var path = Path.Combine(_directory.Path, "sub", "missing.db");
        var configuration = new ConfigurationBuilder().AddMonitorBotSettings(path, out var source).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.False(File.Exists(path));
        Assert.False(Directory.Exists(Path.GetDirectoryName(path)));
        Assert.Null(source.Provider!.LastError);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Build_FileWithoutSettingsTable_Empty(bool emptyFile)
    {
        if (emptyFile)
        {
            File.WriteAllBytes(_path, []);
        }
        else
        {
            using var connection = new SqliteConnection($"Data Source={_path};Pooling=False");
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE other (x INTEGER);";
            command.ExecuteNonQuery();
        }

        var configuration = new ConfigurationBuilder().AddMonitorBotSettings(_path, out var source).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.Null(source.Provider!.LastError);
    }

    [Fact]
    public async Task Build_MigratedDatabaseWithOverrides_LoadsThemCaseInsensitively()
    {
        await _storage.Migrations.MigrateAsync(Ct);
        await SetAsync("Feeds:Timeout", "00:00:45");
        await SetAsync("Detection:PriceRules:0:PctVsBaselineWarning", "12");
        _storage.Dispose(); // no pooled connection left: the provider reads the file on its own
        var before = await File.ReadAllBytesAsync(_path, Ct);

        var configuration = new ConfigurationBuilder().AddMonitorBotSettings(_path).Build();

        Assert.Equal("00:00:45", configuration["feeds:timeout"]);
        Assert.Equal("12", configuration.GetSection("Detection:PriceRules:0")["PctVsBaselineWarning"]);
        Assert.Equal(before, await File.ReadAllBytesAsync(_path, Ct));
    }

    [Fact]
    public async Task Reload_AfterChange_FiresTokenAndShowsNewValue()
    {
        await _storage.Migrations.MigrateAsync(Ct);
        await SetAsync("Feeds:Timeout", "00:00:45");
        var configuration = new ConfigurationBuilder().AddMonitorBotSettings(_path, out var source).Build();
        var fired = 0;
        using var registration = configuration.GetReloadToken().RegisterChangeCallback(_ => Interlocked.Increment(ref fired), null);

        await SetAsync("Feeds:Timeout", "00:01:00");
        Assert.Equal("00:00:45", configuration["Feeds:Timeout"]);
        source.Provider!.Reload();

        Assert.Equal("00:01:00", configuration["Feeds:Timeout"]);
        Assert.Equal(1, Volatile.Read(ref fired));
    }

    [Fact]
    public async Task ReloadMonitorBotSettings_ConfigurationManager_FindsProviderAndReloads()
    {
        await _storage.Migrations.MigrateAsync(Ct);
        using var manager = new ConfigurationManager();
        manager.AddInMemoryCollection(new Dictionary<string, string?> { ["Feeds:MaxRetries"] = "2" });
        manager.AddMonitorBotSettings(_path);
        Assert.Equal("2", manager["Feeds:MaxRetries"]);

        await SetAsync("Feeds:MaxRetries", "5");
        var reloaded = manager.ReloadMonitorBotSettings();

        Assert.Equal(1, reloaded);
        Assert.Equal("5", manager["Feeds:MaxRetries"]);
        Assert.Single(manager.GetMonitorBotSettingsProviders());
        Assert.Equal(0, new ConfigurationBuilder().Build().ReloadMonitorBotSettings());
    }

    [Fact]
    public async Task Build_DefaultsThenSqliteThenOverrides_LaterSourcesWin()
    {
        await _storage.Migrations.MigrateAsync(Ct);
        await SetAsync("A", "sqlite");
        await SetAsync("B", "sqlite");
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["A"] = "file", ["B"] = "file", ["C"] = "file" })
            .AddMonitorBotSettings(_path)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["B"] = "env" })
            .Build();

        Assert.Equal(("sqlite", "env", "file"), (configuration["A"], configuration["B"], configuration["C"]));

        await SetAsync("A", null);
        configuration.ReloadMonitorBotSettings();

        Assert.Equal("file", configuration["A"]);
    }

    [Fact]
    public async Task Load_CorruptFile_DoesNotThrowButReloadDoes()
    {
        await File.WriteAllBytesAsync(_path, [.. Enumerable.Repeat((byte)'x', 8192)], Ct);

        var configuration = new ConfigurationBuilder().AddMonitorBotSettings(_path, out var source).Build();

        Assert.Empty(configuration.AsEnumerable());
        Assert.IsType<SqliteException>(source.Provider!.LastError);
        Assert.Throws<SqliteException>(source.Provider.Reload);
    }

    [Fact]
    public void Provider_BeforeBuild_IsNull()
    {
        var source = new SqliteSettingsConfigurationSource("relative.db");

        Assert.Null(source.Provider);
        Assert.True(Path.IsPathRooted(source.DatabasePath));
    }
}
