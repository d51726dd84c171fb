using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds;

namespace MonitorBot.Application.Administration;

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
            // Whatever the admin layer says (a /config import may carry PublicOnly=false or omit it), a source an admin added is
            // fetched only through the guarded client: http(s) only, connect-time address check, no proxy, redirects re-checked.
            // (The file layer's Feeds:AllowPrivateAddresses, never admin-settable, lets that client reach private hosts in tests.)
            source.PublicOnly = true;
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

/// <summary>What an admin-added source may be: the same rules for /feed add and /config import.</summary>
public static class AdminSourcePolicy
{

    /// <summary>Settings an admin source may carry: never headers, never a file path.</summary>
    public static readonly IReadOnlySet<string> Keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        { "Kind", "Url", "Interval", "Cron", "Enabled", "Name", "Query", "Series", "Unit", "Currency", "Basis", "Scale", "PublicOnly" };

    /// <summary>Every problem with the admin sources among <paramref name="keys"/> (Feeds:AdminSources:&lt;id&gt;:&lt;setting&gt; → value).</summary>
    /// <remarks>Admins may add the kinds whose parser allows it (<see cref="FeedParserRegistry.AdminKinds"/>: no series mapping needed).</remarks>
    public static async Task<IReadOnlyList<string>> CheckAsync(IReadOnlyDictionary<string, string> keys, FeedProbe probe, FeedParserRegistry registry, bool allowPrivateAddresses, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var prefix = AdminFeedsPostConfigure.AdminSourcesKey + ":";
        var sources = keys.Where(kv => kv.Key.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            .Select(kv => (Parts: kv.Key[prefix.Length..].Split(':', 2), kv.Value))
            .Where(x => x.Parts.Length == 2)
            .GroupBy(x => x.Parts[0], StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            var settings = source.ToDictionary(x => x.Parts[1], x => x.Value, StringComparer.OrdinalIgnoreCase);
            foreach (var key in settings.Keys.Where(k => !Keys.Contains(k)))
                problems.Add($"{prefix}{source.Key}:{key} cannot be set on a source added by an admin (allowed: {string.Join(", ", Keys)}).");
            if (!settings.TryGetValue("Kind", out var kind) || !registry.IsAdminAllowed(kind))
                problems.Add($"{prefix}{source.Key}:Kind must be one of {string.Join(", ", registry.AdminKinds)}.");
            if (settings.TryGetValue("PublicOnly", out var publicOnly) && !allowPrivateAddresses && !string.Equals(publicOnly, "true", StringComparison.OrdinalIgnoreCase))
                problems.Add($"{prefix}{source.Key}:PublicOnly must stay true (Feeds:AllowPrivateAddresses is false).");
            if (!settings.TryGetValue("Url", out var url))
            {
                problems.Add($"{prefix}{source.Key}:Url is required.");
                continue;
            }
            if (await probe.RefusalAsync(url, cancellationToken) is { } refusal) problems.Add($"{prefix}{source.Key}:Url refused: {refusal}");
        }
        return problems;
    }
}
