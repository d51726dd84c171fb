using Microsoft.Extensions.Logging;

namespace MonitorBot.Application.Logging;

/// <summary>Every log line of ingest, evaluation and delivery: structured, source-generated, never a secret. The host's own lines (scheduling, start-up) are in the Worker's <c>Log</c>.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Polled {SourceId} ({Kind}): {Prices} prices, {Trade} trade lines, {News} new news items ({Relevant} relevant){Baseline} in {ElapsedMs} ms")]
    public static partial void Polled(ILogger logger, string sourceId, string kind, int prices, int trade, int news, int relevant, string baseline, long elapsedMs);

    [LoggerMessage(EventId = 101, Level = LogLevel.Debug, Message = "Polled {SourceId}: not modified")]
    public static partial void NotModified(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Warning, Message = "Poll of {SourceId} failed ({Failures} in a row, status {Status}, next try {NextRun:o}): {Error}")]
    public static partial void PollFailed(ILogger logger, string sourceId, int failures, string status, DateTimeOffset? nextRun, string error);

    [LoggerMessage(EventId = 103, Level = LogLevel.Information, Message = "Skipped {SourceId}: {Reason}")]
    public static partial void PollSkipped(ILogger logger, string sourceId, string reason);

    [LoggerMessage(EventId = 106, Level = LogLevel.Error, Message = "Could not record the failed poll of {SourceId} (the next firing tries again): {Error}")]
    public static partial void StateNotSaved(ILogger logger, string sourceId, string error);

    [LoggerMessage(EventId = 104, Level = LogLevel.Error, Message = "Source {SourceId} disabled: {Reason}")]
    public static partial void SourceDisabled(ILogger logger, string sourceId, string reason);

    [LoggerMessage(EventId = 140, Level = LogLevel.Error, Message = "Unexpected error in {Component}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string component);

    [LoggerMessage(EventId = 131, Level = LogLevel.Information, Message = "Alert {Kind} [{Severity}] {Title} ({Decision})")]
    public static partial void AlertDecision(ILogger logger, string kind, string severity, string title, string decision);

    [LoggerMessage(EventId = 135, Level = LogLevel.Debug, Message = "Evaluated {Writes} logged write(s) over {Series} series: {Notifications} notification(s); cursor at {Cursor}")]
    public static partial void Evaluated(ILogger logger, int writes, int series, int notifications, long cursor);

    [LoggerMessage(EventId = 132, Level = LogLevel.Warning, Message = "Delivery of outbox message {Id} to {Destination} failed (attempt {Attempt}, next {NextAttempt:o}): {Error}")]
    public static partial void DeliveryFailed(ILogger logger, long id, string destination, int attempt, DateTimeOffset nextAttempt, string error);

    [LoggerMessage(EventId = 133, Level = LogLevel.Debug, Message = "Delivered outbox message {Id} to {Destination}")]
    public static partial void Delivered(ILogger logger, long id, string destination);

    [LoggerMessage(EventId = 134, Level = LogLevel.Error, Message = "Gave up outbox message {Id} to {Destination} after {Attempts} refused attempts: {Error}")]
    public static partial void DeliveryAbandoned(ILogger logger, long id, string destination, int attempts, string error);
}
