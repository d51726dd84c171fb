using MonitorBot.Core.Model;
using MonitorBot.Discord.Models;

namespace MonitorBot.Worker.Bot;

/// <summary>Every slash command, registered in one idempotent bulk overwrite at start.</summary>
public static class BotCommandCatalog
{
    private const int Str = ApplicationCommandOptionTypes.String;
    private const int Int = ApplicationCommandOptionTypes.Integer;
    private const int SubCommand = ApplicationCommandOptionTypes.SubCommand;

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
            Name = "config", Description = "Show the effective configuration (admins; secrets hidden).", Contexts = [0], DefaultMemberPermissions = AdminGate.DefaultMemberPermissions,
            Options = [Sub("show", "Effective configuration, secrets hidden.", Opt(Str, "section", "Feeds, Storage, Detection, Alerts or Discord", maxLength: 40))],
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
