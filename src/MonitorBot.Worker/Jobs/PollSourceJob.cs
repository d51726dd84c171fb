using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds;
using MonitorBot.Application.Ingest;
using MonitorBot.Worker.Logging;
using Quartz;

namespace MonitorBot.Worker.Jobs;

/// <summary>
/// One Quartz job type for every source, parameterised by source id. Never overlaps itself
/// (one job per source, <see cref="DisallowConcurrentExecutionAttribute"/>); sources run independently.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollSourceJob(SourcePoller poller, IOptionsMonitor<FeedsOptions> options, ShutdownSignal shutdown, ILogger<PollSourceJob> logger) : IJob
{
    public const string Group = "feeds";
    public const string SourceIdKey = "sourceId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        var sourceId = context.MergedJobDataMap.GetString(SourceIdKey) ?? context.JobDetail.Key.Name;
        var source = options.CurrentValue.Sources.FirstOrDefault(s => string.Equals(s.Id, sourceId, StringComparison.OrdinalIgnoreCase));
        if (source is null)
        {
            Log.UnknownSource(logger, sourceId);
            return;
        }
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, shutdown.Token);
        try
        {
            await poller.PollAsync(source, linked.Token);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
            // Shutdown cancelled the poll: its transaction rolled back; the next start polls again.
        }
    }
}
