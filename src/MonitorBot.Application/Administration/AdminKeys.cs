using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;

namespace MonitorBot.Application.Administration;

/// <summary>Which configuration keys admins may change at run time (thresholds, schedules, routing), and how a key is spelled.</summary>
public static partial class AdminKeys
{
    /// <summary>Environment variables with this prefix configure MonitorBot (MONITORBOT_Feeds__Timeout) and win over admin changes.</summary>
    public const string EnvironmentPrefix = "MONITORBOT_";

    public const int MaxValueLength = 500;

    [GeneratedRegex(@"^(Detection:.+|Alerts:[A-Za-z]+(:\d+)?|Feeds:(Enabled|Timeout|MaxRetries|RetryBaseDelay|MaxRetryDelay|DegradedAfterFailures|DisabledAfterFailures|MaxBackoff|Jitter|MaxResponseBytes|MaxRedirects)|Feeds:Sources:\d+:(Interval|Cron|Enabled|Name)|Feeds:AdminSources:[a-z0-9][a-z0-9._-]{0,63}:(Interval|Cron|Enabled|Name|Series|Unit|Currency|Basis|Scale)|Discord:(AlertChannelId|AdminRoleIds:\d+|AdminUserIds:\d+))$", RegexOptions.IgnoreCase)]
    private static partial Regex Allowed();

    [GeneratedRegex(@"^Feeds:Sources:([^:]+):(.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex SourceKey();

    public static bool IsAllowed(string key) => Allowed().IsMatch(key) && !ConfigInspector.IsSecret(key);

    /// <summary>
    /// Canonical form of an admin-typed key: trims, accepts '.' or '/' as separators, and turns
    /// <c>Feeds:Sources:&lt;source id&gt;:X</c> into the file's index (or the admin source's key).
    /// </summary>
    public static string Normalize(string key, IConfiguration configuration)
    {
        var k = key.Trim().Replace('.', ':').Replace('/', ':');
        var m = SourceKey().Match(k);
        if (m.Success && !m.Groups[1].Value.All(char.IsAsciiDigit))
        {
            var id = m.Groups[1].Value;
            foreach (var child in configuration.GetSection("Feeds:Sources").GetChildren())
            {
                if (string.Equals(child["Id"], id, StringComparison.OrdinalIgnoreCase)) return $"Feeds:Sources:{child.Key}:{m.Groups[2].Value}";
            }
            if (configuration.GetSection($"{AdminFeedsPostConfigure.AdminSourcesKey}:{id}").Exists())
                return $"{AdminFeedsPostConfigure.AdminSourcesKey}:{id.ToLowerInvariant()}:{m.Groups[2].Value}";
        }
        return k;
    }

    /// <summary>Interval and Cron exclude each other: setting one clears the other at the admin layer; resetting one resets both.</summary>
    public static Dictionary<string, string?> WithScheduleCompanion(string key, string? value)
    {
        // A reset of either reverts the whole schedule to the file's.
        var changes = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase) { [key] = value };
        var companion = value is null ? null : "";
        if (key.EndsWith(":Interval", StringComparison.OrdinalIgnoreCase)) changes[key[..^"Interval".Length] + "Cron"] = companion;
        else if (key.EndsWith(":Cron", StringComparison.OrdinalIgnoreCase)) changes[key[..^"Cron".Length] + "Interval"] = companion;
        return changes;
    }
}
