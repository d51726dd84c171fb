using System.Globalization;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Discord.Interactions;
using static MonitorBot.Worker.Bot.Commands.CommandOptions;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/alerts list|ack|mute|unmute|test|why (admins), and the Ack and Mute 24 h buttons on every alert message.</summary>
public sealed class AlertsCommand(AlertAdmin alertAdmin, AlertsQuery alertsQuery) : ICommandModule
{
    public CommandDefinition Definition { get; } = new("alerts", "List, acknowledge, mute and test alerts (admins).")
    {
        AdminOnly = true,
        Ephemeral = true,
        Subcommands =
        [
            new("list", "Alerts that are firing or pending (or recent ones).", [Str("status", "active (default), firing, pending, resolved or all", maxLength: 10)]),
            new("ack", "Acknowledge an alert: no more reminders.", [Int("id", "Alert id (from /alerts list)", required: true, min: 1)]),
            new("mute", "Mute an alert or a rule for a while.",
            [
                Str("target", "Alert id, fingerprint (rule:series) or rule id", required: true, maxLength: 120),
                Str("duration", "e.g. 30m, 6h, 2d (max 30d)", required: true, maxLength: 10),
                Str("reason", "Why (kept with the mute)", required: true, maxLength: 200),
            ]),
            new("unmute", "Lift a mute.", [Str("target", "Alert id, fingerprint or rule id", required: true, maxLength: 120)]),
            new("test", "Post a test alert through the outbox to check delivery."),
            new("why", "Why did (or didn't) an alert fire: its latest decisions.", [Str("target", "Alert id or fingerprint", required: true, maxLength: 120)]),
        ],
    };

    /// <summary>The buttons <see cref="BotMessages.Alert"/> puts on alert messages.</summary>
    public IReadOnlyList<ComponentDefinition> Components =>
    [
        new(BotMessages.AckPrefix, AckButtonAsync) { AdminOnly = true, Ephemeral = true },
        new(BotMessages.MutePrefix, MuteButtonAsync) { AdminOnly = true, Ephemeral = true },
    ];

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var who = CommandReplies.Who(context);
        switch (context.Subcommand)
        {
            case "list":
                return await ListAsync(context, cancellationToken);
            case "ack":
                return CommandReplies.Result(await alertAdmin.AckAsync(context.RequireInteger("id"), who, cancellationToken));
            case "mute":
            {
                var duration = DurationParser.Parse(context.RequireString("duration"));
                if (duration is null) return InteractionResponse.Error("`duration` must look like 30m, 6h, 2d or 1w, at most 30 days.");
                var reason = context.RequireString("reason").Trim();
                if (reason.Length is 0 or > 200) return InteractionResponse.Error("`reason` must be 1-200 characters.");
                return CommandReplies.Result(await alertAdmin.MuteAsync(context.RequireString("target"), duration.Value, who, reason, cancellationToken));
            }
            case "unmute":
                return CommandReplies.Result(await alertAdmin.UnmuteAsync(context.RequireString("target"), who, cancellationToken));
            case "test":
                return CommandReplies.Result(await alertAdmin.TestAsync(who, cancellationToken));
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

    private async Task<InteractionResponse> ListAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var which = (context.GetString("status") ?? "active").Trim().ToLowerInvariant();
        if (!AlertsQuery.TryStatuses(which, out var statuses)) return InteractionResponse.Error($"`status` must be one of {string.Join(", ", AlertsQuery.StatusWords)}.");
        var rows = await alertsQuery.ListAsync(statuses, 25, cancellationToken);
        return InteractionResponse.Reply(BotMessages.AlertList(rows, $"Alerts ({which})"), ephemeral: true);
    }

    private async Task<InteractionResponse> AckButtonAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (!TryId(context.CustomId, BotMessages.AckPrefix, out var id)) return InteractionResponse.Error("This button is malformed.");
        return CommandReplies.Result(await alertAdmin.AckAsync(id, CommandReplies.Who(context), cancellationToken));
    }

    private async Task<InteractionResponse> MuteButtonAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        if (!TryId(context.CustomId, BotMessages.MutePrefix, out var id)) return InteractionResponse.Error("This button is malformed.");
        return CommandReplies.Result(await alertAdmin.MuteAsync(id.ToString(CultureInfo.InvariantCulture), TimeSpan.FromHours(24), CommandReplies.Who(context),
            "muted for 24 h from the alert message", cancellationToken));
    }

    private static bool TryId(string? customId, string prefix, out long id)
    {
        id = 0;
        return customId is not null && customId.StartsWith(prefix, StringComparison.Ordinal)
            && long.TryParse(customId.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out id);
    }
}
