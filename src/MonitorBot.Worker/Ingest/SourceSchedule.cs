using MonitorBot.Feeds;
using Quartz;

namespace MonitorBot.Worker.Ingest;

public static class SourceSchedule
{
    /// <summary>The source's normal gap between polls: its Interval, or the gap between its next two cron firings.</summary>
    public static TimeSpan NormalInterval(FeedSourceOptions source, DateTimeOffset now)
    {
        if (source.Interval is { } interval) return interval;
        if (!string.IsNullOrWhiteSpace(source.Cron) && CronExpression.TryParse(source.Cron, out var parsed) && parsed is not null)
        {
            var cron = new CronExpression(source.Cron, TimeZoneInfo.Utc);
            if (cron.GetNextValidTimeAfter(now) is { } first && cron.GetNextValidTimeAfter(first) is { } second) return second - first;
        }
        return TimeSpan.FromHours(1);
    }

    public static string Describe(FeedSourceOptions source) =>
        source.Interval is { } i ? $"every {i}" : $"cron '{source.Cron}'";
}
