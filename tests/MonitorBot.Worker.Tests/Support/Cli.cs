using MonitorBot.Tests.Shared;
using MonitorBot.Worker.Cli;

namespace MonitorBot.Worker.Tests.Support;

public sealed record CliRun(int ExitCode, string Out, string Error);

public static class CliRunner
{
    /// <summary>Runs the real command line in-process against the config in <paramref name="dir"/>.</summary>
    public static Task<CliRun> RunAsync(TempDirectory dir, TimeProvider? time, params string[] args) =>
        RunAsync(dir, time, null, args);

    /// <param name="environment">Environment variables the CLI sees (the test process's are left alone); null: the process's.</param>
    public static async Task<CliRun> RunAsync(TempDirectory dir, TimeProvider? time, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var context = new CliContext(output, error, time ?? TimeProvider.System)
        {
            Environment = environment is null ? System.Environment.GetEnvironmentVariable : name => environment.GetValueOrDefault(name),
        };
        var all = args.Concat(["--config", dir.Path]).ToArray();
        var code = await MonitorBotCli.RunAsync(all, context, CancellationToken.None);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}
