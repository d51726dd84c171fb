using System.Globalization;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Evaluation;

/// <summary>Delivers one outbox message to the destinations it understands.</summary>
public interface IAlertDeliverer
{
    bool CanDeliver(string destination);

    /// <param name="originalExternalId">For a Resolved message: the id of the message to edit, if it was delivered.</param>
    /// <returns>The id of the message at the destination (stored, so a resolution can edit it), or null.</returns>
    Task<string?> DeliverAsync(OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken);
}

/// <summary>The destination refused the message for a reason a retry will not fix soon (no permission, unknown channel, bad request).</summary>
public sealed class DeliveryRejectedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Without a Discord token, alerts are printed: one line each, on standard output.</summary>
public sealed class ConsoleAlertDeliverer(TextWriter output) : IAlertDeliverer
{
    public bool CanDeliver(string destination) => destination == AlertRouter.Console;

    public async Task<string?> DeliverAsync(OutboxMessage message, string? originalExternalId, CancellationToken cancellationToken)
    {
        await output.WriteLineAsync(Format(message).AsMemory(), cancellationToken);
        await output.FlushAsync(cancellationToken);
        return null;
    }

    /// <summary>The console word for a notification kind.</summary>
    public static string Tag(NotifyKind kind) => kind switch
    {
        NotifyKind.Fired => "ALERT",
        NotifyKind.Escalated => "ESCALATED",
        NotifyKind.Deescalated => "EASED",
        NotifyKind.Reminder => "REMINDER",
        NotifyKind.Resolved => "RESOLVED",
        _ => kind.ToString().ToUpperInvariant(),
    };

    public static string Format(OutboxMessage m)
    {
        var tag = Tag(m.Kind);
        var severity = m.Severity switch
        {
            AlertSeverity.Critical => "CRITICAL",
            AlertSeverity.Warning => "WARNING",
            _ => "INFO",
        };
        return string.Create(CultureInfo.InvariantCulture,
            $"{tag} #{m.AlertId} [{severity}] [{m.Topic}] {m.Title} — {m.Reason} (source {m.Source}, {m.CreatedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC)");
    }
}
