using Microsoft.Data.Sqlite;

using MonitorBot.Core.Ports;
namespace MonitorBot.Storage.Tests;

public sealed class AdminConfigRepositoryTests : StorageTestBase
{
    private const string Pct = "Detection:PriceRules:0:PctVsBaselineWarning";

    private static Dictionary<string, string?> Changes(params (string Key, string? Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    [Fact]
    public async Task ApplyAsync_NewKey_StoresOverrideAndAudits()
    {
        var written = await Storage.AdminConfig.ApplyAsync(Changes((Pct, "12")), "user:1", ConfigOrigins.Discord, Ct);

        Assert.Equal("12", (await Storage.AdminConfig.GetOverridesAsync(Ct))[Pct]);
        Assert.Equal("user:1", await ScalarAsync<string>("SELECT updated_by FROM settings"));
        Assert.Equal(T0.ToUnixTimeMilliseconds(), await ScalarAsync<long>("SELECT updated_at FROM settings"));
        var audit = Assert.Single(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
        Assert.Equal(new ConfigAuditEntry(audit.Id, T0, "user:1", "discord", Pct, null, "12", null), audit);
        Assert.True(audit.Id > 0);
        Assert.Equal([audit], written);
    }

    [Fact]
    public async Task ApplyAsync_ChangeAndDelete_AuditsOldAndNewValues()
    {
        await Storage.AdminConfig.ApplyAsync(Changes((Pct, "12"), ("Feeds:Timeout", "00:00:30")), "alice", ConfigOrigins.Discord, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        await Storage.AdminConfig.ApplyAsync(Changes((Pct, "15"), ("Feeds:Timeout", null)), "bob", ConfigOrigins.Cli, "tuning", Ct);

        var overrides = await Storage.AdminConfig.GetOverridesAsync(Ct);
        Assert.Equal([Pct], overrides.Keys);
        Assert.Equal("15", overrides[Pct]);
        var audit = await Storage.ConfigAudit.ListAsync(null, 10, Ct);
        Assert.Equal(4, audit.Count);
        // Newest first; within one change set, the later key first.
        Assert.Equal(
            [
                ("Feeds:Timeout", "00:00:30", null, "bob", "cli", "tuning", T0.AddMinutes(1)),
                (Pct, "12", "15", "bob", "cli", "tuning", T0.AddMinutes(1)),
            ],
            audit.Take(2).Select(a => (a.Key, a.OldValue, a.NewValue, a.Who, a.Origin, a.Note, a.At)));
    }

    [Fact]
    public async Task ApplyAsync_UnchangedValueOrMissingDelete_WritesNothing()
    {
        await Storage.AdminConfig.ApplyAsync(Changes((Pct, "12")), "alice", ConfigOrigins.Discord, Ct);
        Time.Advance(TimeSpan.FromMinutes(1));

        var written = await Storage.AdminConfig.ApplyAsync(Changes((Pct, "12"), ("Never:Set", null)), "bob", ConfigOrigins.Discord, Ct);

        Assert.Empty(written);
        Assert.Single(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
        Assert.Equal("alice", await ScalarAsync<string>("SELECT updated_by FROM settings"));
    }

    [Fact]
    public async Task ApplyAsync_KeyInOtherCase_UpdatesTheSameOverride()
    {
        await Storage.AdminConfig.ApplyAsync(Changes(("feeds:timeout", "00:00:10")), "alice", ConfigOrigins.Discord, Ct);

        await Storage.AdminConfig.ApplyAsync(Changes(("Feeds:Timeout", "00:00:20")), "alice", ConfigOrigins.Discord, Ct);

        var overrides = await Storage.AdminConfig.GetOverridesAsync(Ct);
        Assert.Equal(["Feeds:Timeout"], overrides.Keys);
        Assert.Equal("00:00:20", overrides["FEEDS:TIMEOUT"]);
        Assert.Equal("00:00:10", (await Storage.ConfigAudit.ListAsync(null, 1, Ct))[0].OldValue);
    }

    [Fact]
    public async Task ApplyAsync_FailureMidway_RollsBackSettingsAndAudit()
    {
        await Storage.AdminConfig.ApplyAsync(Changes(("A", "1")), "alice", ConfigOrigins.Discord, Ct);
        await ExecAsync("CREATE TRIGGER boom BEFORE INSERT ON config_audit WHEN NEW.key = 'Boom' BEGIN SELECT RAISE(ABORT, 'boom'); END;");

        await Assert.ThrowsAsync<SqliteException>(() =>
            Storage.AdminConfig.ApplyAsync(Changes(("A", "2"), ("B", "1"), ("Boom", "x")), "bob", ConfigOrigins.Discord, Ct));

        var overrides = await Storage.AdminConfig.GetOverridesAsync(Ct);
        Assert.Equal(["A"], overrides.Keys);
        Assert.Equal("1", overrides["A"]);
        Assert.Single(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
    }

    [Theory]
    [InlineData("", "discord")]
    [InlineData("alice", "email")]
    [InlineData("alice", "Discord")]
    public async Task ApplyAsync_BadWhoOrOrigin_ThrowsAndWritesNothing(string who, string origin)
    {
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Storage.AdminConfig.ApplyAsync(Changes(("A", "1")), who, origin, Ct));

        Assert.Empty(await Storage.AdminConfig.GetOverridesAsync(Ct));
    }

    [Fact]
    public async Task ApplyAsync_EmptyKey_Throws()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.AdminConfig.ApplyAsync(Changes(("A", "1"), (" ", "2")), "alice", ConfigOrigins.Discord, Ct));

        Assert.Empty(await Storage.AdminConfig.GetOverridesAsync(Ct));
    }

    [Fact]
    public async Task ReplaceAllAsync_NewSet_BecomesExactlyThatWithOneAuditRowPerChange()
    {
        await Storage.AdminConfig.ApplyAsync(Changes(("a", "1"), ("b", "2"), ("c", "3")), "alice", ConfigOrigins.Discord, Ct);
        Time.Advance(TimeSpan.FromHours(1));

        var written = await Storage.AdminConfig.ReplaceAllAsync(
            new Dictionary<string, string> { ["A"] = "1", ["b"] = "20", ["d"] = "4" }, "bob", ConfigOrigins.Import, "export.json", Ct);

        var overrides = await Storage.AdminConfig.GetOverridesAsync(Ct);
        Assert.Equal(new Dictionary<string, string> { ["a"] = "1", ["b"] = "20", ["d"] = "4" }, overrides.ToDictionary(p => p.Key, p => p.Value));
        Assert.Equal(
            [("c", "3", null), ("b", "2", "20"), ("d", null, "4")],
            written.Select(e => (e.Key, e.OldValue, e.NewValue)));
        Assert.All(written, e => Assert.Equal(("bob", "import", "export.json", T0.AddHours(1)), (e.Who, e.Origin, e.Note, e.At)));
        Assert.Equal(6, (await Storage.ConfigAudit.ListAsync(null, 100, Ct)).Count);
    }

    [Fact]
    public async Task ReplaceAllAsync_Empty_RemovesEveryOverride()
    {
        await Storage.AdminConfig.ApplyAsync(Changes(("a", "1"), ("b", "2")), "alice", ConfigOrigins.Discord, Ct);

        var written = await Storage.AdminConfig.ReplaceAllAsync(new Dictionary<string, string>(), "bob", ConfigOrigins.Import, Ct);

        Assert.Empty(await Storage.AdminConfig.GetOverridesAsync(Ct));
        Assert.Equal(2, written.Count);
        Assert.All(written, e => Assert.Null(e.NewValue));
    }

    [Fact]
    public async Task ReplaceAllAsync_KeysDifferingOnlyInCase_ThrowsAndKeepsOverrides()
    {
        await Storage.AdminConfig.ApplyAsync(Changes(("a", "1")), "alice", ConfigOrigins.Discord, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => Storage.AdminConfig.ReplaceAllAsync(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["x"] = "1", ["X"] = "2" }, "bob", ConfigOrigins.Import, Ct));

        Assert.Equal(["a"], (await Storage.AdminConfig.GetOverridesAsync(Ct)).Keys);
    }
}

public sealed class ConfigAuditRepositoryTests : StorageTestBase
{
    private static ConfigAuditEntry Entry(DateTimeOffset at, string key, string? oldValue = null, string? newValue = "v", string origin = ConfigOrigins.File) =>
        new(0, at, "file-watcher", origin, key, oldValue, newValue, null);

    [Fact]
    public async Task ListAsync_Appended_NewestFirstWithLimit()
    {
        await Storage.ConfigAudit.AppendAsync(
            [Entry(T0, "Feeds:Timeout"), Entry(T0.AddMinutes(2), "Detection:X", "1", "2"), Entry(T0.AddMinutes(1), "Alerts:Y", "a", null)], Ct);

        var all = await Storage.ConfigAudit.ListAsync(null, 10, Ct);
        var two = await Storage.ConfigAudit.ListAsync("", 2, Ct);

        Assert.Equal(["Detection:X", "Alerts:Y", "Feeds:Timeout"], all.Select(e => e.Key));
        Assert.Equal(["Detection:X", "Alerts:Y"], two.Select(e => e.Key));
        Assert.Equal(new ConfigAuditEntry(all[1].Id, T0.AddMinutes(1), "file-watcher", "file", "Alerts:Y", "a", null, null), all[1]);
    }

    [Theory]
    [InlineData("detection:", new[] { "Detection:B", "Detection:A" })]
    [InlineData("Detection:A", new[] { "Detection:A" })]
    [InlineData("Feeds:Sources:a_b", new[] { "Feeds:Sources:a_b" })]
    [InlineData("Feeds:Sources:a%", new string[0])]
    [InlineData("Nothing", new string[0])]
    public async Task ListAsync_KeyPrefix_MatchesLiterallyIgnoringCase(string prefix, string[] expected)
    {
        await Storage.ConfigAudit.AppendAsync(
            [
                Entry(T0, "Detection:A"), Entry(T0.AddSeconds(1), "Detection:B"), Entry(T0.AddSeconds(2), "Feeds:Sources:a_b"),
                Entry(T0.AddSeconds(3), "Feeds:Sources:axb"), Entry(T0.AddSeconds(4), "Feeds:Timeout"),
            ],
            Ct);

        var found = await Storage.ConfigAudit.ListAsync(prefix, 100, Ct);

        Assert.Equal(expected, found.Select(e => e.Key));
    }

    [Fact]
    public async Task AppendAsync_OneInvalidEntry_WritesNone()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Storage.ConfigAudit.AppendAsync([Entry(T0, "A"), Entry(T0, "B", origin: "email")], Ct));

        Assert.Empty(await Storage.ConfigAudit.ListAsync(null, 10, Ct));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(ConfigAuditRepository.MaxLimit + 1)]
    public async Task ListAsync_LimitOutOfRange_Throws(int limit)
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Storage.ConfigAudit.ListAsync(null, limit, Ct));
    }
}
