using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Core.Feeds;

/// <summary>Thresholds of the feed health state machine.</summary>
/// <param name="DegradedAfterFailures">Consecutive failures at which a feed becomes <see cref="FeedStatus.Degraded"/> (still polled, with backoff).</param>
/// <param name="DisabledAfterFailures">Consecutive failures at which a feed becomes <see cref="FeedStatus.Disabled"/> (not polled until re-enabled).</param>
/// <param name="MaxBackoff">Longest wait between attempts of a failing feed.</param>
public sealed record FeedHealthSettings(int DegradedAfterFailures, int DisabledAfterFailures, TimeSpan MaxBackoff)
{
    /// <summary>Degraded after 3 failures, disabled after 10, backoff capped at 6 hours.</summary>
    public static FeedHealthSettings Default { get; } = new(3, 10, TimeSpan.FromHours(6));
}

/// <summary>
/// The feed health state machine: New → Ok on success; Ok/New → Degraded after
/// <see cref="FeedHealthSettings.DegradedAfterFailures"/> consecutive failures → Disabled after
/// <see cref="FeedHealthSettings.DisabledAfterFailures"/>; any success → Ok. Failing feeds back off
/// exponentially: the next run is <c>now + min(MaxBackoff, interval · 2^(failures-1))</c> (no jitter: that is
/// the scheduler's). Admins can pause (Disabled, "paused by X") and re-enable a feed. Pure: time is passed in.
/// </summary>
public sealed class FeedHealthPolicy
{
    /// <summary>Prefix of <see cref="FeedState.StatusReason"/> for feeds an admin paused.</summary>
    public const string PausedReasonPrefix = "paused by ";

    /// <summary>Longest error text kept in the state.</summary>
    public const int MaxErrorLength = 500;

    private readonly FeedHealthSettings _settings;

    public FeedHealthPolicy(FeedHealthSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.DegradedAfterFailures, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.DisabledAfterFailures, settings.DegradedAfterFailures);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(settings.MaxBackoff, TimeSpan.Zero);
        _settings = settings;
    }

    public FeedHealthSettings Settings => _settings;

    /// <summary>True when the state says the feed was paused by an admin (not disabled by failures).</summary>
    public static bool IsPaused(FeedState state) =>
        state is { Status: FeedStatus.Disabled, StatusReason: { } reason } && reason.StartsWith(PausedReasonPrefix, StringComparison.Ordinal);

    /// <summary>
    /// A successful poll: status Ok, failures reset, error and reason cleared, baseline done, validators
    /// updated (a null <paramref name="etag"/>/<paramref name="lastModified"/> keeps the previous one, e.g. on a
    /// 304), items counted. A feed paused by an admin stays paused (a poll that was already running when
    /// the pause came must not undo it).
    /// </summary>
    public FeedState OnSuccess(FeedState s, DateTimeOffset now, DateTimeOffset nextRun, string? etag, string? lastModified, long itemsAdded)
    {
        ArgumentNullException.ThrowIfNull(s);
        var paused = IsPaused(s);
        return s with
        {
            Status = paused ? FeedStatus.Disabled : FeedStatus.Ok,
            StatusReason = paused ? s.StatusReason : null,
            ETag = etag ?? s.ETag,
            LastModified = lastModified ?? s.LastModified,
            LastAttempt = now,
            LastSuccess = now,
            LastError = null,
            ConsecutiveFailures = 0,
            NextRun = nextRun,
            BaselineDone = true,
            ItemsTotal = s.ItemsTotal + Math.Max(0, itemsAdded),
        };
    }

    /// <summary>
    /// A failed poll: failures + 1, error kept (truncated to <see cref="MaxErrorLength"/>), Degraded at
    /// <see cref="FeedHealthSettings.DegradedAfterFailures"/>, Disabled at
    /// <see cref="FeedHealthSettings.DisabledAfterFailures"/> with the reason "disabled after N consecutive
    /// failures: error"; next run after <see cref="Backoff"/>. A paused feed stays paused.
    /// </summary>
    public FeedState OnFailure(FeedState s, DateTimeOffset now, TimeSpan normalInterval, string error)
    {
        ArgumentNullException.ThrowIfNull(s);
        var failures = s.ConsecutiveFailures + 1;
        var message = Truncate(string.IsNullOrWhiteSpace(error) ? "unknown error" : error.Trim());

        FeedStatus status;
        string? reason;
        if (s.Status == FeedStatus.Disabled)
        {
            (status, reason) = (FeedStatus.Disabled, s.StatusReason);
        }
        else if (failures >= _settings.DisabledAfterFailures)
        {
            (status, reason) = (FeedStatus.Disabled, string.Create(CultureInfo.InvariantCulture, $"disabled after {failures} consecutive failures: {message}"));
        }
        else if (failures >= _settings.DegradedAfterFailures)
        {
            (status, reason) = (FeedStatus.Degraded, string.Create(CultureInfo.InvariantCulture, $"{failures} consecutive failures"));
        }
        else
        {
            (status, reason) = (s.Status, s.StatusReason);
        }

        return s with
        {
            Status = status,
            StatusReason = reason,
            LastAttempt = now,
            LastError = message,
            ConsecutiveFailures = failures,
            NextRun = now + Backoff(normalInterval, failures),
        };
    }

    /// <summary>Wait before the next attempt after <paramref name="failures"/> consecutive failures: <c>min(MaxBackoff, interval · 2^(failures-1))</c>.</summary>
    public TimeSpan Backoff(TimeSpan normalInterval, int failures)
    {
        if (normalInterval <= TimeSpan.Zero)
        {
            return _settings.MaxBackoff;
        }

        return Timing.Backoff.Exponential(normalInterval, failures, _settings.MaxBackoff);
    }

    /// <summary>
    /// False when the feed is Disabled (by failures or paused), or failing and still inside its backoff; true for an unknown
    /// feed. A healthy feed (no consecutive failure) always runs when its trigger fires: the schedule is the scheduler's, and
    /// the stored next run of a healthy feed is only informative (comparing it with the trigger time skipped every other
    /// firing, and made a restarted worker wait for an old time).
    /// </summary>
    public bool ShouldRun(FeedState? s, DateTimeOffset now) =>
        s is null || (s.Status != FeedStatus.Disabled && (s.ConsecutiveFailures == 0 || s.NextRun is null || s.NextRun <= now));

    /// <summary>An admin pauses the feed: Disabled with the reason "paused by <paramref name="pausedBy"/>".</summary>
    public FeedState Pause(FeedState s, string pausedBy)
    {
        ArgumentNullException.ThrowIfNull(s);
        var by = string.IsNullOrWhiteSpace(pausedBy) ? "admin" : pausedBy.Trim();
        return s with { Status = FeedStatus.Disabled, StatusReason = PausedReasonPrefix + by };
    }

    /// <summary>
    /// An admin re-enables the feed (paused or disabled by failures): back to Ok (New when it never
    /// succeeded), failures reset, reason cleared, due at <paramref name="now"/>. The last error is kept for reference.
    /// </summary>
    public FeedState Reenable(FeedState s, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(s);
        return s with
        {
            Status = s.LastSuccess is null ? FeedStatus.New : FeedStatus.Ok,
            StatusReason = null,
            ConsecutiveFailures = 0,
            NextRun = now,
        };
    }

    private static string Truncate(string text) =>
        text.Length <= MaxErrorLength ? text : string.Concat(text.AsSpan(0, MaxErrorLength - 1), "…");
}
