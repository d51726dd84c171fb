using Microsoft.Extensions.Configuration;

namespace MonitorBot.Worker.Bot;

/// <summary>The effective configuration as "Key = value" lines, secrets hidden (tokens, keys, passwords, request headers).</summary>
public static class ConfigView
{
    public static readonly IReadOnlyList<string> Sections = ["Storage", "Feeds", "Detection", "Alerts", "Discord"];

    public static bool IsSecret(string key)
    {
        var k = key.ToLowerInvariant();
        return k.EndsWith(":token", StringComparison.Ordinal) || k.Contains("password", StringComparison.Ordinal) || k.Contains("secret", StringComparison.Ordinal)
            || k.Contains("apikey", StringComparison.Ordinal) || k.Contains("api_key", StringComparison.Ordinal) || k.Contains(":headers:", StringComparison.Ordinal)
            || k.EndsWith("subscription-key", StringComparison.Ordinal);
    }

    public static IReadOnlyList<string> Lines(IConfiguration configuration, string? section)
    {
        var roots = section is null ? Sections : Sections.Where(s => string.Equals(s, section, StringComparison.OrdinalIgnoreCase)).ToList();
        var lines = new List<string>();
        foreach (var root in roots)
        {
            foreach (var (key, value) in configuration.GetSection(root).AsEnumerable(makePathsRelative: false)
                         .Where(kv => kv.Value is not null)
                         .OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
            {
                lines.Add($"{key} = {(IsSecret(key) ? (string.IsNullOrEmpty(value) ? "(not set)" : "•••• (hidden)") : value)}");
            }
        }
        return lines;
    }
}
