using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace MonitorBot.Bench;

/// <summary>
/// Start-up time and idle memory of the real worker process against a bare Generic Host started the same way, in the
/// same run: each is a child process (`dotnet X.dll`), "ready" is the time from process start to ApplicationStarted as
/// the process itself reports it, RSS is read from /proc 8 s after start.
/// </summary>
public static partial class StartupBench
{
    [GeneratedRegex(@"(\d+) ms after process start")]
    private static partial Regex ReadyMs();

    /// <summary>The baseline: Host.CreateEmptyApplicationBuilder with console logging and nothing else.</summary>
    public static async Task<int> BareHostAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        using var host = builder.Build();
        var lifetime = host.Services.GetService(typeof(IHostApplicationLifetime)) as IHostApplicationLifetime;
        lifetime!.ApplicationStarted.Register(() =>
        {
            using var process = Process.GetCurrentProcess();
            var elapsed = (long)(TimeProvider.System.GetUtcNow() - process.StartTime.ToUniversalTime()).TotalMilliseconds;
            Console.WriteLine($"bare host ready: {elapsed} ms after process start");
        });
        await host.RunAsync(cancellationToken);
        return 0;
    }

    /// <param name="compare">Another build of the worker (e.g. the previous commit's) measured in the same run.</param>
    public static async Task<int> RunAsync(TextWriter output, int runs, string? compare, CancellationToken cancellationToken)
    {
        var bench = typeof(StartupBench).Assembly.Location;
        var worker = Path.Combine(Path.GetDirectoryName(bench)!, "monitorbot.dll");
        var config = Path.Combine(FindRepoRoot(), "config");
        output.WriteLine($"Start-up: {runs} runs each, alternating; worker = {worker}");
        var rows = new List<(string Name, List<long> Ready, List<long> RssKb)>
        {
            ("Bare Generic Host", [], []),
            ("MonitorBot worker (`run`, feeds off, no token, new database)", [], []),
        };
        if (compare is not null) rows.Add(($"Compared build ({compare})", [], []));
        for (var i = 0; i < runs; i++)
        {
            var temp = Directory.CreateTempSubdirectory("mb-startup-");
            try
            {
                await MeasureAsync(rows[0], bench, "bare-host", null, cancellationToken);
                for (var w = 1; w < rows.Count; w++)
                {
                    await MeasureAsync(rows[w], w == 1 ? worker : compare!, $"run --config {config}", new Dictionary<string, string>
                    {
                        ["MONITORBOT_Storage__Path"] = Path.Combine(temp.FullName, $"startup-{w}.db"),
                        ["MONITORBOT_Feeds__Enabled"] = "false",
                        ["MONITORBOT_Discord__Token"] = "",
                    }, cancellationToken);
                }
            }
            finally
            {
                temp.Delete(recursive: true);
            }
        }
        var bare = rows[0];
        output.WriteLine("| | Ready after process start (median of runs) | vs bare | Idle RSS (median) | vs bare |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        foreach (var (name, ready, rss) in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {Median(ready)} ms ({string.Join(", ", ready)}) | {Median(ready) / (double)Math.Max(1, Median(bare.Ready)):0.0}× | {Median(rss) / 1024.0:0} MiB | {Median(rss) / (double)Math.Max(1, Median(bare.RssKb)):0.0}× |"));
        }
        return 0;
    }

    private static async Task MeasureAsync((string Name, List<long> Ready, List<long> RssKb) row, string dll, string arguments, Dictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("dotnet", $"{dll} {arguments}") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (k, v) in environment ?? []) start.Environment[k] = v;
        using var process = Process.Start(start)!;
        var ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null && ReadyMs().Match(e.Data) is { Success: true } m) ready.TrySetResult(long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            row.Ready.Add(await ready.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken));
            await Task.Delay(TimeSpan.FromSeconds(8), cancellationToken);
            row.RssKb.Add(ReadRssKb(process.Id));
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static long ReadRssKb(int pid)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
        }
        return 0;
    }

    private static long Median(List<long> values) => values.Count == 0 ? 0 : values.Order().ElementAt(values.Count / 2);

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MonitorBot.sln"))) dir = dir.Parent;
        return dir?.FullName ?? Directory.GetCurrentDirectory();
    }
}
