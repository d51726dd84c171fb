namespace MonitorBot.Worker.Hosting;

/// <summary>Where config/monitorbot.json is read from.</summary>
public static class ConfigLocation
{
    public const string EnvironmentVariable = "MONITORBOT_CONFIG_DIR";

    /// <summary>MONITORBOT_CONFIG_DIR, else ./config when it exists, else config/ beside the program.</summary>
    public static string Resolve(string? explicitDirectory = null)
    {
        if (!string.IsNullOrWhiteSpace(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
        var fromEnv = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnv)) return Path.GetFullPath(fromEnv);
        var local = Path.GetFullPath("config");
        if (File.Exists(Path.Combine(local, "monitorbot.json"))) return local;
        return Path.Combine(AppContext.BaseDirectory, "config");
    }
}
