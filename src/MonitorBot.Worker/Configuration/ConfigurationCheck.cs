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
        T Bind<T>(string section) where T : new() => BindPastErrors<T>(candidate.GetSection(section), problems);
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

    /// <summary>
    /// Binds <paramref name="section"/>; a value of the wrong type is reported (as the options validators word it) and left
    /// out, and the rest is bound again, so the section's other problems are still found.
    /// </summary>
    private static T BindPastErrors<T>(IConfigurationSection section, List<string> problems) where T : new()
    {
        var values = section.AsEnumerable().Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.OrdinalIgnoreCase);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var o = new T();
            try
            {
                new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection(section.Path).Bind(o);
                return o;
            }
            catch (InvalidOperationException ex) when (OptionsProblems.From(ex) is { } found)
            {
                problems.AddRange(found);
                var bad = values.Keys.FirstOrDefault(k => ex.Message.Contains($"'{k}'", StringComparison.OrdinalIgnoreCase));
                if (bad is null) return new T();
                values.Remove(bad);
            }
        }
        return new T();
    }
}
