using System.Text;
using Microsoft.Extensions.Configuration;
using MonitorBot.Core.Ports;
using MonitorBot.Discord.Interactions;
using MonitorBot.Discord.Rest;

namespace MonitorBot.Worker.Bot.Commands;

/// <summary>/config show|set|export|import|history (admins): provenance, validated changes, JSON round trip, the audit trail.</summary>
public sealed class ConfigCommand(IConfiguration configuration, AdminConfigService config, DiscordAttachmentDownloader downloader) : ICommandModule
{
    public const long MaxImportBytes = 256 * 1024;

    public CommandDefinition Definition { get; } = new("config", "Show, change, export and import the configuration (admins; secrets hidden).")
    {
        AdminOnly = true,
        Ephemeral = true,
        Subcommands =
        [
            new("show", "Effective configuration with where each value comes from, secrets hidden.", [CommandOptions.Str("section", "Feeds, Storage, Detection, Alerts or Discord", maxLength: 40)]),
            new("set", "Change a threshold, schedule or route (validated like the file; 'reset' reverts).",
            [
                CommandOptions.Str("key", "e.g. Detection:Trade:YoYDeclineCriticalPct or Feeds:Sources:kng:Interval", required: true, maxLength: 200),
                CommandOptions.Str("value", "The new value, or reset", required: true, maxLength: 500),
            ]),
            new("export", "The effective configuration as a JSON file (no secrets)."),
            new("import", "Make the configuration match an exported JSON file.", [CommandOptions.AttachmentOption("file", "A file from /config export", required: true)]),
            new("history", "Who changed what, when (from Discord or the file).", [CommandOptions.Str("key", "Only keys starting with this", maxLength: 200)]),
        ],
    };

    public async Task<InteractionResponse> HandleAsync(InteractionContext context, CancellationToken cancellationToken) => context.Subcommand switch
    {
        "set" => await SetAsync(context, cancellationToken),
        "export" => Export(),
        "import" => await ImportAsync(context, cancellationToken),
        "history" => await HistoryAsync(context, cancellationToken),
        // "show", as before the subcommands had handlers of their own.
        _ => Show(context),
    };

    private InteractionResponse Show(InteractionContext context)
    {
        var section = context.GetString("section")?.Trim();
        if (section is not null && !ConfigInspector.Sections.Contains(section, StringComparer.OrdinalIgnoreCase))
            return InteractionResponse.Error($"Unknown section `{BotMessages.Trim(section, 40)}`: one of {string.Join(", ", ConfigInspector.Sections)}.");
        var lines = ConfigInspector.Effective(configuration, section).Select(e => $"{e.Key} = {e.Value}  [{e.Origin}]");
        return InteractionResponse.Reply(BotMessages.Text($"Effective configuration{(section is null ? "" : ": " + section)}", BotMessages.CodeBlock(lines)), ephemeral: true);
    }

    private async Task<InteractionResponse> SetAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var key = context.RequireString("key");
        var value = context.RequireString("value");
        var result = await config.SetAsync(key, value, CommandReplies.Who(context), ConfigOrigins.Discord, cancellationToken);
        if (!result.Ok) return CommandReplies.Refused($"Not changed: {BotMessages.Trim(key, 100)}", result.Problems);
        if (result.Changes.Count == 0) return CommandReplies.Ok("No change", $"`{BotMessages.Trim(key, 100)}` already has that value.");
        return CommandReplies.Ok("Configuration changed",
            string.Join("\n", result.Changes.Select(c => $"`{c.Key}`: {ConfigAuditText.Old(c)} → {c.NewValue ?? "(file default)"}")) + "\nIn force now (no restart).");
    }

    private InteractionResponse Export()
    {
        var json = config.ExportJson();
        var message = BotMessages.Text("Configuration export", "The effective configuration (file, admin changes and environment merged; secrets left out) is attached. `/config import` takes it back.");
        return InteractionResponse.Reply(message, [new FileAttachment("monitorbot-config.json", Encoding.UTF8.GetBytes(json), "MonitorBot effective configuration", "application/json")], ephemeral: true);
    }

    private async Task<InteractionResponse> ImportAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var attachment = context.RequireAttachment("file");
        byte[] bytes;
        try
        {
            bytes = await downloader.DownloadAsync(attachment, MaxImportBytes, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return CommandReplies.Refused("Not imported", [$"could not read the attachment: {ex.Message}"]);
        }
        var result = await config.ImportAsync(Encoding.UTF8.GetString(bytes), CommandReplies.Who(context), cancellationToken);
        if (!result.Ok) return CommandReplies.Refused("Not imported", result.Problems);
        return CommandReplies.Ok("Configuration imported", result.Changes.Count == 0
            ? "The effective configuration already matched the file."
            : $"{result.Changes.Count} admin setting(s) changed:\n" + string.Join("\n", result.Changes.Take(20).Select(c => $"`{c.Key}`: {ConfigAuditText.Old(c)} → {c.NewValue ?? "(file default)"}")));
    }

    private async Task<InteractionResponse> HistoryAsync(InteractionContext context, CancellationToken cancellationToken)
    {
        var entries = await config.HistoryAsync(context.GetString("key"), 20, cancellationToken);
        if (entries.Count == 0) return CommandReplies.Ok("Configuration history", "No change recorded.");
        var lines = entries.Select(e => $"{e.At:yyyy-MM-dd HH:mm} · {e.Origin} · {BotMessages.Trim(e.Who, 40)} · `{BotMessages.Trim(e.Key, 80)}`: {BotMessages.Trim(ConfigAuditText.Old(e), 90)} → {BotMessages.Trim(e.NewValue ?? "-", 60)}");
        return InteractionResponse.Reply(BotMessages.Text("Configuration history (newest first)", string.Join("\n", lines)), ephemeral: true);
    }
}
