namespace MonitorBot.Core.Model;

public enum AlertSeverity
{
    Info = 0,
    Warning = 1,
    Critical = 2,
}

/// <summary>What an alert is about; channels subscribe to topics.</summary>
public static class AlertTopics
{
    public const string Price = "price";
    public const string Trade = "trade";
    public const string News = "news";
    /// <summary>Monitor health (stale, degraded or disabled sources): routed to admins.</summary>
    public const string Health = "health";

    public static readonly IReadOnlyList<string> All = [Price, Trade, News, Health];
}

/// <summary>A firing alert as the supply-status rules see it.</summary>
public sealed record AlertSummary(
    string Fingerprint,
    string Rule,
    string Topic,
    AlertSeverity Severity,
    string Title,
    string Source,
    DateTimeOffset Since);
