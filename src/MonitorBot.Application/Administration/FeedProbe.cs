using Microsoft.Extensions.Options;
using MonitorBot.Application.Ingest;
using MonitorBot.Feeds;
using MonitorBot.Feeds.Safety;
using MonitorBot.Feeds.Transport;

namespace MonitorBot.Application.Administration;

/// <summary>What a probe read (the kind it parsed as, the items, prices and trade lines), or the one-line reason it failed.</summary>
public sealed record FeedProbeResult(string Source, string? Kind, FeedReadResult? Read, string? Error)
{
    public bool Ok => Error is null;
}

/// <summary>
/// "Test this feed", the one way: `feed test`, /feed add, /feed test and the import path all come here. A URL is fetched
/// as the poller fetches it (date tokens such as <c>{yyyymm-1}</c> expanded at the time of the fetch) and an admin-given
/// URL passes the SSRF guard first, expanded the same way. Nothing is stored.
/// </summary>
public sealed class FeedProbe(ISourceReader sources, FeedReader reader, FeedUrlGuard guard, IOptionsMonitor<FeedsOptions> feeds, TimeProvider time)
{
    /// <summary>Why the guard refuses an admin-given URL (checked as it will be fetched), or null when it may be fetched.</summary>
    public async Task<string?> RefusalAsync(string url, CancellationToken cancellationToken)
    {
        var check = await guard.CheckAsync(UrlTemplate.Expand(url, time.GetUtcNow()), feeds.CurrentValue.AllowPrivateAddresses, cancellationToken);
        return check.Allowed ? null : check.Reason;
    }

    /// <summary>
    /// A configured source, or <paramref name="kind"/> to parse it as another kind: read exactly as the poller reads it
    /// (<see cref="ISourceReader"/>: date tokens expanded, the source's own address restrictions), without a validator.
    /// </summary>
    public Task<FeedProbeResult> ProbeAsync(FeedSourceOptions source, string? kind, CancellationToken cancellationToken) =>
        RunAsync(source.Id, kind ?? source.Kind,
            () => sources.ReadAsync(kind is null ? source : source.With(kind: kind), null, null, cancellationToken), cancellationToken);

    /// <summary>A URL or a file path named on the operator's own command line.</summary>
    public Task<FeedProbeResult> ProbeLocationAsync(string location, string? kind, CancellationToken cancellationToken) =>
        RunAsync(UrlRedaction.RedactText(location), kind,
            () => reader.ReadLocationAsync(UrlTemplate.Expand(location, time.GetUtcNow()), kind, cancellationToken), cancellationToken);

    /// <summary>A source an admin is adding: the guard, then a test fetch through the public-only client; the first problem found.</summary>
    public async Task<FeedProbeResult> ProbeNewAsync(FeedSourceOptions source, CancellationToken cancellationToken)
    {
        if (await RefusalAsync(source.Url, cancellationToken) is { } reason) return new FeedProbeResult(source.Id, source.Kind, null, $"url refused: {reason}");
        var probed = await ProbeAsync(source, null, cancellationToken);
        return probed.Ok ? probed : probed with { Error = $"the test fetch failed: {probed.Error}" };
    }

    private static async Task<FeedProbeResult> RunAsync(string source, string? kind, Func<Task<FeedReadResult>> read, CancellationToken cancellationToken)
    {
        try
        {
            var result = await read();
            return new FeedProbeResult(source, result.Kind, result, null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new FeedProbeResult(source, kind, null, UrlRedaction.RedactText(SourcePoller.Describe(ex)));
        }
    }
}
