using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds;
using MonitorBot.Application.Ingest;
using MonitorBot.Worker.Logging;
using MonitorBot.Worker.Hosting;
using Quartz;

namespace MonitorBot.Worker.Jobs;

/// <summary>
/// Keeps one Quartz job + trigger per enabled source, in step with the configuration: at start, and again
/// whenever Feeds:* changes (file reload or admin change) — added, removed and re-timed sources are rescheduled.
/// Each first run is spread by a random jitter; a missed firing runs once, not in a burst.
/// </summary>
public sealed class FeedScheduleService(
    ISchedulerFactory schedulerFactory,
    IOptionsMonitor<FeedsOptions> options,
    TimeProvider time,
    ILogger<FeedScheduleService> logger) : ChangeFollowingService
{
    private readonly Dictionary<string, string> _scheduled = new(StringComparer.OrdinalIgnoreCase);

    protected override async Task<IDisposable?> SubscribeAsync(CancellationToken cancellationToken)
    {
        await SyncAsync(options.CurrentValue, cancellationToken);
        return options.OnChange(o => _ = SyncSafeAsync(o));
    }

    private async Task SyncSafeAsync(FeedsOptions current)
    {
        try
        {
            await SyncAsync(current, Stopping);
        }
        catch (OperationCanceledException) { }
        catch (Exception ex)
        {
            Log.Unexpected(logger, ex, nameof(FeedScheduleService));
        }
    }

    /// <summary>Brings the scheduler's feed jobs in line with <paramref name="current"/>.</summary>
    public async Task SyncAsync(FeedsOptions current, CancellationToken cancellationToken)
    {
        await Gate.WaitAsync(cancellationToken);
        try
        {
            var scheduler = await schedulerFactory.GetScheduler(cancellationToken);
            var wanted = new Dictionary<string, FeedSourceOptions>(StringComparer.OrdinalIgnoreCase);
            if (!current.Enabled)
            {
                Log.FeedsDisabled(logger);
            }
            else
            {
                foreach (var source in current.Sources)
                {
                    if (source.Enabled) wanted[source.Id] = source;
                    else Log.NotScheduled(logger, source.Id);
                }
            }

            foreach (var id in _scheduled.Keys.ToList())
            {
                if (!wanted.TryGetValue(id, out var source) || Signature(source) != _scheduled[id])
                {
                    await scheduler.DeleteJob(new JobKey(id, PollSourceJob.Group), cancellationToken);
                    lock (_scheduled) { _scheduled.Remove(id); }
                    Log.Unscheduled(logger, id);
                }
            }

            foreach (var source in wanted.Values)
            {
                if (_scheduled.ContainsKey(source.Id)) continue;
                var firstRun = await ScheduleAsync(scheduler, source, current.Jitter, cancellationToken);
                lock (_scheduled) { _scheduled[source.Id] = Signature(source); }
                var description = SourceSchedule.Describe(source);
                Log.Scheduled(logger, source.Id, source.Kind, description, firstRun);
            }
        }
        finally
        {
            Gate.Release();
        }
    }

    public IReadOnlyCollection<string> ScheduledSources
    {
        get
        {
            lock (_scheduled) { return _scheduled.Keys.ToList(); }
        }
    }

    private async Task<DateTimeOffset> ScheduleAsync(IScheduler scheduler, FeedSourceOptions source, TimeSpan jitter, CancellationToken cancellationToken)
    {
        var job = JobBuilder.Create<PollSourceJob>()
            .WithIdentity(source.Id, PollSourceJob.Group)
            .UsingJobData(PollSourceJob.SourceIdKey, source.Id)
            .Build();

        var start = time.GetUtcNow() + TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * jitter.TotalMilliseconds);
        var trigger = TriggerBuilder.Create(time)
            .WithIdentity(source.Id, PollSourceJob.Group)
            .ForJob(job)
            .StartAt(start);
        if (source.Interval is { } interval)
        {
            trigger = trigger.WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()
                .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NowWithRemainingCount));
        }
        else
        {
            trigger = trigger.WithCronSchedule(source.Cron!, c => c.InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
        }
        var first = await scheduler.ScheduleJob(job, trigger.Build(), cancellationToken: cancellationToken);
        return first;
    }

    private static string Signature(FeedSourceOptions s) => $"{s.Kind}|{s.Url}|{s.Interval}|{s.Cron}";
}
