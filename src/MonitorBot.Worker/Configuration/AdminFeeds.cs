using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// Sources added or removed by admins (from Discord) live in the admin configuration layer as named keys,
/// so they never collide with the file's indexed <c>Feeds:Sources</c>:
/// <c>Feeds:AdminSources:&lt;id&gt;:Kind|Url|Interval|Cron|...</c> adds a source, <c>Feeds:RemovedSources:&lt;id&gt; = true</c>
/// removes a file-defined one (its history stays). They are merged into <see cref="FeedsOptions.Sources"/> here.
/// </summary>
public sealed class AdminFeedsPostConfigure(IConfiguration configuration) : IPostConfigureOptions<FeedsOptions>
{
    public const string AdminSourcesKey = FeedsOptions.SectionName + ":AdminSources";
    public const string RemovedSourcesKey = FeedsOptions.SectionName + ":RemovedSources";

    public void PostConfigure(string? name, FeedsOptions options)
    {
        var removed = configuration.GetSection(RemovedSourcesKey).GetChildren()
            .Where(c => bool.TryParse(c.Value, out var b) && b)
            .Select(c => c.Key)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        if (removed.Count > 0) options.Sources.RemoveAll(s => removed.Contains(s.Id));

        foreach (var child in configuration.GetSection(AdminSourcesKey).GetChildren())
        {
            var source = new FeedSourceOptions();
            child.Bind(source);
            source.Id = child.Key;
            options.Sources.RemoveAll(s => string.Equals(s.Id, source.Id, StringComparison.OrdinalIgnoreCase));
            options.Sources.Add(source);
        }
    }

    /// <summary>The configuration keys that define an admin source.</summary>
    public static Dictionary<string, string?> Keys(FeedSourceOptions s)
    {
        var prefix = $"{AdminSourcesKey}:{s.Id}:";
        var keys = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [prefix + "Kind"] = s.Kind,
            [prefix + "Url"] = s.Url,
            [prefix + "Enabled"] = s.Enabled ? "true" : "false",
            [prefix + "Interval"] = s.Interval?.ToString("c", System.Globalization.CultureInfo.InvariantCulture),
            [prefix + "Cron"] = s.Cron,
            [prefix + "Name"] = s.Name,
            [prefix + "Series"] = s.Series,
            [prefix + "Unit"] = s.Unit,
            [prefix + "Currency"] = s.Currency,
            [prefix + "Query"] = s.Query,
            [prefix + "PublicOnly"] = "true",
        };
        foreach (var k in keys.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) keys.Remove(k);
        return keys;
    }
}
