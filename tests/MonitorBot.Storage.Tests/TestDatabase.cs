using Microsoft.Data.Sqlite;
using MonitorBot.Core.Model;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Storage.Tests;

/// <summary>A migrated temp-file database, created fresh for each test (xunit builds one test class instance per test).</summary>
public abstract class StorageTestBase : IAsyncLifetime, IDisposable
{
    protected static readonly DateTimeOffset T0 = new(2025, 3, 24, 8, 0, 0, TimeSpan.Zero);

    private readonly TempDirectory _directory = new();

    protected StorageTestBase()
    {
        Time = new FakeTimeProvider(T0);
        Storage = MonitorBotStorage.Create(_directory.File("monitorbot.db"), Time);
    }

    protected FakeTimeProvider Time { get; }

    protected MonitorBotStorage Storage { get; }

    protected string DirectoryPath => _directory.Path;

    protected static CancellationToken Ct => CancellationToken.None;

    public async Task InitializeAsync() => await Storage.Migrations.MigrateAsync(Ct);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        Storage.Dispose();
        _directory.Dispose();
        GC.SuppressFinalize(this);
    }

    protected async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = await Storage.Factory.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        var value = await command.ExecuteScalarAsync(Ct);
        return (T)Convert.ChangeType(value!, typeof(T), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected async Task ExecAsync(string sql)
    {
        await using var connection = await Storage.Factory.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(Ct);
    }

    protected async Task<List<string>> QueryPlanAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await Storage.Factory.OpenAsync(Ct);
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.Add(new SqliteParameter(name, value));
        }

        var lines = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            lines.Add(reader.GetString(3));
        }

        return lines;
    }
}

/// <summary>Synthetic records in the real shapes.</summary>
internal static class Make
{
    public static PriceObservation Price(string series, DateTimeOffset time, double value, string source = "smm", DateTimeOffset? fetched = null, double? low = null, double? high = null) =>
        new(series, time, value, "CNY/kg", "CNY", source, fetched ?? time.AddHours(1), low, high, "FOB China");

    public static TradeFlow Trade(string period, string hs, double? kg, double? usd = null, int reporter = SeriesIds.ChinaReporterCode, int partner = SeriesIds.MyanmarPartnerCode, string flow = "M", string source = "comtrade", DateTimeOffset? fetched = null) =>
        new(reporter, partner, hs, period, flow, kg, usd, source, fetched ?? new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero));

    public static NewsItem News(string id, DateTimeOffset? published, double relevance = 0.8, string source = "rss-irrawaddy", string? guid = null, string? titleKey = null, DateTimeOffset? fetched = null, string? url = null) =>
        new(
            source,
            guid,
            url ?? $"https://news.example.org/{id}?utm_source=x",
            url ?? $"https://news.example.org/{id}",
            $"KIA tightens grip on Chipwe rare earth mines ({id})",
            "Synthetic summary about heavy rare earth supply from Kachin State.",
            published,
            fetched ?? (published ?? T0Fallback).AddMinutes(5),
            relevance,
            ["KIA", "Chipwe", "dysprosium"],
            titleKey ?? $"key-{id}",
            "Example Outlet");

    private static readonly DateTimeOffset T0Fallback = new(2025, 3, 24, 8, 0, 0, TimeSpan.Zero);
}
