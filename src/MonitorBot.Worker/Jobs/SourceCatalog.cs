using Microsoft.Extensions.Options;
using MonitorBot.Application.Ingest;
using MonitorBot.Feeds;
using Quartz;

namespace MonitorBot.Worker.Jobs;

/// <summary>The configured sources and their cadence; a cron schedule is read with Quartz's own parser.</summary>
public sealed class SourceCatalog(IOptionsMonitor<FeedsOptions> feeds) : ISourceCatalog
{
    public TimeSpan NormalInterval(FeedSourceOptions source, DateTimeOffset now)
    {
        if (source.Interval is { } interval) return interval;
        if (!string.IsNullOrWhiteSpace(source.Cron) && CronExpression.TryParse(source.Cron, out var parsed) && parsed is not null)
        {
            var cron = new CronExpression(source.Cron, TimeZoneInfo.Utc);
            if (cron.GetNextValidTimeAfter(now) is { } first && cron.GetNextValidTimeAfter(first) is { } second) return second - first;
        }
        return TimeSpan.FromHours(1);
    }

    public IReadOnlyDictionary<string, TimeSpan> EnabledCadences(DateTimeOffset now)
    {
        var options = feeds.CurrentValue;
        return options.Sources.Where(s => s.Enabled && options.Enabled)
            .ToDictionary(s => s.Id, s => NormalInterval(s, now), StringComparer.OrdinalIgnoreCase);
    }
}
