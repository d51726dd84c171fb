using Dapper;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using MonitorBot.Storage;
using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Hosting;
using MonitorBot.Worker.Tests.Support;

namespace MonitorBot.Worker.Tests.Cli;

/// <summary>Issue 11: nothing the user did not name is overwritten; read-only verbs never create; price add input safety; one worker per database.</summary>
public sealed class CliSafetyTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 25, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A migrated, empty MonitorBot database at <paramref name="path"/>.</summary>
    internal static async Task CreateDatabaseAsync(string path)
    {
        var factory = new SqliteConnectionFactory(Options.Create(new StorageOptions { Path = path }));
        await new MigrationRunner(factory).MigrateAsync(CancellationToken.None);
        factory.ClearPool();
    }

    private static async Task<long> ScalarAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        await connection.OpenAsync();
        return await connection.ExecuteScalarAsync<long>(sql);
    }

    [Fact]
    public async Task Demo_DbIsATextFile_RefusedAndFileUntouched()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var readme = dir.File("README.md");
        await File.WriteAllTextAsync(readme, "# my notes\n");

        var run = await CliRunner.RunAsync(dir, null, "demo", "--db", readme);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("refusing to overwrite", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
        Assert.Equal("# my notes\n", await File.ReadAllTextAsync(readme));
    }

    [Fact]
    public async Task Demo_DbIsARealMonitorBotDatabase_RefusedAndDataKept()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);
        Assert.Equal(0, (await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxide", "6550", "--at", "2025-03-24")).ExitCode);
        var other = dir.File("other.db");
        SqliteConnection.ClearAllPools();
        File.Copy(TestConfig.DatabasePath(dir), other);
        if (File.Exists(TestConfig.DatabasePath(dir) + "-wal")) File.Copy(TestConfig.DatabasePath(dir) + "-wal", other + "-wal");
        TestConfig.Write(dir, [], root => root["Storage"]!["Path"] = dir.File("elsewhere.db"));

        var run = await CliRunner.RunAsync(dir, null, "demo", "--db", other);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("the demo did not create", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync(other, "SELECT count(*) FROM price_observations"));
    }

    [Theory]
    [InlineData("health")]
    [InlineData("status")]
    [InlineData("feeds")]
    [InlineData("config", "show")]
    [InlineData("config", "history")]
    public async Task ReadOnlyVerb_MissingDatabase_ExitsOneAndCreatesNothing(params string[] verb)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, [], root => root["Storage"]!["Path"] = dir.File("no/such.db"));

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), verb);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("database not found: " + dir.File("no/such.db"), run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(dir.File("no/such.db")));
        Assert.False(Directory.Exists(dir.File("no")));
    }

    [Fact]
    public async Task Health_DbOptionMissing_ExitsOneAndCreatesNothing()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var missing = dir.File("such.db");

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "health", "--db", missing);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal($"monitorbot: error: database not found: {missing}", run.Error.Trim());
        Assert.False(File.Exists(missing));
    }

    [Fact]
    public async Task Status_OlderSchema_ClearMessageAndNotMigrated()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var path = TestConfig.DatabasePath(dir);
        await using (var connection = new SqliteConnection($"Data Source={path};Pooling=False"))
        {
            await connection.OpenAsync();
            await connection.ExecuteAsync("CREATE TABLE t (x INTEGER); PRAGMA user_version = 1;");
        }

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "status");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("schema version 1", run.Error, StringComparison.Ordinal);
        Assert.Equal(1, await ScalarAsync(path, "PRAGMA user_version"));
    }

    [Theory]
    [InlineData("6,550")]
    [InlineData("6,5")]
    public async Task PriceAdd_DecimalComma_RefusedAsAmbiguous(string value)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "add", "tb-oxide", value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("ambiguous", run.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(TestConfig.DatabasePath(dir)));
    }

    [Fact]
    public async Task PriceAdd_UnknownSeries_SuggestsNearestAndNeedsNewSeries()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);

        var typo = await CliRunner.RunAsync(dir, time, "price", "add", "tb-oxde", "6550");
        var started = await CliRunner.RunAsync(dir, time, "price", "add", "ho-oxide", "500", "--new-series");
        var second = await CliRunner.RunAsync(dir, time, "price", "add", "ho-oxide", "510", "--at", "2025-03-20");

        Assert.Equal(2, typo.ExitCode);
        Assert.Contains("did you mean tb-oxide?", typo.Error, StringComparison.Ordinal);
        Assert.Equal(0, started.ExitCode);
        Assert.Equal(0, second.ExitCode);
        Assert.Equal(0, await ScalarAsync(TestConfig.DatabasePath(dir), "SELECT count(*) FROM price_observations WHERE series_id = 'tb-oxde'"));
    }

    [Theory]
    [InlineData("--currency", "cnyy", "3-letter")]
    [InlineData("--currency", "USD", "quoted in CNY/kg, not USD/kg")]
    [InlineData("--unit", "t", "quoted in CNY/kg, not CNY/t")]
    [InlineData("--unit", "", "--unit")]
    public async Task PriceAdd_UnitOrCurrencyMismatch_Refused(string option, string value, string expected)
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "add", "tb-oxide", "6550", option, value);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains(expected, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriceAdd_SameTimeAndSourceNewValue_SaysReplacedOldToNew()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var time = new FakeTimeProvider(Now);

        await CliRunner.RunAsync(dir, time, "price", "add", "dy-oxide", "1665", "--at", "2025-03-24");
        var again = await CliRunner.RunAsync(dir, time, "price", "add", "dy-oxide", "1700", "--at", "2025-03-24");

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("Replaced dy-oxide", again.Out, StringComparison.Ordinal);
        Assert.Contains("1,665 -> 1,700", again.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PriceAdd_MissingArgument_NamedOnce()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "price", "add", "tb-oxide");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("missing argument <value>", run.Error, StringComparison.Ordinal);
        var lines = run.Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(lines.Length, lines.Distinct().Count());
    }

    [Fact]
    public async Task Run_SecondWorkerOnTheSameDatabase_RefusedNamingTheHolder()
    {
        using var dir = new TempDirectory();
        TestConfig.Write(dir, []);
        var path = TestConfig.DatabasePath(dir);
        using var holder = WorkerLock.TryAcquire(path, Now, out var first);
        Assert.NotNull(holder);
        Assert.Null(first);

        var run = await CliRunner.RunAsync(dir, new FakeTimeProvider(Now), "run");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"another worker already runs on {path} (pid {Environment.ProcessId} on {Environment.MachineName}, since 2025-03-25T09:00:00Z)", run.Error, StringComparison.Ordinal);
        Assert.Single(run.Error.Trim().Split('\n'));
    }

    [Fact]
    public void WorkerLock_ReleasedOnDispose_CanBeTakenAgain()
    {
        using var dir = new TempDirectory();
        var path = dir.File("db.db");

        var first = WorkerLock.TryAcquire(path, Now, out _);
        var blocked = WorkerLock.TryAcquire(path, Now, out var refusal);
        first!.Dispose();
        using var again = WorkerLock.TryAcquire(path, Now, out _);

        Assert.Null(blocked);
        Assert.NotNull(refusal);
        Assert.NotNull(again);
    }
}
