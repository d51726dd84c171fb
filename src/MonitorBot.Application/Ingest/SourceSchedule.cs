using MonitorBot.Feeds;

namespace MonitorBot.Application.Ingest;

/// <summary>The configured sources as the scheduler sees them: which run, and how often (cron is the host's).</summary>
public interface ISourceCatalog
{
    /// <summary>The source's normal gap between polls: its Interval, or the gap between its next two cron firings.</summary>
    TimeSpan NormalInterval(FeedSourceOptions source, DateTimeOffset now);

    /// <summary>Every enabled source (feeds enabled) by id, with its normal gap between polls.</summary>
    IReadOnlyDictionary<string, TimeSpan> EnabledCadences(DateTimeOffset now);
}

public static class SourceSchedule
{
    public static string Describe(FeedSourceOptions source) =>
        source.Interval is { } i ? $"every {i}" : $"cron '{source.Cron}'";
}
