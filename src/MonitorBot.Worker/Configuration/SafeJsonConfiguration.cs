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
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        try
        {
            if (copy.Length == 0 || System.Text.Encoding.UTF8.GetString(copy.ToArray()).Trim().Trim('\uFEFF').Length == 0)
                throw new InvalidConfigurationException([$"{FullPath} is empty; it must hold a JSON object such as {{ }}."]);
            base.Load(copy);
            _loaded = true;
            LastError = null;
        }
        catch (Exception ex) when (_loaded)
        {
            Data = previous;
            LastError = $"{Source.Path} is not valid JSON: {ex.InnerException?.Message ?? ex.Message}";
        }
        catch (Exception ex) when (ex is not InvalidConfigurationException && Find<System.Text.Json.JsonException>(ex) is { } json)
        {
            // The first load: one line naming the file, line and column (1-based).
            throw new InvalidConfigurationException(
                [$"{FullPath}: JSON syntax error at line {(json.LineNumber ?? 0) + 1}, column {(json.BytePositionInLine ?? 0) + 1}."]);
        }
    }

    private string FullPath => Source.FileProvider?.GetFileInfo(Source.Path ?? "").PhysicalPath ?? Source.Path ?? "configuration file";

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is T t) return t;
        }
        return null;
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
