using System.Globalization;
using System.Text.Json;
using MonitorBot.Core.Model;
using MonitorBot.Core.Status;
using MonitorBot.Discord.Embeds;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/price series:&lt;autocomplete&gt; [days]: the latest print, its change over the window, a sparkline and the source.</summary>
public sealed class PriceCommand(PriceQuery prices, TradeQuery trade, SeriesCatalog catalog, TimeProvider time) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("price", "Latest price of a series, its change over a window, a sparkline and the source.")
    {
        Options =
        [
            CommandOptions.Str("series", "Series id, e.g. tb-oxide", required: true, autocomplete: true, maxLength: 64),
            CommandOptions.Int("days", "Window in days (default 90)", min: 1, max: 3650),
        ],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var series = context.RequireString("series").Trim().ToLowerInvariant();
        var days = (int)(context.GetInteger("days") ?? 90);
        if (days is < 1 or > 3650) return InteractionResponse.Error("`days` must be between 1 and 3650.");
        if (series == SeriesIds.ChinaImportsFromMyanmar) return InteractionResponse.Reply(BotMessages.Trade(await trade.GetAsync(Math.Clamp(days / 30, 1, 36), cancellationToken)));

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
            .AddField("Prints", points.Count.ToString(CultureInfo.InvariantCulture), inline: true)
            .AddField("Latest", $"{StatusFormat.When(latest.Time)} — source **{latest.Source}**, fetched {StatusFormat.Age(now - latest.FetchedAt)}{(latest.Basis is { } b ? $", basis {b}" : "")}")
            .WithTimestamp(latest.Time);
        return InteractionResponse.Reply(new MessageBuilder().AddEmbed(embed).Build());
    }

    /// <summary>The built-in catalogue plus every stored series, matching what is typed.</summary>
    public async Task<IReadOnlyList<ApplicationCommandOptionChoice>> AutocompleteAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var typed = context.FocusedOption?.Value is { ValueKind: JsonValueKind.String } v ? v.GetString() : null;
        var matches = await catalog.MatchAsync(typed, InteractionDispatcher.MaxChoices, cancellationToken);
        return matches.Select(m => ApplicationCommandOptionChoice.String(BotMessages.Trim(m.Name == m.Id ? m.Id : $"{m.Id} — {m.Name}", 100), m.Id)).ToList();
    }
}
