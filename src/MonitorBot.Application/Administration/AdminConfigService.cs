using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Configuration;
using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Administration;

public sealed record ConfigChangeResult(bool Ok, IReadOnlyList<string> Problems, IReadOnlyList<ConfigAuditEntry> Changes)
{
    public static ConfigChangeResult Refused(params string[] problems) => new(false, problems, []);
}

/// <summary>
/// Admin changes to the configuration, made safely: a change is validated against the whole effective
/// configuration it would produce (the same validation as the file) and refused with every problem, or written
/// to the admin layer (SQLite) with an audit row per key, after which the configuration reloads: schedules,
/// thresholds and routing change without a restart. Precedence: file &lt; admin &lt; environment.
/// </summary>
public sealed class AdminConfigService(IConfiguration configuration, IAdminSettingsStore overrides, IConfigAudit audit, IConfigurationValidator validator, IAdminLayer adminLayer,
    FeedProbe probe, MonitorBot.Feeds.FeedParserRegistry registry, Microsoft.Extensions.Options.IOptionsMonitor<MonitorBot.Feeds.FeedsOptions> feeds) : IDisposable
{
    public static readonly IReadOnlyList<string> ExportSections = ["Feeds", "Detection", "Alerts", "Discord"];

    // One admin change at a time: each is validated against the configuration the previous one produced.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public void Dispose() => _gate.Dispose();

    /// <summary>Sets (or with value "reset"/"default", removes) one admin override.</summary>
    public async Task<ConfigChangeResult> SetAsync(string rawKey, string rawValue, string who, string origin, CancellationToken cancellationToken)
    {
        var key = AdminKeys.Normalize(rawKey ?? "", configuration);
        if (key.Length == 0 || key.Length > 200) return ConfigChangeResult.Refused("The key must be 1-200 characters, e.g. Detection:Trade:YoYDeclineCriticalPct.");
        if (System.Text.RegularExpressions.Regex.Match(key, "^Feeds:Sources:([^:]+):", System.Text.RegularExpressions.RegexOptions.IgnoreCase) is { Success: true } sourceKey
            && !configuration.GetSection($"Feeds:Sources:{sourceKey.Groups[1].Value}").Exists())
        {
            var ids = configuration.GetSection("Feeds:Sources").GetChildren().Select(c => c["Id"]).Where(id => !string.IsNullOrEmpty(id));
            return ConfigChangeResult.Refused($"no such source '{sourceKey.Groups[1].Value}' (configured: {string.Join(", ", ids)}).");
        }
        if (!AdminKeys.IsAllowed(key))
        {
            return ConfigChangeResult.Refused($"'{key}' cannot be changed at run time. Changeable: Detection:*, Alerts:*, Feeds timing (Timeout, MaxRetries, ...), "
                + "a source's schedule (Feeds:Sources:<id>:Interval|Cron|Enabled), Discord:AlertChannelId and the admin allow-lists.");
        }
        var value = (rawValue ?? "").Trim();
        if (value.Length > AdminKeys.MaxValueLength) return ConfigChangeResult.Refused($"The value is limited to {AdminKeys.MaxValueLength} characters.");
        var winner = ConfigInspector.OriginOf(configuration, key);
        if (winner is "environment" or "command line")
            return ConfigChangeResult.Refused($"'{key}' is set by the {winner} ({AdminKeys.EnvironmentPrefix}{key.Replace(":", "__", StringComparison.Ordinal)}), which wins over admin changes: change it there.");
        var reset = value is "reset" or "default";
        return await ApplyValidatedAsync(AdminKeys.WithScheduleCompanion(key, reset ? null : value), who, origin, cancellationToken);
    }

    /// <summary>Validates the configuration the changes would produce; refuses with every problem, or writes, audits and reloads.</summary>
    public async Task<ConfigChangeResult> ApplyValidatedAsync(IReadOnlyDictionary<string, string?> changes, string who, string origin, CancellationToken cancellationToken, string? note = null)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var problems = validator.Validate(ConfigInspector.Candidate(configuration, changes));
            if (problems.Count > 0) return new ConfigChangeResult(false, problems, []);
            var written = await overrides.ApplyAsync(changes, who, origin, note, Before(changes.Keys), cancellationToken);
            ReloadAdminLayer();
            return new ConfigChangeResult(true, [], written);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Each key's effective value now and the layer it comes from ("default" when no layer sets it).</summary>
    private Dictionary<string, EffectiveValue> Before(IEnumerable<string> keys) =>
        keys.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(
            k => k, k => new EffectiveValue(configuration[k], ConfigInspector.OriginOf(configuration, k) ?? "default"), StringComparer.OrdinalIgnoreCase);

    /// <summary>The effective configuration (file, admin and environment layers merged) as JSON; secrets are left out.</summary>
    public string ExportJson()
    {
        var root = new JsonObject();
        foreach (var section in ExportSections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable().Where(kv => kv.Value is not null).OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                if (ConfigInspector.IsSecret(key)) continue;
                Set(root, key.Split(ConfigurationPath.KeyDelimiter), ConfigInspector.MaskUrlSecrets(key, value!));
            }
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    /// <summary>
    /// Makes the effective configuration equal to an exported one: the admin layer becomes exactly the keys whose
    /// exported value differs from the file and environment. Keys that cannot change at run time must match.
    /// </summary>
    public async Task<ConfigChangeResult> ImportAsync(string json, string who, CancellationToken cancellationToken)
    {
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(json);
        }
        catch (JsonException ex)
        {
            return ConfigChangeResult.Refused($"The file is not valid JSON: {ex.Message}");
        }
        if (parsed is not JsonObject obj) return ConfigChangeResult.Refused("The file must hold a JSON object, as written by /config export.");
        var imported = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        Flatten(obj, null, imported);
        var problems = new List<string>();
        foreach (var key in imported.Keys.Where(k => !ExportSections.Any(s => k.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase))))
            problems.Add($"'{key}': only the sections {string.Join(", ", ExportSections)} can be imported.");

        // What the file and environment give without any admin change.
        var baseline = ConfigInspector.Candidate(configuration, new Dictionary<string, string?>(), replaceAdminLayer: true);
        var wanted = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in imported)
        {
            if (problems.Count > 0 && !ExportSections.Any(s => key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase))) continue;
            if (string.Equals(baseline[key], value, StringComparison.Ordinal)) continue;
            // An exported URL has its secret query values masked: the same URL, not a change.
            if (baseline[key] is { } current && string.Equals(ConfigInspector.MaskUrlSecrets(key, current), value, StringComparison.Ordinal)) continue;
            var isAdminSource = key.StartsWith(AdminFeedsPostConfigure.AdminSourcesKey + ":", StringComparison.OrdinalIgnoreCase)
                || key.StartsWith(AdminFeedsPostConfigure.RemovedSourcesKey + ":", StringComparison.OrdinalIgnoreCase);
            if (!isAdminSource && !AdminKeys.IsAllowed(key))
            {
                problems.Add($"'{key}' = '{value}' differs from this deployment ('{baseline[key] ?? "unset"}') and cannot be changed at run time.");
                continue;
            }
            wanted[key] = value;
        }
        // Keys the file or environment sets that the import lacks cannot be unset by an admin change.
        foreach (var (key, value) in baseline.AsEnumerable().Where(kv => kv.Value is not null && ExportSections.Any(s => kv.Key.StartsWith(s + ":", StringComparison.OrdinalIgnoreCase))))
        {
            if (!imported.ContainsKey(key) && !ConfigInspector.IsSecret(key) && !string.IsNullOrEmpty(value))
                problems.Add($"'{key}' is set by this deployment but missing from the file: an import cannot remove it.");
        }
        // Admin sources in the file get the same checks as /feed add: no headers or file paths, the SSRF guard.
        problems.AddRange(await AdminSourcePolicy.CheckAsync(wanted, probe, registry, feeds.CurrentValue.AllowPrivateAddresses, cancellationToken));
        if (problems.Count > 0) return new ConfigChangeResult(false, problems, []);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            var candidate = ConfigInspector.Candidate(configuration, wanted.ToDictionary(kv => kv.Key, kv => (string?)kv.Value, StringComparer.OrdinalIgnoreCase), replaceAdminLayer: true);
            var invalid = validator.Validate(candidate);
            if (invalid.Count > 0) return new ConfigChangeResult(false, invalid, []);
            var written = await overrides.ReplaceAllAsync(wanted, who, ConfigOrigins.Import, cancellationToken);
            ReloadAdminLayer();
            return new ConfigChangeResult(true, [], written);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The admin-layer keys defining the admin-added source <paramref name="id"/> (empty for a file source).</summary>
    public IReadOnlyList<string> AdminSourceKeys(string id) =>
        configuration.GetSection($"{AdminFeedsPostConfigure.AdminSourcesKey}:{id}").AsEnumerable()
            .Where(kv => kv.Value is not null && ConfigInspector.OriginOf(configuration, kv.Key) == ConfigInspector.AdminOrigin)
            .Select(kv => kv.Key)
            .ToList();

    public Task<IReadOnlyList<ConfigAuditEntry>> HistoryAsync(string? keyPrefix, int limit, CancellationToken cancellationToken) =>
        audit.ListAsync(string.IsNullOrWhiteSpace(keyPrefix) ? null : AdminKeys.Normalize(keyPrefix, configuration), limit, cancellationToken);

    /// <summary>Re-reads the admin layer so IOptionsMonitor consumers see the change now.</summary>
    public void ReloadAdminLayer() => adminLayer.Reload();

    private static void Set(JsonObject root, string[] path, string value)
    {
        JsonNode node = root;
        for (var i = 0; i < path.Length - 1; i++)
        {
            var obj = (JsonObject)node;
            if (obj[path[i]] is not JsonObject next)
            {
                next = new JsonObject();
                obj[path[i]] = next;
            }
            node = next;
        }
        ((JsonObject)node)[path[^1]] = value;
    }

    private static void Flatten(JsonNode? node, string? prefix, Dictionary<string, string> into)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (k, v) in o) Flatten(v, prefix is null ? k : prefix + ":" + k, into);
                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++) Flatten(a[i], prefix + ":" + i.ToString(CultureInfo.InvariantCulture), into);
                break;
            case JsonValue v when prefix is not null:
                into[prefix] = v.GetValueKind() switch
                {
                    JsonValueKind.String => v.GetValue<string>(),
                    JsonValueKind.True => "True",
                    JsonValueKind.False => "False",
                    _ => v.ToJsonString(),
                };
                break;
        }
    }
}
