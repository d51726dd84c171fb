using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MonitorBot.Storage;
using MonitorBot.Worker.Configuration;
using MonitorBot.Worker.Hosting;

namespace MonitorBot.Worker.Cli;

/// <summary>The <c>monitorbot</c> command line: run (default), status, feeds, feed test, price add, demo, health.</summary>
public static class MonitorBotCli
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitConfig = 2;

    internal static readonly Option<string?> ConfigOption = new("--config")
    {
        Description = "Directory holding monitorbot.json (default: $MONITORBOT_CONFIG_DIR, else ./config).",
        Recursive = true,
    };

    public static RootCommand Build(CliContext context)
    {
        var root = new RootCommand("MonitorBot: watches the heavy-rare-earth supply from Myanmar's Kachin State.");
        root.Add(ConfigOption);
        var run = RunVerb.Build(context);
        root.Add(run);
        root.SetAction((pr, ct) => RunVerb.ExecuteAsync(pr, context, ct));
        root.Add(StatusVerb.Build(context));
        root.Add(FeedsVerb.Build(context));
        root.Add(FeedTestVerb.Build(context));
        root.Add(PriceVerb.Build(context));
        root.Add(DemoVerb.Build(context));
        root.Add(HealthVerb.Build(context));
        root.Add(BacktestVerb.Build(context));
        root.Add(ConfigVerb.Build(context));
        root.Add(QueryVerbs.Alerts(context));
        root.Add(QueryVerbs.News(context));
        root.Add(QueryVerbs.Trade(context));
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext? context = null, CancellationToken cancellationToken = default)
    {
        context ??= CliContext.Console;
        var root = Build(context);
        var parse = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = context.Out, Error = context.Error, EnableDefaultExceptionHandler = false };
        if (parse.Errors.Count > 0 && !parse.Tokens.Any(t => t.Value is "--help" or "-h" or "-?"))
        {
            // Usage errors: each once, naming the missing argument, then where to find the usage.
            await WriteUsageErrorsAsync(parse, context);
            return ExitConfig;
        }

        try
        {
            var code = await parse.InvokeAsync(invocation, cancellationToken);
            // Parse errors (unknown verb, bad option value) are usage errors.
            return parse.Errors.Count > 0 ? ExitConfig : code;
        }
        catch (Exception ex) when (OptionsProblems.From(ex) is { } problems)
        {
            await WriteDebugAsync(context, ex);
            await WriteConfigProblemsAsync(context, problems);
            return ExitConfig;
        }
        catch (FileNotFoundException ex)
        {
            await WriteDebugAsync(context, ex);
            await context.Error.WriteLineAsync("monitorbot: " + ex.Message);
            return ExitConfig;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitOk;
        }
        catch (Exception ex)
        {
            await WriteDebugAsync(context, ex);
            await context.Error.WriteLineAsync($"monitorbot: error: {ex.Message}");
            return ExitFailure;
        }
    }

    /// <summary>
    /// The full exception, only when the operator asked for Debug logs (MONITORBOT_Logging__LogLevel__Default=Debug):
    /// errors stay one line otherwise.
    /// </summary>
    private static async Task WriteDebugAsync(CliContext context, Exception exception)
    {
        var level = context.Environment(MonitorBotHost.EnvironmentPrefix + "Logging__LogLevel__Default");
        if (level is not null && (level.Equals("Debug", StringComparison.OrdinalIgnoreCase) || level.Equals("Trace", StringComparison.OrdinalIgnoreCase)))
            await context.Error.WriteLineAsync("dbug: " + exception);
    }

    private static async Task WriteUsageErrorsAsync(ParseResult parse, CliContext context)
    {
        var command = parse.CommandResult.Command;
        var verb = string.Join(' ', parse.CommandResult.Command.Parents.OfType<Command>().Where(c => c is not RootCommand).Reverse().Select(c => c.Name).Append(command.Name));
        var lines = new List<string>();
        foreach (var error in parse.Errors)
        {
            var text = error.Message;
            if (text.StartsWith("Required argument missing", StringComparison.Ordinal))
            {
                var missing = command.Arguments.Where(a => a.Arity.MinimumNumberOfValues > 0 && parse.GetResult(a) is not { Tokens.Count: > 0 }).Select(a => $"<{a.Name}>").ToList();
                if (missing.Count > 0) text = $"missing argument {string.Join(", ", missing)}.";
            }
            if (!lines.Contains(text)) lines.Add(text);
        }
        foreach (var line in lines) await context.Error.WriteLineAsync($"monitorbot {verb}: {line}");
        await context.Error.WriteLineAsync($"Run 'monitorbot {verb} --help' for usage.");
    }

    internal static async Task WriteConfigProblemsAsync(CliContext context, IReadOnlyList<string> problems)
    {
        await context.Error.WriteLineAsync($"monitorbot: invalid configuration ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):");
        foreach (var problem in problems) await context.Error.WriteLineAsync("  - " + problem);
    }

    /// <summary>
    /// Builds a host for a one-shot verb, validates every options section (all problems at once),
    /// and migrates the database. Throws <see cref="OptionsValidationException"/> (caught in <see cref="RunAsync"/>).
    /// </summary>
    internal static async Task<IHost> BuildVerbHostAsync(ParseResult parse, CliContext context, IReadOnlyDictionary<string, string?>? overrides, CancellationToken cancellationToken)
    {
        var host = BuildHost(parse, context, overrides);
        try
        {
            ValidateConfiguration(host.Services);
            await host.Services.GetRequiredService<DatabaseInitializer>().EnsureAsync(cancellationToken);
            return host;
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Every options section validated at once. The options validators stop at a section's first value of the wrong type;
    /// the whole-configuration check goes past it, so the problems behind it are listed in the same run.
    /// </summary>
    internal static void ValidateConfiguration(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
        }
        catch (Exception ex) when (OptionsProblems.From(ex) is { } problems)
        {
            var all = services.GetRequiredService<ConfigurationCheck>().Validate(services.GetRequiredService<IConfiguration>());
            throw new InvalidConfigurationException([.. problems.Union(all, StringComparer.Ordinal)]);
        }
    }

    /// <summary>Builds (does not start, validate or migrate) a host for a one-shot verb.</summary>
    internal static IHost BuildHost(ParseResult parse, CliContext context, IReadOnlyDictionary<string, string?>? overrides) =>
        MonitorBotHost.CreateBuilder(new HostSettings
        {
            ConfigDirectory = parse.GetValue(ConfigOption),
            Overrides = overrides,
            Quiet = true,
            TimeProvider = context.TimeProvider,
            ConfigureServices = context.ConfigureServices,
        }).Build();

    internal static Dictionary<string, string?> DbOverride(string? db)
    {
        var map = new Dictionary<string, string?>();
        if (!string.IsNullOrWhiteSpace(db)) map[$"{StorageOptions.SectionName}:Path"] = db;
        return map;
    }

    /// <summary>Overrides for a read-only verb: the database is opened read-only (never created, never migrated).</summary>
    internal static Dictionary<string, string?> ReadOnlyDb(string? db = null)
    {
        var map = DbOverride(db);
        map[$"{StorageOptions.SectionName}:{nameof(StorageOptions.ReadOnly)}"] = "true";
        return map;
    }

    internal static string Iso(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "-";
}

/// <summary>Where a CLI invocation writes and which clock it uses (tests substitute both).</summary>
public sealed record CliContext(TextWriter Out, TextWriter Error, TimeProvider TimeProvider)
{
    public static CliContext Console { get; } = new(System.Console.Out, System.Console.Error, TimeProvider.System);

    /// <summary>Extra registrations for every host the CLI builds (tests).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>Reads an environment variable (tests give their own, the process's stays untouched).</summary>
    public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;
}
