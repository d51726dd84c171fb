using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Cli;
using MonitorBot.Worker.Configuration;
using MonitorBot.Application.Queries;

namespace MonitorBot.Worker.Bot;

/// <summary>One handler per slash command; every answer comes from SQLite with sources and freshness.</summary>
public sealed class BotCommandHandlers(
    IServiceProvider services,
    StatusService status,
    TradeQuery trade,
    PriceQuery prices,
    NewsQuery newsQuery,
    SeriesCatalog catalog,
    AlertAdmin alertAdmin,
    IAlertStore alerts,
    IOutbox outbox,
    AdminGate gate,
    IConfiguration configuration,
    TimeProvider time)
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public void Register(InteractionDispatcher dispatcher)
    {
        dispatcher
            .Map("status", StatusAsync)
            .Map("price", PriceAsync)
            .MapAutocomplete("price", PriceAutocompleteAsync)
            .Map("news", NewsAsync)
            .Map("trade", TradeAsync)
            .Map("feeds", FeedsAsync)
            .Map("config", ConfigAsync, ephemeral: true)
            .Map("alerts", AlertsAsync, ephemeral: true)
            .MapComponent(BotMessages.AckPrefix, AckButtonAsync, ephemeral: true)
            .MapComponent(BotMessages.MutePrefix, MuteButtonAsync, ephemeral: true);
    }

    public async Task<InteractionResponse> StatusAsync(InteractionContext context, CancellationToken cancellationToken) =>
        InteractionResponse.Reply(BotMessages.Status(await status.GetAsync(cancellationToken)));

    public async Task<IReadOnlyList<ApplicationCommandOptionChoice>> PriceAutocompleteAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var typed = context.FocusedOption?.Value is { ValueKind: System.Text.Json.JsonValueKind.String } v ? v.GetString() : null;
        var matches = await catalog.MatchAsync(typed, InteractionDispatcher.MaxChoices, cancellationToken);
        return matches.Select(m => ApplicationCommandOptionChoice.String(BotMessages.Trim(m.Name == m.Id ? m.Id : $"{m.Id} — {m.Name}", 100), m.Id)).ToList();
    }

    public async Task<InteractionResponse> PriceAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var series = context.RequireString("series").Trim().ToLowerInvariant();
        var days = (int)(context.GetInteger("days") ?? 90);
        if (days is < 1 or > 3650) return InteractionResponse.Error("`days` must be between 1 and 3650.");
        if (series == SeriesIds.ChinaImportsFromMyanmar) return await TradeCoreAsync((int)Math.Clamp(days / 30, 1, 36), cancellationToken);

        var now = time.GetUtcNow();
        var (view, problem) = await prices.GetAsync(series, days, cancellationToken);
        if (view is null) return InteractionResponse.Error(problem!);
        var points = view.Points;
        var latest = view.Latest;
        var first = view.First;
        var change = view.ChangePct;
        var embed = new EmbedBuilder()
            .WithTitle($"{StatusFormat.SeriesName(series)}: {StatusFormat.Price(latest.Value, latest.Unit, latest.Currency)}")
            .WithColor(BotMessages.Blue)
            .WithDescription($"`{Sparkline.Render(points.Select(p => p.Value).ToList())}`")
            .AddField($"Change over {days} d", change is { } c ? $"{StatusFormat.Pct(c)} (from {StatusFormat.Number(first.Value)} on {StatusFormat.Date(first.Time)})" : "n/a", inline: true)
            .AddField("Range", $"{StatusFormat.Number(points.Min(p => p.Value))} – {StatusFormat.Number(points.Max(p => p.Value))}", inline: true)
            .AddField("Prints", points.Count.ToString(Inv), inline: true)
            .AddField("Latest", $"{StatusFormat.When(latest.Time)} — source **{latest.Source}**, fetched {StatusFormat.Age(now - latest.FetchedAt)}{(latest.Basis is { } b ? $", basis {b}" : "")}")
            .WithTimestamp(latest.Time);
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }

    public async Task<InteractionResponse> NewsAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var query = context.GetString("query")?.Trim();
        var limit = (int)(context.GetInteger("limit") ?? 5);
        if (limit is < 1 or > 20) return InteractionResponse.Error("`limit` must be between 1 and 20.");
        if (query is { Length: > 100 }) return InteractionResponse.Error("`query` is limited to 100 characters.");
        var now = time.GetUtcNow();
        var items = await newsQuery.SearchAsync(query, 30, limit, cancellationToken);
        var title = string.IsNullOrEmpty(query) ? "Most relevant news, last 30 days" : $"News matching “{BotMessages.Trim(query, 60)}”, last 30 days";
        if (items.Count == 0) return InteractionResponse.Reply(BotMessages.Text(title, "No relevant items."));
        var embed = new EmbedBuilder().WithTitle(title).WithColor(BotMessages.Blue);
        foreach (var n in items)
        {
            var entities = n.Entities.Count > 0 ? $" · {string.Join(", ", n.Entities.Take(5))}" : "";
            embed.AddField(BotMessages.Trim(n.Title, 250),
                $"[{n.Outlet ?? n.SourceId}]({n.Url}) · {StatusFormat.When(n.EffectiveTime)} ({StatusFormat.Age(now - n.EffectiveTime)}) · relevance {n.Relevance:0.00}{entities}");
        }
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }

    public Task<InteractionResponse> TradeAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var months = (int)(context.GetInteger("months") ?? 12);
        return months is < 1 or > 36
            ? Task.FromResult(InteractionResponse.Error("`months` must be between 1 and 36."))
            : TradeCoreAsync(months, cancellationToken);
    }

    private async Task<InteractionResponse> TradeCoreAsync(int months, CancellationToken cancellationToken)
    {
        var lines = await trade.GetAsync(months, cancellationToken);
        if (lines.Count == 0) return InteractionResponse.Reply(BotMessages.Text("China imports from Myanmar", "No trade data stored yet (the Comtrade source publishes with a lag of several months)."));
        var spark = Sparkline.Render(lines.Reverse().Select(m => m.Tonnes).ToList());
        return InteractionResponse.Reply(BotMessages.Text("China imports of rare earths from Myanmar (HS 2846 + 280530)", $"`{spark}`\n" + string.Join("\n", lines.Select(BotMessages.TradeLineText))));
    }

    public async Task<InteractionResponse> FeedsAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var rows = await services.GetRequiredService<FeedsQuery>().ListAsync(cancellationToken);
        if (rows.Count == 0) return InteractionResponse.Reply(BotMessages.Text("Sources", "No sources configured."));
        var embed = new EmbedBuilder().WithTitle("Sources").WithColor(rows.Any(r => r.Status is "disabled" or "degraded") ? BotMessages.Orange : BotMessages.Green);
        foreach (var r in rows.Take(25))
        {
            // Public reply: any URL in the text shows host and path only (no user-info, no query).
            var error = MonitorBot.Feeds.Transport.UrlRedaction.RedactText(r.Status == "disabled" ? r.Reason : r.LastError) is { Length: > 0 } e ? e : null;
            embed.AddField($"{r.Source} ({r.Kind}) — {r.Status}",
                $"last success {(r.LastSuccess is { } s ? StatusFormat.When(s) : "never")}, next {(r.NextRun is { } n ? StatusFormat.When(n) : "-")}"
                + (r.ConsecutiveFailures > 0 ? $", {r.ConsecutiveFailures} failure(s)" : "")
                + (error is null ? "" : $"\n{BotMessages.Trim(error, 300)}"));
        }
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }

    public Task<InteractionResponse> ConfigAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return Task.FromResult(refusal);
        var section = context.GetString("section")?.Trim();
        if (section is not null && !ConfigInspector.Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
            return Task.FromResult(InteractionResponse.Error($"Unknown section `{BotMessages.Trim(section, 40)}`: one of {string.Join(", ", ConfigInspector.Sections)}."));
        var lines = ConfigInspector.Effective(configuration, section).Select(e => $"{e.Key} = {e.Value}  [{e.Origin}]");
        return Task.FromResult(InteractionResponse.Reply(BotMessages.Text($"Effective configuration{(section is null ? "" : ": " + section)}", BotMessages.CodeBlock(lines)), ephemeral: true));
    }

    public async Task<InteractionResponse> AlertsAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        var who = Who(context);
        switch (context.Subcommand)
        {
            case "list":
            {
                var which = (context.GetString("status") ?? "active").Trim().ToLowerInvariant();
                IReadOnlyList<AlertStatus>? statuses = which switch
                {
                    "active" => [AlertStatus.Pending, AlertStatus.Firing],
                    "firing" => [AlertStatus.Firing],
                    "pending" => [AlertStatus.Pending],
                    "resolved" => [AlertStatus.Resolved],
                    "all" => null,
                    _ => [],
                };
                if (statuses is { Count: 0 }) return InteractionResponse.Error("`status` must be one of active, firing, pending, resolved, all.");
                var list = (await alerts.ListAsync(new AlertListQuery(statuses, Limit: 25), cancellationToken))
                    .Where(a => !a.State.Fingerprint.EndsWith(":*", StringComparison.Ordinal)).ToList();
                var delivery = await outbox.GetDeliveryAsync([.. list.Select(a => a.Id)], cancellationToken);
                return InteractionResponse.Reply(BotMessages.AlertList(list, $"Alerts ({which})", time.GetUtcNow(), delivery), ephemeral: true);
            }
            case "ack":
                return Result(await alertAdmin.AckAsync(context.RequireInteger("id"), who, cancellationToken));
            case "mute":
            {
                var duration = DurationParser.Parse(context.RequireString("duration"));
                if (duration is null) return InteractionResponse.Error("`duration` must look like 30m, 6h, 2d or 1w, at most 30 days.");
                var reason = context.RequireString("reason").Trim();
                if (reason.Length is 0 or > 200) return InteractionResponse.Error("`reason` must be 1-200 characters.");
                return Result(await alertAdmin.MuteAsync(context.RequireString("target"), duration.Value, who, reason, cancellationToken));
            }
            case "unmute":
                return Result(await alertAdmin.UnmuteAsync(context.RequireString("target"), who, cancellationToken));
            case "test":
                return Result(await alertAdmin.TestAsync(who, cancellationToken));
            case "why":
            {
                var (record, decisions) = await alertAdmin.WhyAsync(context.RequireString("target"), cancellationToken);
                if (decisions.Count == 0) return InteractionResponse.Error("No decision recorded for that alert: it never held (below threshold) or the id/fingerprint is wrong.");
                var lines = decisions.Select(d => $"{StatusFormat.DateTime(d.At)} · **{d.CodeName}** · {BotMessages.Trim(d.Text, 300)}");
                return InteractionResponse.Reply(BotMessages.Text($"Why: {(record is null ? decisions[0].Fingerprint : $"#{record.Id} {record.State.Fingerprint}")}", string.Join("\n", lines)), ephemeral: true);
            }
            default:
                return InteractionResponse.Error("Unknown /alerts subcommand.");
        }
    }

    public async Task<InteractionResponse> AckButtonAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        if (!TryId(context.CustomId, BotMessages.AckPrefix, out var id)) return InteractionResponse.Error("This button is malformed.");
        return Result(await alertAdmin.AckAsync(id, Who(context), cancellationToken));
    }

    public async Task<InteractionResponse> MuteButtonAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (gate.Refusal(context) is { } refusal) return refusal;
        if (!TryId(context.CustomId, BotMessages.MutePrefix, out var id)) return InteractionResponse.Error("This button is malformed.");
        return Result(await alertAdmin.MuteAsync(id.ToString(Inv), TimeSpan.FromHours(24), Who(context), "muted for 24 h from the alert message", cancellationToken));
    }

    private static bool TryId(string? customId, string prefix, out long id)
    {
        id = 0;
        return customId is not null && customId.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(customId.AsSpan(prefix.Length), NumberStyles.None, Inv, out id);
    }

    private static InteractionResponse Result(AdminResult r) => r.Ok ? InteractionResponse.Reply(r.Message, ephemeral: true) : InteractionResponse.Error(r.Message);

    private static string Who(InteractionContext context)
    {
        var user = context.Interaction.Member?.User ?? context.Interaction.User;
        return user is null ? "unknown" : $"{user.Username} ({user.Id})";
    }
}
