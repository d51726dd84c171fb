using Microsoft.Extensions.Configuration;
using MonitorBot.Application.Administration;
using MonitorBot.Core.Detection;
using MonitorBot.Discord;
using MonitorBot.Feeds;
using MonitorBot.Storage;

namespace MonitorBot.Worker.Configuration;

/// <summary>The whole configuration's validation (every section, every problem), for admin changes checked before they are written.</summary>
public sealed class ConfigurationCheck : IConfigurationValidator
{
    IReadOnlyList<string> IConfigurationValidator.Validate(IConfiguration candidate) => Validate(candidate);

    /// <summary>Binds and validates every section of <paramref name="configuration"/>; every problem, with its key.</summary>
    public static IReadOnlyList<string> Validate(IConfiguration configuration)
    {
        var problems = new List<string>();
        T Bind<T>(string section) where T : new()
        {
            var o = new T();
            try { configuration.GetSection(section).Bind(o); }
            catch (InvalidOperationException ex) { problems.Add(ex.Message); }
            return o;
        }
        problems.AddRange(ConfigValidator.ElementProblems(configuration));
        var feeds = Bind<FeedsOptions>(FeedsOptions.SectionName);
        new AdminFeedsPostConfigure(configuration).PostConfigure(null, feeds);
        problems.AddRange(ConfigValidator.ValidateFeeds(feeds));
        problems.AddRange(StorageOptions.Problems(Bind<StorageOptions>(StorageOptions.SectionName)));
        problems.AddRange(Bind<DetectionOptions>(DetectionOptions.SectionName).Validate());
        problems.AddRange(AlertRoutingOptions.Validate(Bind<AlertRoutingOptions>(AlertRoutingOptions.SectionName)));
        problems.AddRange(DiscordOptions.Validate(Bind<DiscordOptions>(DiscordOptions.SectionName)));
        return problems.Distinct(StringComparer.Ordinal).ToList();
    }
}
