using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using MonitorBot.Storage;
using MonitorBot.Storage.Configuration;
using MonitorBot.Worker.Configuration;

namespace MonitorBot.Worker.Hosting;

/// <summary>How a host is wanted: the long-running worker, or a one-shot CLI verb.</summary>
public sealed record HostSettings
{
    /// <summary>Directory holding monitorbot.json (null: <see cref="ConfigLocation.Resolve"/>).</summary>
    public string? ConfigDirectory { get; init; }

    /// <summary>Applied last (after environment variables): CLI flags such as --db.</summary>
    public IReadOnlyDictionary<string, string?>? Overrides { get; init; }

    /// <summary>The worker: Quartz, the schedule, the alert dispatcher, Discord. CLI verbs leave it off.</summary>
    public bool Worker { get; init; }

    /// <summary>CLI verbs keep stdout for their output: logs go to stderr, warnings and up.</summary>
    public bool Quiet { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Extra registrations (tests).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }
}

public static class MonitorBotHost
{
    public const string EnvironmentPrefix = AdminKeys.EnvironmentPrefix;

    public static HostApplicationBuilder CreateBuilder(HostSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        DurationConverter.Register();
        var environment = Environment.GetEnvironmentVariable("MONITORBOT_ENVIRONMENT")
            ?? Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT")
            ?? Environments.Production;
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            EnvironmentName = environment,
            ApplicationName = "monitorbot",
            ContentRootPath = Directory.GetCurrentDirectory(),
        });

        var configDirectory = ConfigLocation.Resolve(settings.ConfigDirectory);
        var mainFile = Path.Combine(configDirectory, "monitorbot.json");
        if (!File.Exists(mainFile))
            throw new FileNotFoundException($"Configuration file not found: {mainFile} (set {ConfigLocation.EnvironmentVariable} or --config).", mainFile);
        builder.Configuration
            .AddSafeJsonFile(mainFile, optional: false, reloadOnChange: settings.Worker)
            .AddSafeJsonFile(Path.Combine(configDirectory, $"monitorbot.{environment}.json"), optional: true, reloadOnChange: settings.Worker);
        var fileLayers = builder.Configuration.Sources.Count;
        builder.Configuration.AddEnvironmentVariables(EnvironmentPrefix);
        if (settings.Overrides is { Count: > 0 }) builder.Configuration.AddInMemoryCollection(settings.Overrides);

        // Precedence: file < admin changes (SQLite, made from Discord) < environment < command line.
        // The database path itself comes from the file, environment or command line.
        var databasePath = builder.Configuration[$"{StorageOptions.SectionName}:Path"] ?? StorageOptions.DefaultPath;
        builder.Configuration.Sources.Insert(fileLayers, new SqliteSettingsConfigurationSource(databasePath));

        if (!settings.Quiet) builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss ";
            o.UseUtcTimestamp = true;
        });
        if (settings.Quiet)
        {
            builder.Logging.SetMinimumLevel(LogLevel.Warning);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }
        builder.Logging.AddFilter("Quartz", LogLevel.Warning);
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);

        if (settings.TimeProvider is not null) builder.Services.AddSingleton(settings.TimeProvider);
        builder.Services.AddMonitorBot(builder.Configuration, settings.Worker);
        settings.ConfigureServices?.Invoke(builder.Services);
        return builder;
    }
}
