using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Administration;

public static class ConfigAuditText
{
    /// <summary>
    /// The value a change replaced and where it came from: "50 (file config/monitorbot.json)", "(default)" when no layer
    /// set it, "12 (admin)"; rows written before origins were kept show the admin layer's value or "-".
    /// </summary>
    public static string Old(ConfigAuditEntry entry) => entry switch
    {
        { OldOrigin: null } => entry.OldValue ?? "-",
        { OldValue: null } => $"({entry.OldOrigin})",
        _ => $"{entry.OldValue} ({entry.OldOrigin})",
    };
}
