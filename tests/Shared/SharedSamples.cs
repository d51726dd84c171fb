namespace MonitorBot.Tests.Shared;

/// <summary>Locates ../shared/samples (real payloads) when it exists beside the checkout.</summary>
public static class SharedSamples
{
    public static string? Directory { get; } = Find();

    public static string? PathOf(string name) => Directory is null ? null : System.IO.Path.Combine(Directory, name);

    private static string? Find()
    {
        var env = Environment.GetEnvironmentVariable("MONITORBOT_SHARED_SAMPLES");
        if (!string.IsNullOrEmpty(env) && System.IO.Directory.Exists(env)) return env;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = System.IO.Path.Combine(dir.FullName, "shared", "samples");
            if (System.IO.Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
