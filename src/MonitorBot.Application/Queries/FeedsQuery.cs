using Microsoft.Extensions.Options;
using MonitorBot.Application.Ingest;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Feeds;
using MonitorBot.Feeds.Transport;

namespace MonitorBot.Application.Queries;

/// <summary>One source as `feeds` and /feeds show it. URLs in errors show host and path only.</summary>
public sealed record FeedRow(
    string Source, string Kind, bool Enabled, bool Configured, string Status, string? Reason, string Schedule,
    DateTimeOffset? LastSuccess, DateTimeOffset? LastAttempt, string? LastError, int ConsecutiveFailures, DateTimeOffset? NextRun, long ItemsTotal);

/// <summary>Every configured source with its state, then sources removed from the configuration that still have history.</summary>
public sealed class FeedsQuery(IOptionsMonitor<FeedsOptions> feeds, IFeedStateStore feedStates)
{
    public async Task<IReadOnlyList<FeedRow>> ListAsync(CancellationToken cancellationToken)
    {
        var options = feeds.CurrentValue;
        var states = (await feedStates.ListAsync(cancellationToken)).ToDictionary(s => s.SourceId, StringComparer.OrdinalIgnoreCase);
        var rows = new List<FeedRow>();
        foreach (var source in options.Sources)
        {
            states.Remove(source.Id, out var state);
            var enabled = options.Enabled && source.Enabled;
            var status = state?.Status.ToString().ToLowerInvariant() ?? "new";
            if (!enabled && state?.Status != FeedStatus.Disabled) status = "off";
            rows.Add(new FeedRow(source.Id, source.Kind, enabled, true, status, state?.StatusReason, SourceSchedule.Describe(source),
                state?.LastSuccess, state?.LastAttempt, Redact(state?.LastError), state?.ConsecutiveFailures ?? 0, enabled ? state?.NextRun : null, state?.ItemsTotal ?? 0));
        }
        foreach (var state in states.Values.OrderBy(s => s.SourceId, StringComparer.Ordinal))
        {
            rows.Add(new FeedRow(state.SourceId, state.Kind, false, false, "removed", state.StatusReason, "-",
                state.LastSuccess, state.LastAttempt, Redact(state.LastError), state.ConsecutiveFailures, null, state.ItemsTotal));
        }
        return rows;
    }

    private static string? Redact(string? text) => text is null ? null : UrlRedaction.RedactText(text);
}
