using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds;
using MonitorBot.Worker.Ingest;
using MonitorBot.Worker.Logging;
using Quartz;

namespace MonitorBot.Worker.Jobs;

/// <summary>
/// One Quartz job type for every source, parameterised by source id. Never overlaps itself
/// (one job per source, <see cref="DisallowConcurrentExecutionAttribute"/>); sources run independently.
/// </summary>
[DisallowConcurrentExecution]
public sealed class PollSourceJob(SourcePoller poller, IOptionsMonitor<FeedsOptions> options, ILogger<PollSourceJob> logger) : IJob
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
        await poller.PollAsync(source, cancellationToken);
    }
}
