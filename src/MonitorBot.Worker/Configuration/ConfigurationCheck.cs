using Microsoft.Extensions.Configuration;
using MonitorBot.Application.Administration;
using MonitorBot.Core.Detection;
using MonitorBot.Discord;
using MonitorBot.Feeds;
using MonitorBot.Storage;

namespace MonitorBot.Worker.Configuration;

/// <summary>The whole configuration's validation (every section, every problem), for admin changes checked before they are written.</summary>
public sealed class ConfigurationCheck(FeedsOptionsValidator feedsValidator) : IConfigurationValidator
{
    /// <summary>Binds and validates every section of <paramref name="candidate"/>; every problem, with its key.</summary>
    public IReadOnlyList<string> Validate(IConfiguration candidate)
    {
        var problems = new List<string>();
        T Bind<T>(string section) where T : new()
        {
            var o = new T();
            try { candidate.GetSection(section).Bind(o); }
            catch (InvalidOperationException ex) { problems.Add(ex.Message); }
            return o;
        }
        problems.AddRange(ConfigValidator.ElementProblems(candidate));
        var feeds = Bind<FeedsOptions>(FeedsOptions.SectionName);
        new AdminFeedsPostConfigure(candidate).PostConfigure(null, feeds);
        problems.AddRange(feedsValidator.Problems(feeds));
        problems.AddRange(ConfigValidator.CronProblems(feeds));
        problems.AddRange(StorageOptions.Problems(Bind<StorageOptions>(StorageOptions.SectionName)));
        problems.AddRange(Bind<DetectionOptions>(DetectionOptions.SectionName).Validate());
        problems.AddRange(AlertRoutingOptions.Validate(Bind<AlertRoutingOptions>(AlertRoutingOptions.SectionName)));
        problems.AddRange(DiscordOptions.Validate(Bind<DiscordOptions>(DiscordOptions.SectionName)));
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }
}
