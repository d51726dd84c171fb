using Microsoft.Data.Sqlite;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage.Tests;

public sealed class AlertRepositoryTests : StorageTestBase
{
    private AlertRepository Alerts => Storage.Alerts;

    private static AlertState State(string fingerprint = "price:tb-oxide:jump", AlertStatus status = AlertStatus.Firing, string topic = AlertTopics.Price, AlertSeverity severity = AlertSeverity.Warning, string title = "Terbium oxide +12% in a day") =>
        new(
            fingerprint,
            "price-jump",
            topic,
            status,
            severity,
            title,
            "Tb4O7 rose 12.1% vs 24h ago",
            "smm",
            T0,
            T0.AddMinutes(1),
            status == AlertStatus.Firing ? T0.AddMinutes(5) : null,
            status == AlertStatus.Firing ? T0.AddMinutes(5) : null,
            null,
            null,
            null,
            null,
            null,
            null,
            1,
            3);

    private static Decision Why(string fingerprint, ReasonCode code, DateTimeOffset at, string text = "because") => new(fingerprint, code, text, at);

    private static OutboxEntry Entry(NotifyKind kind, string destination = "discord:111", DateTimeOffset? at = null, string? mention = null) =>
        new(kind, destination, mention, AlertTopics.Price, AlertSeverity.Warning, "Terbium oxide +12% in a day", "Tb4O7 rose 12.1%", "smm", at ?? T0.AddMinutes(5));

    [Fact]
    public async Task ApplyAsync_NewThenUpdatedState_KeepsIdAndOneRow()
    {
        var first = await Alerts.ApplyAsync(State(status: AlertStatus.Pending), Why("price:tb-oxide:jump", ReasonCode.Pending, T0), [], Ct);
        var other = await Alerts.ApplyAsync(State("news:kia:chipwe", topic: AlertTopics.News), Why("news:kia:chipwe", ReasonCode.Fired, T0), [], Ct);
        var second = await Alerts.ApplyAsync(State(status: AlertStatus.Firing, severity: AlertSeverity.Critical), Why("price:tb-oxide:jump", ReasonCode.Fired, T0.AddMinutes(5)), [], Ct);

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotNull(other);
        Assert.Equal(first.Id, second.Id);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(AlertStatus.Firing, second.State.Status);
        Assert.Equal(AlertSeverity.Critical, second.State.Severity);
        Assert.Equal(2, await ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal(second, await Alerts.GetByIdAsync(first.Id, Ct));
    }

    [Fact]
    public async Task ApplyAsync_EveryStateField_RoundTripsToTheMillisecond()
    {
        var offset = TimeSpan.FromHours(6.5); // Myanmar time: stored as UTC instants
        var at = new DateTimeOffset(2025, 3, 24, 14, 30, 15, 123, offset).AddTicks(4567);
        var full = new AlertState(
            "trade:cn-mm:drop", "trade-drop", AlertTopics.Trade, AlertStatus.Firing, AlertSeverity.Critical,
            "China imports from Myanmar −40%", "HS 2846: 1,200 t vs 2,000 t 12-month median", "comtrade",
            at, at.AddSeconds(1), at.AddSeconds(2), at.AddSeconds(3), at.AddSeconds(4), "admin#1", at.AddSeconds(5),
            at.AddDays(2), "admin#2", "known outage", 7, 42) { PeakSeverity = AlertSeverity.Critical };
        var sparse = new AlertState(
            "health:feed-x", "feed-stale", AlertTopics.Health, AlertStatus.Resolved, AlertSeverity.Info,
            "", "", "", at, null, null, null, null, null, null, null, null, null, 0, 0);

        var storedFull = await Alerts.ApplyAsync(full, Why(full.Fingerprint, ReasonCode.Fired, at), [], Ct);
        var storedSparse = await Alerts.ApplyAsync(sparse, Why(sparse.Fingerprint, ReasonCode.Resolved, at), [], Ct);

        var expectedFull = full with
        {
            FirstSeen = UnixMs.Round(full.FirstSeen),
            PendingSince = UnixMs.Round(full.PendingSince),
            FiredAt = UnixMs.Round(full.FiredAt),
            LastNotifiedAt = UnixMs.Round(full.LastNotifiedAt),
            ResolvedAt = UnixMs.Round(full.ResolvedAt),
            AckedAt = UnixMs.Round(full.AckedAt),
            MutedUntil = UnixMs.Round(full.MutedUntil),
        };
        Assert.NotEqual(full, expectedFull); // the sub-millisecond ticks are really dropped
        Assert.Equal(expectedFull, storedFull!.State);
        Assert.Equal(expectedFull, (await Alerts.GetAsync(full.Fingerprint, Ct))!.State);
        Assert.Equal(sparse with { FirstSeen = UnixMs.Round(at) }, storedSparse!.State);
        Assert.Equal(sparse with { FirstSeen = UnixMs.Round(at) }, (await Alerts.GetByIdAsync(storedSparse.Id, Ct))!.State);
        Assert.Equal(new DateTimeOffset(2025, 3, 24, 8, 0, 15, 123, TimeSpan.Zero), storedFull.State.FirstSeen);
    }

    [Fact]
    public async Task ApplyAsync_OutboxInsertFails_LeavesNoChange()
    {
        var fp = "price:tb-oxide:jump";
        var before = await Alerts.ApplyAsync(State(status: AlertStatus.Pending), Why(fp, ReasonCode.Pending, T0), [Entry(NotifyKind.Fired)], Ct);

        // The second entry breaks the outbox CHECK (destination <> '') after the alert upsert and decision insert ran.
        await Assert.ThrowsAsync<SqliteException>(() => Alerts.ApplyAsync(
            State(status: AlertStatus.Firing, title: "changed"),
            Why(fp, ReasonCode.Fired, T0.AddMinutes(5)),
            [Entry(NotifyKind.Escalated), Entry(NotifyKind.Escalated, destination: "")],
            Ct));

        Assert.Equal(before, await Alerts.GetAsync(fp, Ct));
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM outbox"));
        var decisions = await Alerts.GetDecisionsAsync(fp, 10, Ct);
        Assert.Equal(ReasonCode.Pending, Assert.Single(decisions).Code);
    }

    [Fact]
    public async Task ApplyAsync_CancelledToken_WritesNothing()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Alerts.ApplyAsync(State(), Why("price:tb-oxide:jump", ReasonCode.Fired, T0), [Entry(NotifyKind.Fired)], cts.Token));

        Assert.Equal(0, await ScalarAsync<long>("SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM outbox) + (SELECT count(*) FROM alert_decisions)"));
    }

    [Fact]
    public async Task ApplyAsync_WithOutbox_LinksEntriesToAlertAndSchedulesThem()
    {
        var at = T0.AddMinutes(5);
        var stored = await Alerts.ApplyAsync(State(), Why("price:tb-oxide:jump", ReasonCode.Fired, at), [Entry(NotifyKind.Fired, at: at, mention: "999"), Entry(NotifyKind.Fired, "console", at)], Ct);

        var due = await Alerts.GetDueAsync(at, 10, Ct);

        Assert.Equal(2, due.Count);
        var discord = due[0];
        Assert.Equal(stored!.Id, discord.AlertId);
        Assert.Equal("price:tb-oxide:jump", discord.Fingerprint);
        Assert.Equal(NotifyKind.Fired, discord.Kind);
        Assert.Equal("discord:111", discord.Destination);
        Assert.Equal("999", discord.MentionRoleId);
        Assert.Equal(AlertTopics.Price, discord.Topic);
        Assert.Equal(AlertSeverity.Warning, discord.Severity);
        Assert.Equal("Terbium oxide +12% in a day", discord.Title);
        Assert.Equal("Tb4O7 rose 12.1%", discord.Reason);
        Assert.Equal("smm", discord.Source);
        Assert.Equal(at, discord.CreatedAt);
        Assert.Equal(at, discord.NextAttemptAt);
        Assert.Equal(0, discord.Attempts);
        Assert.Null(discord.DeliveredAt);
        Assert.Null(discord.ExternalId);
        Assert.Null(discord.LastError);
        Assert.Equal("console", due[1].Destination);
        Assert.Null(due[1].MentionRoleId);
    }

    [Fact]
    public async Task ApplyAsync_NullStateWithOutbox_LinksToExistingAlertOrSkips()
    {
        var existing = await Alerts.ApplyAsync(State(), Why("price:tb-oxide:jump", ReasonCode.Fired, T0), [], Ct);

        var linked = await Alerts.ApplyAsync(null, Why("price:tb-oxide:jump", ReasonCode.Reminder, T0.AddHours(6)), [Entry(NotifyKind.Reminder, at: T0.AddHours(6))], Ct);
        var orphan = await Alerts.ApplyAsync(null, Why("price:none", ReasonCode.BelowThreshold, T0.AddHours(6)), [Entry(NotifyKind.Fired, at: T0.AddHours(6))], Ct);

        Assert.Equal(existing, linked);
        Assert.Null(orphan);
        var due = Assert.Single(await Alerts.GetDueAsync(T0.AddDays(1), 10, Ct));
        Assert.Equal(existing!.Id, due.AlertId);
        Assert.Equal(NotifyKind.Reminder, due.Kind);
        Assert.Equal(ReasonCode.BelowThreshold, Assert.Single(await Alerts.GetDecisionsAsync("price:none", 5, Ct)).Code);
        Assert.Null(await Alerts.GetAsync("price:none", Ct));
    }

    [Fact]
    public async Task GetDueAsync_MarkFailedAndDelivered_RetriesThenDeliversOnce()
    {
        await Alerts.ApplyAsync(State(), Why("price:tb-oxide:jump", ReasonCode.Fired, T0), [Entry(NotifyKind.Fired, at: T0), Entry(NotifyKind.Fired, "console", T0.AddMinutes(10))], Ct);
        Assert.Equal(2, await Alerts.CountPendingAsync(Ct));

        var first = Assert.Single(await Alerts.GetDueAsync(T0, 10, Ct));
        await Alerts.MarkFailedAsync(first.Id, new string('x', 600), T0.AddMinutes(5), Ct);

        Assert.Empty(await Alerts.GetDueAsync(T0.AddMinutes(4), 10, Ct));
        var retried = Assert.Single(await Alerts.GetDueAsync(T0.AddMinutes(5), 10, Ct));
        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(1, retried.Attempts);
        Assert.Equal(AlertRepository.MaxErrorLength, retried.LastError!.Length);
        Assert.Equal(T0.AddMinutes(5), retried.NextAttemptAt);

        await Alerts.MarkDeliveredAsync(first.Id, "m-1", T0.AddMinutes(6), Ct);
        await Alerts.MarkDeliveredAsync(first.Id, "m-2", T0.AddMinutes(7), Ct);
        await Alerts.MarkFailedAsync(first.Id, "late failure", T0.AddMinutes(8), Ct);

        Assert.Equal(1, await Alerts.CountPendingAsync(Ct));
        Assert.Equal(UnixMs.To(T0.AddMinutes(6)), await ScalarAsync<long>($"SELECT delivered_at FROM outbox WHERE id = {first.Id}"));
        Assert.Equal("m-1", await ScalarAsync<string>($"SELECT external_id FROM outbox WHERE id = {first.Id}"));
        Assert.Equal(1, await ScalarAsync<long>($"SELECT attempts FROM outbox WHERE id = {first.Id}"));
        var rest = Assert.Single(await Alerts.GetDueAsync(T0.AddDays(1), 10, Ct));
        Assert.Equal("console", rest.Destination);
    }

    [Fact]
    public async Task GetDueAsync_EarlierMessageOfTheAlertPending_LaterOneWaitsForIt()
    {
        var fp = "price:tb-oxide:jump";
        await Alerts.ApplyAsync(State(), Why(fp, ReasonCode.Fired, T0), [Entry(NotifyKind.Fired, "discord:1", T0), Entry(NotifyKind.Fired, "discord:2", T0)], Ct);
        await Alerts.ApplyAsync(State(), Why(fp, ReasonCode.Resolved, T0.AddMinutes(1)), [Entry(NotifyKind.Resolved, "discord:1", T0.AddMinutes(1)), Entry(NotifyKind.Resolved, "discord:2", T0.AddMinutes(1))], Ct);
        var first = await Alerts.GetDueAsync(T0.AddHours(1), 10, Ct);
        Assert.Equal([NotifyKind.Fired, NotifyKind.Fired], first.Select(m => m.Kind));

        // The fired message to channel 1 is failing (429 storm): its resolution waits; channel 2 goes on.
        await Alerts.MarkFailedAsync(first[0].Id, "HTTP 429", T0.AddHours(2), Ct);
        await Alerts.MarkDeliveredAsync(first[1].Id, "m-2", T0, Ct);
        var next = Assert.Single(await Alerts.GetDueAsync(T0.AddHours(1), 10, Ct));

        Assert.Equal((NotifyKind.Resolved, "discord:2"), (next.Kind, next.Destination));
        var later = await Alerts.GetDueAsync(T0.AddHours(3), 10, Ct);
        Assert.Equal([(NotifyKind.Fired, "discord:1"), (NotifyKind.Resolved, "discord:2")], later.Select(m => (m.Kind, m.Destination)));
    }

    [Fact]
    public async Task GetDueAsync_ManyDue_OldestIdFirstUpToMax()
    {
        // Later rows fall due earlier: the order is still by id (creation order).
        var entries = Enumerable.Range(0, 5).Select(i => Entry(NotifyKind.Fired, $"discord:{i}", T0.AddMinutes(10 - i))).ToList();
        await Alerts.ApplyAsync(State(), Why("price:tb-oxide:jump", ReasonCode.Fired, T0), entries, Ct);

        var due = await Alerts.GetDueAsync(T0.AddHours(1), 3, Ct);

        Assert.Equal(["discord:0", "discord:1", "discord:2"], due.Select(m => m.Destination));
        Assert.True(due[0].Id < due[1].Id && due[1].Id < due[2].Id);
        Assert.Empty(await Alerts.GetDueAsync(T0.AddHours(1), 0, Ct));
    }

    [Fact]
    public async Task FindExternalIdAsync_SeveralMessages_ReturnsNewestDeliveredFiredOrEscalatedAtThatDestination()
    {
        var fp = "price:tb-oxide:jump";
        var alert = await Alerts.ApplyAsync(State(), Why(fp, ReasonCode.Fired, T0), [Entry(NotifyKind.Fired, at: T0), Entry(NotifyKind.Fired, "discord:222", T0)], Ct);
        await Alerts.ApplyAsync(State(severity: AlertSeverity.Critical), Why(fp, ReasonCode.Escalated, T0.AddHours(1)), [Entry(NotifyKind.Escalated, at: T0.AddHours(1))], Ct);
        await Alerts.ApplyAsync(State(severity: AlertSeverity.Critical), Why(fp, ReasonCode.Reminder, T0.AddHours(5)), [Entry(NotifyKind.Reminder, at: T0.AddHours(5))], Ct);
        await Alerts.ApplyAsync(State(severity: AlertSeverity.Critical), Why(fp, ReasonCode.Escalated, T0.AddHours(6)), [Entry(NotifyKind.Escalated, at: T0.AddHours(6))], Ct);
        // Messages of one alert to one destination fall due in order, each once the one before it is delivered.
        var delivered = new List<OutboxMessage>();
        for (var due = await Alerts.GetDueAsync(T0.AddDays(1), 10, Ct); delivered.Count < 4 && due.Count > 0; due = await Alerts.GetDueAsync(T0.AddDays(1), 10, Ct))
        {
            foreach (var m in due.Take(4 - delivered.Count))
            {
                await Alerts.MarkDeliveredAsync(m.Id, $"{m.Kind.ToString().ToLowerInvariant()}-{m.Destination["discord:".Length..]}", m.CreatedAt, Ct);
                delivered.Add(m);
            }
        }
        Assert.Equal([NotifyKind.Fired, NotifyKind.Fired, NotifyKind.Escalated, NotifyKind.Reminder], delivered.Select(m => m.Kind));
        // The second escalation is not delivered yet.
        var secondEscalation = Assert.Single(await Alerts.GetDueAsync(T0.AddDays(1), 10, Ct));
        Assert.Equal(NotifyKind.Escalated, secondEscalation.Kind);

        Assert.Equal("escalated-111", await Alerts.FindExternalIdAsync(alert!.Id, "discord:111", Ct));
        Assert.Equal("fired-222", await Alerts.FindExternalIdAsync(alert.Id, "discord:222", Ct));
        Assert.Null(await Alerts.FindExternalIdAsync(alert.Id, "discord:333", Ct));
        Assert.Null(await Alerts.FindExternalIdAsync(alert.Id + 100, "discord:111", Ct));

        await Alerts.MarkDeliveredAsync(secondEscalation.Id, "escalated-again-111", T0.AddHours(6), Ct);
        Assert.Equal("escalated-again-111", await Alerts.FindExternalIdAsync(alert.Id, "discord:111", Ct));
    }

    [Fact]
    public async Task ListAsync_FiltersAndOrder_NewestUpdatedFirst()
    {
        await Alerts.ApplyAsync(State("a", AlertStatus.Pending), Why("a", ReasonCode.Pending, T0), [], Ct);
        await Alerts.ApplyAsync(State("b", AlertStatus.Firing), Why("b", ReasonCode.Fired, T0.AddMinutes(1)), [], Ct);
        await Alerts.ApplyAsync(State("c", AlertStatus.Resolved, topic: AlertTopics.News), Why("c", ReasonCode.Resolved, T0.AddMinutes(2)), [], Ct);
        await Alerts.ApplyAsync(State("d", AlertStatus.Firing, topic: AlertTopics.News), Why("d", ReasonCode.Fired, T0.AddMinutes(3)), [], Ct);
        await Alerts.ApplyAsync(State("a", AlertStatus.Firing), Why("a", ReasonCode.Fired, T0.AddMinutes(4)), [], Ct); // a moves to the top

        Assert.Equal(["a", "d", "c", "b"], Fingerprints(await Alerts.ListAsync(new AlertListQuery(), Ct)));
        Assert.Equal(["a", "d"], Fingerprints(await Alerts.ListAsync(new AlertListQuery(Limit: 2), Ct)));
        Assert.Equal(["a", "d", "b"], Fingerprints(await Alerts.ListAsync(new AlertListQuery([AlertStatus.Firing]), Ct)));
        Assert.Equal(["a", "d", "c", "b"], Fingerprints(await Alerts.ListAsync(new AlertListQuery([AlertStatus.Firing, AlertStatus.Resolved]), Ct)));
        Assert.Equal(["d", "c"], Fingerprints(await Alerts.ListAsync(new AlertListQuery(Topic: AlertTopics.News), Ct)));
        Assert.Equal(["c"], Fingerprints(await Alerts.ListAsync(new AlertListQuery([AlertStatus.Resolved], AlertTopics.News), Ct)));
        Assert.Empty(await Alerts.ListAsync(new AlertListQuery([AlertStatus.Pending]), Ct));
        Assert.Empty(await Alerts.ListAsync(new AlertListQuery(Limit: 0), Ct));
    }

    [Fact]
    public async Task ListActiveAsync_MixedStatuses_ReturnsPendingAndFiring()
    {
        await Alerts.ApplyAsync(State("p", AlertStatus.Pending), Why("p", ReasonCode.Pending, T0), [], Ct);
        await Alerts.ApplyAsync(State("f", AlertStatus.Firing), Why("f", ReasonCode.Fired, T0.AddMinutes(1)), [], Ct);
        await Alerts.ApplyAsync(State("r", AlertStatus.Resolved), Why("r", ReasonCode.Resolved, T0.AddMinutes(2)), [], Ct);

        var active = await Alerts.ListActiveAsync(Ct);

        Assert.Equal(["f", "p"], Fingerprints(active));
    }

    [Fact]
    public async Task GetDecisionsAsync_MoreThanKept_RoutineBoundedMilestonesKeptNewestFirstAndMapped()
    {
        var codes = Enum.GetValues<ReasonCode>();
        for (var i = 0; i < AlertRepository.DecisionsKept + 5; i++)
        {
            await Alerts.ApplyAsync(null, Why("fp", codes[i % codes.Length], T0.AddMinutes(i), $"decision {i}"), [], Ct);
        }

        await Alerts.ApplyAsync(null, Why("other", ReasonCode.SuppressedByCooldown, T0, "other one"), [], Ct);

        // Of the five oldest (fired, escalated, reminder, resolved, pending) only the routine ones go:
        // "why did it alert" keeps its answer however many reminders follow.
        Assert.Equal(AlertRepository.DecisionsKept + 3, await ScalarAsync<long>("SELECT count(*) FROM alert_decisions WHERE fingerprint = 'fp'"));
        var all = await Alerts.GetDecisionsAsync("fp", 1000, Ct);
        Assert.Equal(AlertRepository.DecisionsKept + 3, all.Count);
        var last = AlertRepository.DecisionsKept + 4;
        Assert.Equal(new Decision("fp", codes[last % codes.Length], $"decision {last}", T0.AddMinutes(last)), all[0]);
        Assert.Equal(["decision 3", "decision 1", "decision 0"], all.TakeLast(3).Select(d => d.Text));
        Assert.DoesNotContain(all, d => d.Text is "decision 2" or "decision 4");
        Assert.Equal(3, (await Alerts.GetDecisionsAsync("fp", 3, Ct)).Count);
        var other = Assert.Single(await Alerts.GetDecisionsAsync("other", 10, Ct));
        Assert.Equal(ReasonCode.SuppressedByCooldown, other.Code);
        Assert.Equal("suppressed_by_cooldown", await ScalarAsync<string>("SELECT code FROM alert_decisions WHERE fingerprint = 'other'"));
        Assert.Equal(codes.Length, all.Select(d => d.Code).Distinct().Count()); // every code maps back
    }

    [Fact]
    public async Task Reopen_SameFile_KeepsStateAndOutboxWithoutDuplicates()
    {
        var fp = "price:tb-oxide:jump";
        var before = await Alerts.ApplyAsync(State(), Why(fp, ReasonCode.Fired, T0), [Entry(NotifyKind.Fired, at: T0)], Ct);
        var path = Storage.Factory.DatabasePath;

        using (var reopened = await MonitorBotStorage.OpenAsync(path, Time, null, Ct))
        {
            Assert.Equal(before, await reopened.Alerts.GetAsync(fp, Ct));
            var pending = Assert.Single(await reopened.Alerts.GetDueAsync(T0, 10, Ct));
            await reopened.Alerts.MarkDeliveredAsync(pending.Id, "m-1", T0, Ct);
            var again = await reopened.Alerts.ApplyAsync(State(severity: AlertSeverity.Critical), Why(fp, ReasonCode.Escalated, T0.AddHours(1)), [], Ct);
            Assert.Equal(before!.Id, again!.Id);
        }

        using var third = await MonitorBotStorage.OpenAsync(path, Time, null, Ct);
        Assert.Equal(1, await ScalarAsync<long>("SELECT count(*) FROM alerts"));
        Assert.Equal(AlertSeverity.Critical, (await third.Alerts.GetByIdAsync(before.Id, Ct))!.State.Severity);
        Assert.Equal(0, await third.Alerts.CountPendingAsync(Ct));
        Assert.Equal("m-1", await third.Alerts.FindExternalIdAsync(before.Id, "discord:111", Ct));
        Assert.Equal(2, (await third.Alerts.GetDecisionsAsync(fp, 10, Ct)).Count);
    }

    [Fact]
    public async Task QueryPlans_OutboxAndAlertQueries_UseIndexes()
    {
        var plans = new List<string>();
        plans.AddRange(await QueryPlanAsync(AlertRepository.DueSql, ("@Now", 1L), ("@Max", 10)));
        plans.AddRange(await QueryPlanAsync(AlertRepository.FindExternalIdSql, ("@AlertId", 1L), ("@Destination", "discord:1")));
        plans.AddRange(await QueryPlanAsync(AlertRepository.ActiveSql));
        plans.AddRange(await QueryPlanAsync(AlertRepository.DecisionsSql, ("@Fingerprint", "fp"), ("@Limit", 10)));

        Assert.DoesNotContain(plans, line => System.Text.RegularExpressions.Regex.IsMatch(line, @"^SCAN (o|a|outbox|alerts|alert_decisions)( |$)"));
        Assert.Contains(plans, line => line.Contains("ix_outbox_due", StringComparison.Ordinal));
        Assert.Contains(plans, line => line.Contains("ix_outbox_alert_destination", StringComparison.Ordinal));
        Assert.Contains(plans, line => line.Contains("ix_alerts_status", StringComparison.Ordinal));
        Assert.Contains(plans, line => line.Contains("ix_alert_decisions_fingerprint_at", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("short", 10, "short")]
    [InlineData("abcdefghij", 4, "abcd")]
    [InlineData("ab\U0001F600cd", 3, "ab")] // never splits a surrogate pair
    public void Truncate_Text_CutsToMax(string text, int max, string expected) =>
        Assert.Equal(expected, AlertRepository.Truncate(text, max));

    private static List<string> Fingerprints(IEnumerable<AlertRecord> records) => [.. records.Select(r => r.State.Fingerprint)];
}
