using MonitorBot.Core.Ports;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Ingest;

/// <summary>Told about every successful save (detectors run here). Must not throw for one bad series.</summary>
public interface IIngestListener
{
    Task OnIngestedAsync(FeedSourceOptions source, IngestResult result, DateTimeOffset now, CancellationToken cancellationToken);
}
