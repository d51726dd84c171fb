using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.Configuration.Memory;

namespace MonitorBot.Application.Administration;

/// <param name="Origin">Where the value comes from: "file monitorbot.json", "admin", "environment", "command line", "default".</param>
public sealed record ConfigEntry(string Key, string? Value, string Origin);

/// <summary>Reads the layered configuration: effective values with their origin, secrets hidden, and what-if validation.</summary>
public static class ConfigInspector
{
    public const string AdminOrigin = "admin";

    public static readonly IReadOnlyList<string> Sections = ["Storage", "Feeds", "Detection", "Alerts", "Discord"];

    public static bool IsSecret(string key)
    {
        var k = key.ToLowerInvariant();
        return k.EndsWith(":token", StringComparison.Ordinal) || k.Contains("password", StringComparison.Ordinal) || k.Contains("secret", StringComparison.Ordinal)
            || k.Contains("apikey", StringComparison.Ordinal) || k.Contains("api_key", StringComparison.Ordinal) || k.Contains(":headers:", StringComparison.Ordinal)
            || k.Contains("subscription-key", StringComparison.Ordinal);
    }

    public static string Mask(string key, string? value) =>
        value is null ? "" : IsSecret(key) ? (value.Length == 0 ? "(not set)" : "•••• (hidden)") : MaskUrlSecrets(key, value);

    /// <summary>A URL's query may carry an API key (subscription-key=, apikey=, token=): show its parameter names only.</summary>
    public static string MaskUrlSecrets(string key, string value)
    {
        // A password in the user-info part (http://user:password@host/) is hidden wherever a value holds one.
        value = MonitorBot.Feeds.Transport.UrlRedaction.MaskUserInfo(value);
        if (!key.EndsWith(":Url", StringComparison.OrdinalIgnoreCase) || !Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Query.Length < 2) return value;
        // The value's own query text, not Uri.Query: that one comes escaped ({yyyymm-1} would show as %7Byyyymm-1%7D).
        var question = value.IndexOf('?', StringComparison.Ordinal);
        if (question < 0) return value;
        var masked = value[(question + 1)..].Split('&').Select(p =>
        {
            var eq = p.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? p : p[..eq];
            var n = name.ToLowerInvariant();
            var secret = n.Contains("key", StringComparison.Ordinal) || n.Contains("token", StringComparison.Ordinal) || n.Contains("secret", StringComparison.Ordinal)
                || n.Contains("password", StringComparison.Ordinal) || n == "sig" || n == "signature";
            return secret && eq >= 0 ? name + "=••••" : p;
        });
        return value[..question] + "?" + string.Join("&", masked);
    }

    public static string OriginOf(IConfigurationProvider provider) => provider switch
    {
        JsonConfigurationProvider json => "file " + json.Source.Path,
        EnvironmentVariablesConfigurationProvider => "environment",
        MemoryConfigurationProvider => "command line",
        _ when provider.GetType().Name.Contains("Settings", StringComparison.Ordinal) => AdminOrigin,
        _ => provider.GetType().Name,
    };

    /// <summary>Every set key of the given sections (all when null), with the origin of its winning value.</summary>
    public static IReadOnlyList<ConfigEntry> Effective(IConfiguration configuration, string? section = null)
    {
        var providers = (configuration as IConfigurationRoot)?.Providers.ToList() ?? [];
        var roots = section is null ? Sections : Sections.Where(s => string.Equals(s, section, StringComparison.OrdinalIgnoreCase)).ToList();
        var entries = new List<ConfigEntry>();
        foreach (var root in roots)
        {
            foreach (var (key, value) in configuration.GetSection(root).AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.OrdinalIgnoreCase))
            {
                var origin = "default";
                for (var i = providers.Count - 1; i >= 0; i--)
                {
                    if (providers[i].TryGet(key, out _)) { origin = OriginOf(providers[i]); break; }
                }
                entries.Add(new ConfigEntry(key, Mask(key, value), origin));
            }
        }
        return entries;
    }

    /// <summary>The origin of one key's winning value, or null when no layer sets it.</summary>
    public static string? OriginOf(IConfiguration configuration, string key)
    {
        var providers = (configuration as IConfigurationRoot)?.Providers.ToList() ?? [];
        for (var i = providers.Count - 1; i >= 0; i--)
        {
            if (providers[i].TryGet(key, out _)) return OriginOf(providers[i]);
        }
        return null;
    }

    /// <summary>All key/values a provider holds.</summary>
    public static Dictionary<string, string?> Flatten(IConfigurationProvider provider)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        void Walk(string? parent)
        {
            foreach (var child in provider.GetChildKeys([], parent).Distinct(StringComparer.OrdinalIgnoreCase))
            {
                var key = parent is null ? child : parent + ConfigurationPath.KeyDelimiter + child;
                if (provider.TryGet(key, out var value)) result[key] = value;
                Walk(key);
            }
        }
        Walk(null);
        return result;
    }

    /// <summary>
    /// The configuration as it would be with <paramref name="adminChanges"/> applied to the admin layer
    /// (null value = override removed), every other layer in its place and precedence.
    /// </summary>
    public static IConfigurationRoot Candidate(IConfiguration current, IReadOnlyDictionary<string, string?> adminChanges, bool replaceAdminLayer = false)
    {
        var builder = new ConfigurationBuilder();
        var providers = (current as IConfigurationRoot)?.Providers.ToList() ?? [];
        var adminSeen = false;
        foreach (var provider in providers)
        {
            var data = Flatten(provider);
            if (OriginOf(provider) == AdminOrigin)
            {
                adminSeen = true;
                if (replaceAdminLayer) data.Clear();
                foreach (var (k, v) in adminChanges)
                {
                    if (v is null) data.Remove(k);
                    else data[k] = v;
                }
            }
            builder.AddInMemoryCollection(data);
        }
        if (!adminSeen) builder.AddInMemoryCollection(adminChanges.Where(kv => kv.Value is not null));
        return builder.Build();
    }
}
