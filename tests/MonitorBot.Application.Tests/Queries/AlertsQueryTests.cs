using MonitorBot.Application.Evaluation;
using MonitorBot.Application.Queries;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Storage;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Application.Tests.Queries;

/// <summary>The alert list both front ends show (`alerts list`, /alerts list), over a real SQLite file.</summary>
public sealed class AlertsQueryTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 24, 8, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(T0.AddHours(1));
    private readonly MonitorBotStorage _storage;

    public AlertsQueryTests() => _storage = MonitorBotStorage.Create(_directory.File("monitorbot.db"), _time);

    public async Task InitializeAsync() => await _storage.Migrations.MigrateAsync(Ct);

    public Task DisposeAsync() => Task.CompletedTask;

    public void Dispose()
    {
        _storage.Dispose();
        _directory.Dispose();
    }

    private AlertsQuery Query => new(_storage.Alerts, _storage.Alerts, _time);

    private static AlertState State(string fingerprint, AlertStatus status, AlertSeverity severity = AlertSeverity.Warning) =>
        new(fingerprint, fingerprint.Split(':')[0], AlertTopics.Price, status, severity, $"{fingerprint} moved", "because", "smm",
            T0, status == AlertStatus.Pending ? T0 : null, status == AlertStatus.Firing ? T0.AddMinutes(5) : null, null,
            status == AlertStatus.Resolved ? T0.AddMinutes(30) : null, null, null, null, null, null, 1, 1);

    private Task<AlertRecord?> SaveAsync(AlertState state, params OutboxEntry[] outbox) =>
        _storage.Alerts.ApplyAsync(state, new Decision(state.Fingerprint, ReasonCode.Fired, "test", T0), outbox, Ct);

    [Theory]
    [InlineData("active", new[] { AlertStatus.Pending, AlertStatus.Firing })]
    [InlineData(" Firing ", new[] { AlertStatus.Firing })]
    [InlineData("pending", new[] { AlertStatus.Pending })]
    [InlineData("resolved", new[] { AlertStatus.Resolved })]
    public void TryStatuses_KnownWord_ItsStatuses(string word, AlertStatus[] expected)
    {
        Assert.True(AlertsQuery.TryStatuses(word, out var statuses));
        Assert.Equal(expected, statuses);
    }

    [Fact]
    public void TryStatuses_AllOrUnknown_NullForAllFalseForUnknown()
    {
        Assert.True(AlertsQuery.TryStatuses("all", out var all));
        Assert.Null(all);
        Assert.False(AlertsQuery.TryStatuses("nope", out _));
        Assert.False(AlertsQuery.TryStatuses("", out _));
    }

    [Fact]
    public async Task ListAsync_MixedAlerts_FlagsInOrderAndNoRuleMuteMarker()
    {
        var firing = State("price-oxide:tb-oxide", AlertStatus.Firing) with
        {
            AckedBy = "ann", AckedAt = T0.AddMinutes(10), MutedUntil = T0.AddHours(3), MutedBy = "ann", MuteReason = "known",
            PeakSeverity = AlertSeverity.Critical,
        };
        var saved = await SaveAsync(firing, new OutboxEntry(NotifyKind.Fired, "discord:111", null, AlertTopics.Price, AlertSeverity.Warning, "t", "b", "smm", T0.AddMinutes(5)));
        await SaveAsync(State("price-oxide:dy-oxide", AlertStatus.Resolved));
        await SaveAsync(State(AlertAdmin.RuleMuteFingerprint("price-proxy"), AlertStatus.Resolved) with { MutedUntil = T0.AddHours(2) });

        var all = await Query.ListAsync(null, 100, Ct);
        var active = await Query.ListAsync([AlertStatus.Pending, AlertStatus.Firing], 100, Ct);

        Assert.Equal(2, all.Count);
        Assert.DoesNotContain(all, r => AlertAdmin.IsRuleMuteMarker(r.Alert.State.Fingerprint));
        var row = Assert.Single(active);
        Assert.Equal(saved!.Id, row.Alert.Id);
        Assert.Equal(["firing", "peak critical", "acked by ann", "muted until 2025-03-24 11:00 UTC"], row.Flags);
        Assert.Equal(T0.AddMinutes(5), row.Since);
        Assert.Equal(1, row.Delivery!.Pending);
        Assert.Null(all.Single(r => r.Alert.State.Fingerprint == "price-oxide:dy-oxide").Delivery);
    }
}
