using MonitorBot.Feeds;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// The host's share of configuration validation: what needs Quartz (cron) or the raw configuration (elements of a
/// wrong type, which the binder would silently drop). Each project validates its own options (Feeds, Storage, Discord,
/// the application's Detection and Alerts).
/// </summary>
public static class ConfigValidator
{
    /// <summary>Cron schedules are Quartz's: checked here, by the host that runs them ("Feeds:Sources:2:Cron ...").</summary>
    public static IReadOnlyList<string> CronProblems(FeedsOptions options) =>
        options.Sources.Select((source, i) => (source, i))
            .Where(x => !string.IsNullOrWhiteSpace(x.source.Cron) && !CronExpression.TryParse(x.source.Cron, out _))
            .Select(x => $"{FeedsOptions.SectionName}:Sources:{x.i}:Cron '{x.source.Cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week).")
            .ToList();

    /// <summary>
    /// The binder silently skips a list or dictionary element that has a value of the wrong type (a source with
    /// Interval "soon" would just vanish). Bind every element on its own and report each failure with its key.
    /// </summary>
    public static IReadOnlyList<string> ElementProblems(IConfiguration configuration)
    {
        var problems = new List<string>();
        void Check<T>(string path) where T : new()
        {
            foreach (var child in configuration.GetSection(path).GetChildren())
            {
                try
                {
                    child.Bind(new T());
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }
        Check<FeedSourceOptions>("Feeds:Sources");
        Check<FeedSourceOptions>("Feeds:AdminSources");
        Check<MonitorBot.Core.Detection.PriceRuleOptions>("Detection:PriceRules");
        return problems;
    }
}
