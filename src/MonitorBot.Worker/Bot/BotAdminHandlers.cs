using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using MonitorBot.Worker.Configuration;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Worker.Bot;

/// <summary>
/// Admin commands that change what is watched and how loudly: /feed, /subscribe, /unsubscribe, /config set|export|import|history.
/// Every one is gated server-side, validates its input (lengths, ids, URLs, values) and refuses without changing anything.
/// </summary>
public sealed partial class BotAdminHandlers(
    AdminGate gate,
    AdminConfigService config,
    FeedProbe probe,
    IOptionsMonitor<FeedsOptions> feeds,
    IFeedStateStore feedStates,
    ISubscriptionStore subscriptions,
    ConfigAuditRepository audit,
    DiscordAttachmentDownloader downloader,
    TimeProvider time)
{
    public const long MaxImportBytes = 256 * 1024;

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex IdPattern();

    public void Register(InteractionDispatcher dispatcher)
    {
        dispatcher
            .Map("feed", FeedAsync, ephemeral: true)
            .Map("subscribe", SubscribeAsync, ephemeral: true)
            .Map("unsubscribe", UnsubscribeAsync, ephemeral: true)
            .Map("config set", ConfigSetAsync, ephemeral: true)
            .Map("config export", ConfigExportAsync, ephemeral: true)
            .Map("config import", ConfigImportAsync, ephemeral: true)
            .Map("config history", ConfigHistoryAsync, ephemeral: true);
    }

    private static string Who(InteractionContext context)
    {
        var user = context.Interaction.Member?.User ?? context.Interaction.User;
        return user is null ? "unknown" : $"{user.Username} ({user.Id})";
    }

    private static InteractionResponse Ok(string title, string body) => InteractionResponse.Reply(BotMessages.Text(title, body, BotMessages.Green), ephemeral: true);

    private static InteractionResponse Refused(string title, IEnumerable<string> problems) =>
        InteractionResponse.Reply(BotMessages.Text(title, "Nothing was changed.\n" + string.Join("\n", problems.Select(p => "• " + BotMessages.Trim(p, 400))), BotMessages.Red), ephemeral: true);

    // ---------------------------------------------------------------- /feed

    public async Task<InteractionResponse> FeedAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        return context.Subcommand switch
        {
            "add" => await FeedAddAsync(context, cancellationToken),
            "pause" => await FeedPauseAsync(context, pause: true, cancellationToken),
            "resume" => await FeedPauseAsync(context, pause: false, cancellationToken),
            "remove" => await FeedRemoveAsync(context, cancellationToken),
            "test" => await FeedTestAsync(context, cancellationToken),
            _ => InteractionResponse.Error("Unknown /feed subcommand."),
        };
    }

    private FeedSourceOptions? Find(string id) =>
        feeds.CurrentValue.Sources.FirstOrDefault(s => string.Equals(s.Id, id, StringComparison.OrdinalIgnoreCase));

    private async Task<InteractionResponse> FeedAddAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var kind = context.RequireString("kind").Trim().ToLowerInvariant();
        var url = context.RequireString("url").Trim();
        var problems = new List<string>();
        if (!IdPattern().IsMatch(id)) problems.Add($"id '{BotMessages.Trim(id, 64)}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'.");
        else if (Find(id) is not null) problems.Add($"a source '{id}' already exists (use /feed remove first, or another id).");
        if (!FeedKinds.IsKnown(kind)) problems.Add($"kind '{BotMessages.Trim(kind, 20)}' is not one of {string.Join(", ", FeedKinds.All)}.");
        else if (!AdminSourcePolicy.Kinds.Contains(kind)) problems.Add($"kind '{kind}' needs a series mapping: add it to the config file instead.");
        if (url.Length > 2000) problems.Add("url is limited to 2000 characters.");
        if (!ScheduleParser.TryParse(context.GetString("schedule"), out var interval, out var cron, out var scheduleError)) problems.Add(scheduleError!);
        if (problems.Count > 0) return Refused("Feed not added", problems);

        // Stored as written: date tokens ({yyyymm-1}) expand at each fetch; the probe checks and fetches it expanded.
        var source = new FeedSourceOptions { Id = id, Kind = kind, Url = url, Interval = interval, Cron = cron, Name = id, PublicOnly = !feeds.CurrentValue.AllowPrivateAddresses };
        var probed = await probe.ProbeNewAsync(source, cancellationToken);
        if (probed.Read is not { } read) return Refused("Feed not added", [probed.Error!]);
        var result = await config.ApplyValidatedAsync(AdminFeedsPostConfigure.Keys(source), Who(context), ConfigOrigins.Discord, cancellationToken, note: "/feed add");
        if (!result.Ok) return Refused("Feed not added", result.Problems);
        return Ok($"Feed {id} added", $"{Describe(read, time.GetUtcNow(), id)}\nScheduled {(interval is { } i ? $"every {i}" : $"on cron '{cron}'")}; the first poll records a baseline (not alerted).");
    }

    private async Task<InteractionResponse> FeedPauseAsync(InteractionContext context, bool pause, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var source = Find(id);
        if (source is null) return InteractionResponse.Error($"No source '{BotMessages.Trim(id, 64)}'. See /feeds.");
        var options = feeds.CurrentValue;
        var policy = new FeedHealthPolicy(new FeedHealthSettings(options.DegradedAfterFailures, options.DisabledAfterFailures, options.MaxBackoff));
        var state = await feedStates.GetAsync(id, cancellationToken) ?? new FeedState(id, source.Kind, FeedStatus.New);
        var now = time.GetUtcNow();
        var who = Who(context);
        if (pause && FeedHealthPolicy.IsPaused(state)) return Ok($"{id} already paused", state.StatusReason ?? "");
        if (!pause && state.Status != FeedStatus.Disabled) return Ok($"{id} is not paused", $"Status: {state.Status}.");
        var next = pause ? policy.Pause(state, who) : policy.Reenable(state, now);
        await feedStates.UpsertAsync(next, cancellationToken);
        await audit.AppendAsync([new ConfigAuditEntry(0, now, who, ConfigOrigins.Discord, $"Feeds:Sources:{id}:State", state.Status.ToString(), next.Status.ToString(), pause ? "/feed pause" : "/feed resume")], cancellationToken);
        return Ok(pause ? $"{id} paused" : $"{id} resumed", pause ? "It will not be polled until /feed resume." : "It will be polled at its next scheduled time.");
    }

    private async Task<InteractionResponse> FeedRemoveAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        if (Find(id) is null) return InteractionResponse.Error($"No source '{BotMessages.Trim(id, 64)}'. See /feeds.");
        var adminKeys = config.AdminSourceKeys(id);
        var changes = adminKeys.Count > 0
            ? adminKeys.ToDictionary(k => k, _ => (string?)null, StringComparer.OrdinalIgnoreCase)
            : new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [$"{AdminFeedsPostConfigure.RemovedSourcesKey}:{id}"] = "true" };
        var result = await config.ApplyValidatedAsync(changes, Who(context), ConfigOrigins.Discord, cancellationToken, note: "/feed remove");
        if (!result.Ok) return Refused($"{id} not removed", result.Problems);
        return Ok($"{id} removed", "It is no longer polled. Its stored items and history are kept.");
    }

    private async Task<InteractionResponse> FeedTestAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var id = context.RequireString("id").Trim().ToLowerInvariant();
        var source = Find(id);
        if (source is null) return InteractionResponse.Error($"No source '{BotMessages.Trim(id, 64)}'. See /feeds.");
        var probed = await probe.ProbeAsync(source, null, cancellationToken);
        return probed.Read is { } read
            ? Ok($"Feed {id}: ok", Describe(read, time.GetUtcNow(), id))
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

    // ---------------------------------------------------------------- /subscribe, /unsubscribe

    public async Task<InteractionResponse> SubscribeAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var channel = context.GetChannelId("channel") ?? throw new InteractionOptionException("channel is required.");
        var (topics, topicError) = ParseTopics(context.RequireString("topics"));
        if (topicError is not null) return InteractionResponse.Error(topicError);
        var minText = context.GetString("min-severity");
        var min = minText is null ? AlertSeverity.Warning : BotCommandCatalog.ParseSeverity(minText);
        if (min is null) return InteractionResponse.Error("min-severity must be info, warning or critical.");
        var role = context.GetRoleId("mention-role");
        var mentions = new Dictionary<AlertSeverity, string>();
        if (role is not null)
        {
            // The role is pinged for the subscription's minimum severity and above.
            foreach (var s in new[] { AlertSeverity.Info, AlertSeverity.Warning, AlertSeverity.Critical }.Where(s => s >= min)) mentions[s] = role;
        }
        var now = time.GetUtcNow();
        var who = Who(context);
        var before = (await subscriptions.ListAsync(cancellationToken)).FirstOrDefault(s => s.ChannelId == channel);
        await subscriptions.UpsertAsync(new AlertSubscription(channel, topics!, min.Value, mentions, who, now), cancellationToken);
        await audit.AppendAsync([new ConfigAuditEntry(0, now, who, ConfigOrigins.Discord, $"Subscriptions:{channel}",
            before is null ? null : Describe(before), $"{string.Join(",", topics!)} ≥ {min}{(role is null ? "" : $" @{role}")}", "/subscribe")], cancellationToken);
        return Ok("Subscribed", $"<#{channel}> now receives {string.Join(", ", topics!)} alerts of severity {min} and above{(role is null ? "" : $", mentioning <@&{role}>")}.");
    }

    public async Task<InteractionResponse> UnsubscribeAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var channel = context.GetChannelId("channel") ?? throw new InteractionOptionException("channel is required.");
        IReadOnlyList<string>? topics = null;
        if (context.GetString("topics") is { } text)
        {
            var (parsed, error) = ParseTopics(text);
            if (error is not null) return InteractionResponse.Error(error);
            topics = parsed;
        }
        var now = time.GetUtcNow();
        var who = Who(context);
        var changed = await subscriptions.RemoveAsync(channel, topics, cancellationToken);
        if (!changed) return Ok("Nothing to remove", $"<#{channel}> had no such subscription.");
        await audit.AppendAsync([new ConfigAuditEntry(0, now, who, ConfigOrigins.Discord, $"Subscriptions:{channel}", topics is null ? "all" : string.Join(",", topics), null, "/unsubscribe")], cancellationToken);
        return Ok("Unsubscribed", $"<#{channel}> no longer receives {(topics is null ? "any" : string.Join(", ", topics))} alerts.");
    }

    private static string Describe(AlertSubscription s) => $"{string.Join(",", s.Topics)} ≥ {s.MinSeverity}";

    public static (IReadOnlyList<string>? Topics, string? Error) ParseTopics(string text)
    {
        var parts = text.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => p.ToLowerInvariant()).Distinct().ToList();
        if (parts.Count == 1 && parts[0] == "all") return (AlertTopics.All, null);
        var unknown = parts.Where(p => !AlertTopics.All.Contains(p)).ToList();
        if (parts.Count == 0 || unknown.Count > 0)
            return (null, $"topics must be a comma-separated list of {string.Join(", ", AlertTopics.All)} (or all){(unknown.Count > 0 ? $"; unknown: {BotMessages.Trim(string.Join(", ", unknown), 100)}" : "")}.");
        return (parts, null);
    }

    // ---------------------------------------------------------------- /config set|export|import|history

    public async Task<InteractionResponse> ConfigSetAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var key = context.RequireString("key");
        var value = context.RequireString("value");
        var result = await config.SetAsync(key, value, Who(context), ConfigOrigins.Discord, cancellationToken);
        if (!result.Ok) return Refused($"Not changed: {BotMessages.Trim(key, 100)}", result.Problems);
        if (result.Changes.Count == 0) return Ok("No change", $"`{BotMessages.Trim(key, 100)}` already has that value.");
        return Ok("Configuration changed", string.Join("\n", result.Changes.Select(c => $"`{c.Key}`: {c.OldValue ?? "(file default)"} → {c.NewValue ?? "(file default)"}")) + "\nIn force now (no restart).");
    }

    public Task<InteractionResponse> ConfigExportAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return Task.FromResult(refusal);
        var json = config.ExportJson();
        var message = BotMessages.Text("Configuration export", "The effective configuration (file, admin changes and environment merged; secrets left out) is attached. `/config import` takes it back.");
        return Task.FromResult(InteractionResponse.Reply(message, [new FileAttachment("monitorbot-config.json", Encoding.UTF8.GetBytes(json), "MonitorBot effective configuration", "application/json")], ephemeral: true));
    }

    public async Task<InteractionResponse> ConfigImportAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var attachment = context.RequireAttachment("file");
        byte[] bytes;
        try
        {
            bytes = await downloader.DownloadAsync(attachment, MaxImportBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return Refused("Not imported", [$"could not read the attachment: {ex.Message}"]);
        }
        var result = await config.ImportAsync(Encoding.UTF8.GetString(bytes), Who(context), cancellationToken);
        if (!result.Ok) return Refused("Not imported", result.Problems);
        return Ok("Configuration imported", result.Changes.Count == 0
            ? "The effective configuration already matched the file."
            : $"{result.Changes.Count} admin setting(s) changed:\n" + string.Join("\n", result.Changes.Take(20).Select(c => $"`{c.Key}`: {c.OldValue ?? "-"} → {c.NewValue ?? "(file default)"}")));
    }

    public async Task<InteractionResponse> ConfigHistoryAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var key = context.GetString("key");
        var entries = await config.HistoryAsync(key, 20, cancellationToken);
        if (entries.Count == 0) return Ok("Configuration history", "No change recorded.");
        var lines = entries.Select(e => $"{e.At:yyyy-MM-dd HH:mm} · {e.Origin} · {BotMessages.Trim(e.Who, 40)} · `{BotMessages.Trim(e.Key, 80)}`: {BotMessages.Trim(e.OldValue ?? "-", 60)} → {BotMessages.Trim(e.NewValue ?? "-", 60)}");
        return InteractionResponse.Reply(BotMessages.Text("Configuration history (newest first)", string.Join("\n", lines)), ephemeral: true);
    }
}
