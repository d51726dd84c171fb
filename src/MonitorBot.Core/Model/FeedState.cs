namespace MonitorBot.Core.Model;

public enum FeedStatus
{
    /// <summary>Registered, never polled.</summary>
    New,
    Ok,
    /// <summary>A few consecutive failures: still polled, with backoff.</summary>
    Degraded,
    /// <summary>Too many consecutive failures (or paused by an admin): not polled; the reason is kept.</summary>
    Disabled,
}

/// <summary>Persistent state of one configured source.</summary>
public sealed record FeedState(
    string SourceId,
    string Kind,
    FeedStatus Status,
    string? StatusReason = null,
    string? ETag = null,
    string? LastModified = null,
    DateTimeOffset? LastAttempt = null,
    DateTimeOffset? LastSuccess = null,
    string? LastError = null,
    int ConsecutiveFailures = 0,
    DateTimeOffset? NextRun = null,
    bool BaselineDone = false,
    long ItemsTotal = 0);
