using MonitorBot.Core.Model;

namespace MonitorBot.Application.Evaluation;

/// <summary>Configuration section "Alerts": where alerts go besides explicit channel subscriptions.</summary>
public sealed class AlertRoutingOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Topics the Discord:AlertChannelId receives (market topics by default; health goes to admins).</summary>
    public List<string> AlertChannelTopics { get; set; } = [AlertTopics.Price, AlertTopics.Trade, AlertTopics.News];

    /// <summary>Lowest severity sent to Discord:AlertChannelId.</summary>
    public AlertSeverity AlertChannelMinSeverity { get; set; } = AlertSeverity.Warning;

    /// <summary>Channel for monitor-health alerts (stale, degraded, disabled sources). Empty: Discord:AlertChannelId.</summary>
    public string? AdminChannelId { get; set; }

    /// <summary>How often the outbox is checked for due messages.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often firing alerts are re-evaluated for reminders and source health is checked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the worker looks for writes it has not evaluated (another process's <c>price add</c>, a save whose evaluation failed).</summary>
    public TimeSpan EvaluationInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Longest wait between delivery attempts of one message.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    public static IReadOnlyList<string> Validate(AlertRoutingOptions o)
    {
        var problems = new List<string>();
        foreach (var topic in o.AlertChannelTopics)
        {
            if (!AlertTopics.All.Contains(topic))
                problems.Add($"{SectionName}:AlertChannelTopics: '{topic}' is not a topic (one of: {string.Join(", ", AlertTopics.All)}).");
        }
        if (!string.IsNullOrEmpty(o.AdminChannelId) && !ulong.TryParse(o.AdminChannelId, out _))
            problems.Add($"{SectionName}:AdminChannelId '{o.AdminChannelId}' is not a Discord channel id (a snowflake: digits only).");
        if (o.DispatchInterval < TimeSpan.FromMilliseconds(10) || o.DispatchInterval > TimeSpan.FromMinutes(10))
            problems.Add($"{SectionName}:DispatchInterval must be between 00:00:00.010 and 00:10:00.");
        if (o.SweepInterval < TimeSpan.FromSeconds(1) || o.SweepInterval > TimeSpan.FromHours(1))
            problems.Add($"{SectionName}:SweepInterval must be between 00:00:01 and 01:00:00.");
        if (o.EvaluationInterval < TimeSpan.FromMilliseconds(10) || o.EvaluationInterval > TimeSpan.FromMinutes(10))
            problems.Add($"{SectionName}:EvaluationInterval must be between 00:00:00.010 and 00:10:00.");
        if (o.MaxRetryDelay <= TimeSpan.Zero || o.MaxRetryDelay > TimeSpan.FromDays(1))
            problems.Add($"{SectionName}:MaxRetryDelay must be between 00:00:00.001 and 1.00:00:00.");
        return problems;
    }
}
