using Microsoft.Extensions.Logging;

namespace MonitorBot.Worker.Logging;

/// <summary>The host's own log lines (scheduling, database, start-up, its services' failures): structured, source-generated, never a secret.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "Job for source {SourceId} fired but the source is no longer configured")]
    public static partial void UnknownSource(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Scheduled {SourceId} ({Kind}) {Schedule}, first run {FirstRun:o}")]
    public static partial void Scheduled(ILogger logger, string sourceId, string kind, string schedule, DateTimeOffset firstRun);

    [LoggerMessage(EventId = 111, Level = LogLevel.Information, Message = "Source {SourceId} is disabled in config: not scheduled")]
    public static partial void NotScheduled(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Feeds:Enabled is false: no source is polled")]
    public static partial void FeedsDisabled(ILogger logger);

    [LoggerMessage(EventId = 113, Level = LogLevel.Information, Message = "Unscheduled {SourceId}")]
    public static partial void Unscheduled(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 120, Level = LogLevel.Information, Message = "Database ready at {Path}")]
    public static partial void DatabaseReady(ILogger logger, string path);

    [LoggerMessage(EventId = 121, Level = LogLevel.Information, Message = "MonitorBot ready: {Sources} sources scheduled, Discord {Discord}, {ElapsedMs} ms after process start")]
    public static partial void Started(ILogger logger, int sources, string discord, long elapsedMs);

    [LoggerMessage(EventId = 140, Level = LogLevel.Error, Message = "Unexpected error in {Component}")]
    public static partial void Unexpected(ILogger logger, Exception exception, string component);
}
