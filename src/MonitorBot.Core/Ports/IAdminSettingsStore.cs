namespace MonitorBot.Core.Ports;

/// <summary>
/// One configuration change. <paramref name="NewValue"/> null = the key was removed; <paramref name="OldValue"/> null =
/// it did not exist. <paramref name="Id"/> is 0 when appending (the database assigns it).
/// </summary>
/// <param name="OldOrigin">Where the old value came from ("file …", "environment", "admin", "default"); null on rows written before it was kept.</param>
public sealed record ConfigAuditEntry(long Id, DateTimeOffset At, string Who, string Origin, string Key, string? OldValue, string? NewValue, string? Note, string? OldOrigin = null);

/// <summary>A key's effective value before a change, and the layer it came from.</summary>
public sealed record EffectiveValue(string? Value, string Origin);

/// <summary>Where a configuration change came from (config_audit.origin).</summary>
public static class ConfigOrigins
{
    public const string Discord = "discord";
    public const string File = "file";
    public const string Cli = "cli";
    public const string Import = "import";

    public static IReadOnlyList<string> All { get; } = [Discord, File, Cli, Import];

    public static bool IsKnown(string? origin) => origin is not null && All.Contains(origin, StringComparer.Ordinal);

    public static void ThrowIfUnknown(string origin, string paramName)
    {
        if (!IsKnown(origin))
        {
            throw new ArgumentException($"Unknown configuration origin '{origin}'; expected one of {string.Join(", ", All)}.", paramName);
        }
    }
}

/// <summary>The configuration audit trail, newest first.</summary>
public interface IConfigAudit
{
    Task AppendAsync(IReadOnlyList<ConfigAuditEntry> entries, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> entries, optionally only keys starting with <paramref name="keyPrefix"/>.</summary>
    Task<IReadOnlyList<ConfigAuditEntry>> ListAsync(string? keyPrefix, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// The admin configuration layer (changes made from Discord, the CLI or an import), each change audited in the
/// same transaction. Precedence: file &lt; admin &lt; environment.
/// </summary>
public interface IAdminSettingsStore
{
    Task<IReadOnlyDictionary<string, string>> GetOverridesAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Sets (value) or removes (null) keys; returns the audit entries written, in order. <paramref name="before"/> gives
    /// each key's effective value and its layer before the change, recorded when the admin layer had none of its own.
    /// </summary>
    Task<IReadOnlyList<ConfigAuditEntry>> ApplyAsync(IReadOnlyDictionary<string, string?> changes, string who, string origin, string? note,
        IReadOnlyDictionary<string, EffectiveValue>? before, CancellationToken cancellationToken);

    /// <summary>Import: the override set becomes exactly <paramref name="overrides"/>.</summary>
    Task<IReadOnlyList<ConfigAuditEntry>> ReplaceAllAsync(IReadOnlyDictionary<string, string> overrides, string who, string origin, CancellationToken cancellationToken);
}
