using MonitorBot.Core.Model;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot;

/// <summary>Every slash command, registered in one idempotent bulk overwrite at start.</summary>
public static class BotCommandCatalog
{
    private const int Str = ApplicationCommandOptionTypes.String;
    private const int Int = ApplicationCommandOptionTypes.Integer;
    private const int SubCommand = ApplicationCommandOptionTypes.SubCommand;
    private const int Attachment = ApplicationCommandOptionTypes.Attachment;

    private static ApplicationCommandOption Opt(int type, string name, string description, bool required = false,
        bool autocomplete = false, double? min = null, double? max = null, int? maxLength = null, IReadOnlyList<ApplicationCommandOptionChoice>? choices = null) =>
        new()
        {
            Type = type, Name = name, Description = description, Required = required ? true : null,
            Autocomplete = autocomplete ? true : null, MinValue = min, MaxValue = max, MaxLength = maxLength, Choices = choices,
        };

    private static ApplicationCommandOption Sub(string name, string description, params ApplicationCommandOption[] options) =>
        new() { Type = SubCommand, Name = name, Description = description, Options = options.Length == 0 ? null : options };

    private static readonly IReadOnlyList<ApplicationCommandOptionChoice> SeverityChoices =
        [ApplicationCommandOptionChoice.String("info", "info"), ApplicationCommandOptionChoice.String("warning", "warning"), ApplicationCommandOptionChoice.String("critical", "critical")];

    public static IReadOnlyList<ApplicationCommand> All { get; } =
    [
        new() { Name = "status", Description = "Kachin heavy-rare-earth supply status: prices, imports, news, alerts, with sources and freshness.", Contexts = [0] },
        new()
        {
            Name = "price", Description = "Latest price of a series, its change over a window, a sparkline and the source.", Contexts = [0],
            Options = [Opt(Str, "series", "Series id, e.g. tb-oxide", required: true, autocomplete: true, maxLength: 64), Opt(Int, "days", "Window in days (default 90)", min: 1, max: 3650)],
        },
        new()
        {
            Name = "news", Description = "Most relevant recent news about Kachin rare-earth supply, with links.", Contexts = [0],
            Options = [Opt(Str, "query", "Words to look for in titles and summaries", maxLength: 100), Opt(Int, "limit", "How many items (1-20, default 5)", min: 1, max: 20)],
        },
        new()
        {
            Name = "trade", Description = "China's monthly rare-earth imports from Myanmar with the change year on year.", Contexts = [0],
            Options = [Opt(Int, "months", "How many months (1-36, default 12)", min: 1, max: 36)],
        },
        new() { Name = "feeds", Description = "Health of every source: status, last success, last error.", Contexts = [0] },
        new()
        {
            Name = "alerts", Description = "List, acknowledge, mute and test alerts (admins).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options =
            [
                Sub("list", "Alerts that are firing or pending (or recent ones).", Opt(Str, "status", "active (default), firing, pending, resolved or all", maxLength: 10)),
                Sub("ack", "Acknowledge an alert: no more reminders.", Opt(Int, "id", "Alert id (from /alerts list)", required: true, min: 1)),
                Sub("mute", "Mute an alert or a rule for a while.",
                    Opt(Str, "target", "Alert id, fingerprint (rule:series) or rule id", required: true, maxLength: 120),
                    Opt(Str, "duration", "e.g. 30m, 6h, 2d (max 30d)", required: true, maxLength: 10),
                    Opt(Str, "reason", "Why (kept with the mute)", required: true, maxLength: 200)),
                Sub("unmute", "Lift a mute.", Opt(Str, "target", "Alert id, fingerprint or rule id", required: true, maxLength: 120)),
                Sub("test", "Post a test alert through the outbox to check delivery."),
                Sub("why", "Why did (or didn't) an alert fire: its latest decisions.", Opt(Str, "target", "Alert id or fingerprint", required: true, maxLength: 120)),
            ],
        },
        new()
        {
            Name = "config", Description = "Show, change, export and import the configuration (admins; secrets hidden).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options =
            [
                Sub("show", "Effective configuration with where each value comes from, secrets hidden.", Opt(Str, "section", "Feeds, Storage, Detection, Alerts or Discord", maxLength: 40)),
                Sub("set", "Change a threshold, schedule or route (validated like the file; 'reset' reverts).",
                    Opt(Str, "key", "e.g. Detection:Trade:YoYDeclineCriticalPct or Feeds:Sources:kng:Interval", required: true, maxLength: 200),
                    Opt(Str, "value", "The new value, or reset", required: true, maxLength: 500)),
                Sub("export", "The effective configuration as a JSON file (no secrets)."),
                Sub("import", "Make the configuration match an exported JSON file.", Opt(Attachment, "file", "A file from /config export", required: true)),
                Sub("history", "Who changed what, when (from Discord or the file).", Opt(Str, "key", "Only keys starting with this", maxLength: 200)),
            ],
        },
        new()
        {
            Name = "feed", Description = "Add, pause, resume, remove or test a source (admins).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options =
            [
                Sub("add", "Add a news or data source; it is tested before it is saved.",
                    Opt(Str, "id", "A new id: a-z, 0-9, . _ -", required: true, maxLength: 64),
                    Opt(Str, "kind", "The source's format", required: true, choices: [.. Core.Feeds.FeedKinds.All.Select(k => ApplicationCommandOptionChoice.String(k, k))]),
                    Opt(Str, "url", "http(s) URL of the feed", required: true, maxLength: 2000),
                    Opt(Str, "schedule", "30m, 2h, 1d, 00:30:00 or a Quartz cron (default 1h)", maxLength: 100)),
                Sub("pause", "Stop polling a source (kept, with the reason).", Opt(Str, "id", "Source id", required: true, maxLength: 64)),
                Sub("resume", "Poll a paused or disabled source again.", Opt(Str, "id", "Source id", required: true, maxLength: 64)),
                Sub("remove", "Stop polling a source for good (its history is kept).", Opt(Str, "id", "Source id", required: true, maxLength: 64)),
                Sub("test", "Fetch and parse a source now, without storing.", Opt(Str, "id", "Source id", required: true, maxLength: 64)),
            ],
        },
        new()
        {
            Name = "subscribe", Description = "Send alerts of some topics to a channel (admins).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options =
            [
                new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.Channel, Name = "channel", Description = "The channel", Required = true, ChannelTypes = [0, 5] },
                Opt(Str, "topics", "Comma-separated: price, trade, news, health (or all)", required: true, maxLength: 100),
                Opt(Str, "min-severity", "Lowest severity sent (default warning)", choices: SeverityChoices),
                new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.Role, Name = "mention-role", Description = "A role to mention on these alerts" },
            ],
        },
        new()
        {
            Name = "unsubscribe", Description = "Stop sending alerts to a channel (admins).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options =
            [
                new ApplicationCommandOption { Type = ApplicationCommandOptionTypes.Channel, Name = "channel", Description = "The channel", Required = true, ChannelTypes = [0, 5] },
                Opt(Str, "topics", "Only these topics (default all)", maxLength: 100),
            ],
        },
    ];

    public static bool IsAdminCommand(string name) =>
        All.Any(c => c.Name == name && c.DefaultMemberPermissions is not null);

    public static AlertSeverity? ParseSeverity(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "info" => AlertSeverity.Info,
        "warning" => AlertSeverity.Warning,
        "critical" => AlertSeverity.Critical,
        _ => null,
    };

    internal static IReadOnlyList<ApplicationCommandOptionChoice> Severities => SeverityChoices;
}
