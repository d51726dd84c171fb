using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Feeds;
using static MonitorBot.Worker.Bot.Commands.CommandOptions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>
/// /feed add|pause|resume|remove|test (admins). Every subcommand validates its input and refuses without changing anything;
/// adding and testing go through the one <see cref="FeedProbe"/> (SSRF guard, URL templates).
/// </summary>
public sealed partial class FeedCommand(
    AdminConfigService config,
    FeedProbe probe,
    FeedParserRegistry registry,
    IOptionsMonitor<FeedsOptions> feeds,
    IFeedStateStore feedStates,
    IConfigAudit audit,
    TimeProvider time) : ICommandModule
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    private static ApplicationCommandOption SourceId() => Str("id", "Source id", required: true, maxLength: 64);

    public CommandDefinition Definition { get; } = new("feed", "Add, pause, resume, remove or test a source (admins).")
    {
        AdminOnly = true,
        Ephemeral = true,
        Subcommands =
        [
            new("add", "Add a news or data source; it is tested before it is saved.",
            [
                Str("id", "A new id: a-z, 0-9, . _ -", required: true, maxLength: 64),
                Str("kind", "The source's format", required: true, choices: [.. registry.Infos.Select(k => ApplicationCommandOptionChoice.String(k.Kind, k.Kind))]),
                Str("url", "http(s) URL of the feed", required: true, maxLength: 2000),
                Str("schedule", "30m, 2h, 1d, 00:30:00 or a Quartz cron (default 1h)", maxLength: 100),
            ]),
            new("pause", "Stop polling a source (kept, with the reason).", [SourceId()]),
            new("resume", "Poll a paused or disabled source again.", [SourceId()]),
            new("remove", "Stop polling a source for good (its history is kept).", [SourceId()]),
            new("test", "Fetch and parse a source now, without storing.", [SourceId()]),
        ],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) => context.Subcommand switch
    {
        "add" => await AddAsync(context, cancellationToken),
        "pause" => await PauseAsync(context, pause: true, cancellationToken),
        "resume" => await PauseAsync(context, pause: false, cancellationToken),
        "remove" => await RemoveAsync(context, cancellationToken),
        "test" => await TestAsync(context, cancellationToken),
        _ => InteractionResponse.Error("Unknown /feed subcommand."),
    };

    private FeedSourceOptions? Find(string id) =>
        feeds.CurrentValue.Sources.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    private static InteractionResponse NoSuchSource(string id) => InteractionResponse.Error($"No source '{BotMessages.Trim(id, 64)}'. See /feeds.");

    private async Task<InteractionResponse> AddAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var kind = context.RequireString("kind").Trim().ToLowerInvariant();
        var url = context.RequireString("url").Trim();
        var problems = new List<string>();
        if (!IdPattern().IsMatch(id)) problems.Add($"id '{BotMessages.Trim(id, 64)}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'.");
        else if (Find(id) is not null) problems.Add($"a source '{id}' already exists (use /feed remove first, or another id).");
        if (!registry.IsKnown(kind)) problems.Add($"kind '{BotMessages.Trim(kind, 20)}' is not one of {registry.KindList}.");
        else if (!registry.IsAdminAllowed(kind)) problems.Add($"kind '{kind}' needs a series mapping: add it to the config file instead.");
        if (url.Length > 2000) problems.Add("url is limited to 2000 characters.");
        if (!ScheduleParser.TryParse(context.GetString("schedule"), out var interval, out var cron, out var scheduleError)) problems.Add(scheduleError!);
        if (problems.Count > 0) return CommandReplies.Refused("Feed not added", problems);

        // Stored as written: date tokens ({yyyymm-1}) expand at each fetch; the probe checks and fetches it expanded.
        var source = new FeedSourceOptions { Id = id, Kind = kind, Url = url, Interval = interval, Cron = cron, Name = id, PublicOnly = !feeds.CurrentValue.AllowPrivateAddresses };
        var probed = await probe.ProbeNewAsync(source, cancellationToken);
        if (probed.Read is not { } read) return CommandReplies.Refused("Feed not added", [probed.Error!]);
        var result = await config.ApplyValidatedAsync(AdminFeedsPostConfigure.Keys(source), CommandReplies.Who(context), ConfigOrigins.Discord, cancellationToken, note: "/feed add");
        if (!result.Ok) return CommandReplies.Refused("Feed not added", result.Problems);
        return CommandReplies.Ok($"Feed {id} added",
            $"{Describe(read, time.GetUtcNow(), id)}\nScheduled {(interval is { } i ? $"every {i}" : $"on cron '{cron}'")}; the first poll records a baseline (not alerted).");
    }

    private async Task<InteractionResponse> PauseAsync(InteractionContext context, bool pause, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var source = Find(id);
        if (source is null) return NoSuchSource(id);
        var options = feeds.CurrentValue;
        var policy = new FeedHealthPolicy(new FeedHealthSettings(options.DegradedAfterFailures, options.DisabledAfterFailures, options.MaxBackoff));
        var state = await feedStates.GetAsync(id, cancellationToken) ?? new FeedState(id, source.Kind, FeedStatus.New);
        var now = time.GetUtcNow();
        var who = CommandReplies.Who(context);
        if (pause && FeedHealthPolicy.IsPaused(state)) return CommandReplies.Ok($"{id} already paused", state.StatusReason ?? "");
        if (!pause && state.Status != FeedStatus.Disabled) return CommandReplies.Ok($"{id} is not paused", $"Status: {state.Status}.");
        var next = pause ? policy.Pause(state, who) : policy.Reenable(state, now);
        await feedStates.UpsertAsync(next, cancellationToken);
        await audit.AppendAsync([new ConfigAuditEntry(0, now, who, ConfigOrigins.Discord, $"Feeds:Sources:{id}:State", state.Status.ToString(), next.Status.ToString(), pause ? "/feed pause" : "/feed resume")],
            cancellationToken);
        return CommandReplies.Ok(pause ? $"{id} paused" : $"{id} resumed", pause ? "It will not be polled until /feed resume." : "It will be polled at its next scheduled time.");
    }

    private async Task<InteractionResponse> RemoveAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        if (Find(id) is null) return NoSuchSource(id);
        var adminKeys = config.AdminSourceKeys(id);
        var changes = adminKeys.Count > 0
            ? adminKeys.ToDictionary(k => k, _ => (string?)null, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [$"{AdminFeedsPostConfigure.RemovedSourcesKey}:{id}"] = "true" };
        var result = await config.ApplyValidatedAsync(changes, CommandReplies.Who(context), ConfigOrigins.Discord, cancellationToken, note: "/feed remove");
        if (!result.Ok) return CommandReplies.Refused($"{id} not removed", result.Problems);
        return CommandReplies.Ok($"{id} removed", "It is no longer polled. Its stored items and history are kept.");
    }

    private async Task<InteractionResponse> TestAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var source = Find(id);
        if (source is null) return NoSuchSource(id);
        var probed = await probe.ProbeAsync(source, null, cancellationToken);
        return probed.Read is { } read
            ? CommandReplies.Ok($"Feed {id}: ok", Describe(read, time.GetUtcNow(), id))
            : InteractionResponse.Reply(BotMessages.Text($"Feed {id}: failed", probed.Error!, BotMessages.Red), ephemeral: true);
    }

    private static string Describe(FeedReadResult read, DateTimeOffset now, string sourceId)
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Parsed as **{read.Kind}**: {read.Parsed.Items.Count} items, {read.Parsed.Prices.Count} prices, {read.Parsed.Trade.Count} trade lines ({read.Bytes:#,0} bytes).");
        foreach (var raw in read.Parsed.Items.Take(5))
        {
            var n = NewsNormalizer.Normalize(raw, sourceId, now, isBaseline: true);
            sb.Append(CultureInfo.InvariantCulture, $"\n• [{n.Relevance:0.00}] {BotMessages.Trim(n.Title, 150)}");
        }
        foreach (var p in read.Parsed.Prices.TakeLast(3))
            sb.Append(CultureInfo.InvariantCulture, $"\n• {p.SeriesId} {p.Time:yyyy-MM-dd}: {p.Value:#,0.####} {p.Currency}/{p.Unit}");
        return sb.ToString();
    }
}
