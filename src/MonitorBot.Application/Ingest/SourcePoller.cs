using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;
using MonitorBot.Application.Logging;

namespace MonitorBot.Application.Ingest;

public enum PollStatus { Polled, NotModified, Skipped, Failed }

public sealed record PollOutcome(string SourceId, PollStatus Status, int Prices = 0, int Trade = 0, int News = 0, string? Error = null, FeedState? State = null);

/// <summary>
/// The ingest path for one source: feed state → fetch + parse → normalise and score → one-transaction save
/// → feed state (success, or failure with backoff) → listeners (detectors). A failure is recorded, never thrown,
/// so one bad source never stops the others.
/// </summary>
public sealed class SourcePoller(
    ISourceReader reader,
    IIngestStore ingest,
    IFeedStateStore feedStates,
    IOptionsMonitor<FeedsOptions> feedsOptions,
    ISourceCatalog catalog,
    FeedParserRegistry registry,
    IEnumerable<IIngestListener> listeners,
    TimeProvider time,
    ILogger<SourcePoller> logger)
{
    private readonly IReadOnlyList<IIngestListener> _listeners = listeners.ToList();

    public async Task<PollOutcome> PollAsync(FeedSourceOptions source, CancellationToken cancellationToken, bool force = false)
    {
        var options = feedsOptions.CurrentValue;
        var policy = new FeedHealthPolicy(new FeedHealthSettings(options.DegradedAfterFailures, options.DisabledAfterFailures, options.MaxBackoff));
        var now = time.GetUtcNow();
        var state = await feedStates.GetAsync(source.Id, cancellationToken) ?? new FeedState(source.Id, source.Kind, FeedStatus.New);
        if (!force && !policy.ShouldRun(state, now))
        {
            var reason = state.Status == FeedStatus.Disabled ? $"disabled: {state.StatusReason}" : $"backing off until {state.NextRun:o}";
            Log.PollSkipped(logger, source.Id, reason);
            return new PollOutcome(source.Id, PollStatus.Skipped, Error: reason, State: state);
        }

        var interval = catalog.NormalInterval(source, now);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            var read = await reader.ReadAsync(source, state.ETag, state.LastModified, cancellationToken);
            var fetchedAt = time.GetUtcNow();
            if (read.NotModified)
            {
                state = policy.OnSuccess(state with { Kind = read.Kind }, fetchedAt, fetchedAt + interval, read.ETag ?? state.ETag, read.LastModified ?? state.LastModified, 0);
                state = await SaveStateAsync(state);
                Log.NotModified(logger, source.Id);
                return new PollOutcome(source.Id, PollStatus.NotModified, State: state);
            }

            // The first successful read of a news source is its baseline: stored, never alerted.
            var baseline = registry.IsNews(read.Kind) && !state.BaselineDone;
            var news = new List<NewsItem>(read.Parsed.Items.Count);
            foreach (var raw in read.Parsed.Items)
            {
                news.Add(NewsNormalizer.Normalize(raw, source.Id, fetchedAt, baseline));
            }
            var result = await ingest.SaveAsync(new IngestBatch(source.Id, read.Parsed.Prices, read.Parsed.Trade, news), cancellationToken);

            state = policy.OnSuccess(state with { Kind = read.Kind }, fetchedAt, fetchedAt + interval, read.ETag, read.LastModified,
                result.PricesWritten + result.TradeWritten + result.NewsInserted);
            state = await SaveStateAsync(state);
            var relevant = result.InsertedNews.Count(n => n.IsRelevant);
            Log.Polled(logger, source.Id, read.Kind, result.PricesWritten, result.TradeWritten, result.NewsInserted,
                relevant, baseline ? " (baseline)" : "", stopwatch.ElapsedMilliseconds);

            foreach (var listener in _listeners)
            {
                try
                {
                    await listener.OnIngestedAsync(source, result, fetchedAt, cancellationToken);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    Log.Unexpected(logger, ex, listener.GetType().Name);
                }
            }
            return new PollOutcome(source.Id, PollStatus.Polled, result.PricesWritten, result.TradeWritten, result.NewsInserted, State: state);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutdown: the transaction rolled back; nothing half written, state untouched.
            throw;
        }
        catch (Exception ex)
        {
            var error = Describe(ex);
            var before = state.Status;
            state = policy.OnFailure(state, time.GetUtcNow(), interval, error);
            try
            {
                state = await SaveStateAsync(state);
            }
            catch (Exception saveError) when (saveError is not OperationCanceledException)
            {
                // The database refused the failure record too (disk full, locked, read-only): say so in one line and let the
                // next firing try again; never throw out of the Quartz job.
                Log.StateNotSaved(logger, source.Id, Describe(saveError));
                return new PollOutcome(source.Id, PollStatus.Failed, Error: error, State: state);
            }
            Log.PollFailed(logger, source.Id, state.ConsecutiveFailures, state.Status.ToString().ToLowerInvariant(), state.NextRun, error);
            if (state.Status == FeedStatus.Disabled && before != FeedStatus.Disabled)
                Log.SourceDisabled(logger, source.Id, state.StatusReason ?? error);
            return new PollOutcome(source.Id, PollStatus.Failed, Error: error, State: state);
        }
    }

    /// <summary>
    /// Writes the poll's outcome, but a pause an admin made while the poll was running wins:
    /// the state is read again just before writing and a pause found there is kept.
    /// </summary>
    private async Task<FeedState> SaveStateAsync(FeedState state)
    {
        var latest = await feedStates.GetAsync(state.SourceId, CancellationToken.None);
        if (latest is not null && FeedHealthPolicy.IsPaused(latest) && !FeedHealthPolicy.IsPaused(state))
        {
            state = state with { Status = latest.Status, StatusReason = latest.StatusReason };
        }
        await feedStates.UpsertAsync(state, CancellationToken.None);
        return state;
    }

    /// <summary>A one-line reason: feed errors carry their own clear message; anything else says what it was.</summary>
    public static string Describe(Exception ex) => ex switch
    {
        FeedException fe => fe.Message,
        HttpRequestException hre => $"HTTP error: {hre.Message}",
        TimeoutException te => $"timed out: {te.Message}",
        OperationCanceledException => "timed out",
        IOException io => $"I/O error: {io.Message}",
        _ => $"{ex.GetType().Name}: {ex.Message}",
    };
}
