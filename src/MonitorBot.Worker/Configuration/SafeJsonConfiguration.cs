using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// A JSON configuration file that survives a broken edit: the framework's provider clears its data when a reload
/// fails to parse (so every file value would silently fall back to defaults). This one keeps the previous values,
/// records the error and still signals the reload, so <see cref="ConfigFileWatcher"/> can log and audit the refusal.
/// The first load still fails loudly: a broken file at start is a configuration error.
/// </summary>
public sealed class SafeJsonConfigurationSource : JsonConfigurationSource
{
    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new SafeJsonConfigurationProvider(this);
    }
}

public sealed class SafeJsonConfigurationProvider(JsonConfigurationSource source) : JsonConfigurationProvider(source)
{
    private bool _loaded;

    /// <summary>Why the last reload was refused (null after a good load).</summary>
    public string? LastError { get; private set; }

    public override void Load(Stream stream)
    {
        var previous = Data;
        try
        {
            base.Load(stream);
            _loaded = true;
            LastError = null;
        }
        catch (Exception ex) when (_loaded)
        {
            Data = previous;
            LastError = $"{Source.Path} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}";
        }
    }
}

public static class SafeJsonConfigurationExtensions
{
    public static IConfigurationBuilder AddSafeJsonFile(this IConfigurationBuilder builder, string path, bool optional, bool reloadOnChange)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return builder.Add(new SafeJsonConfigurationSource
        {
            FileProvider = Directory.Exists(directory) ? new Microsoft.Extensions.FileProviders.PhysicalFileProvider(directory) : null,
            Path = Path.GetFileName(path),
            Optional = optional,
            ReloadOnChange = reloadOnChange,
        });
    }
}
