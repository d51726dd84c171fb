using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace MonitorBot.Resilience.Tests.Support;

/// <summary>
/// The real <c>monitorbot run</c> as a child process (<c>dotnet monitorbot.dll run</c>), its output in a log file.
/// Every process started here is remembered, so a scenario can check that none is left behind and clean up even
/// when it fails. Only these pids are ever signalled.
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private static readonly ConcurrentDictionary<int, Process> Started = new();
    private readonly Process _process;

    private WorkerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public string Log => File.Exists(LogPath) ? ReadShared(LogPath) : "";

    /// <summary>Processes started by this suite that are still running.</summary>
    public static IReadOnlyList<int> Running => Started.Where(p => !SafeHasExited(p.Value)).Select(p => p.Key).ToList();

    /// <summary>src/MonitorBot.Worker/bin/&lt;config&gt;/net10.0/monitorbot.dll, built with this project (same configuration).</summary>
    public static string WorkerDll { get; } = LocateWorkerDll();

    public static WorkerProcess Start(string configDir, string logPath, IReadOnlyDictionary<string, string> environment)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = configDir,
        };
        // exec: the shell becomes the worker, so the pid we track is the worker's own.
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add("exec dotnet \"$0\" run >>\"$1\" 2>&1");
        psi.ArgumentList.Add(WorkerDll);
        psi.ArgumentList.Add(logPath);
        psi.Environment["MONITORBOT_CONFIG_DIR"] = configDir;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        var process = Process.Start(psi) ?? throw new InvalidOperationException("could not start the worker");
        Started[process.Id] = process;
        return new WorkerProcess(process, logPath);
    }

    /// <summary>kill -9 (SIGKILL) of this worker, then waits for it to be gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        if (!_process.HasExited)
        {
            try
            {
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // Exited in between.
            }
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM (a clean stop); true when it exited within <paramref name="within"/>.</summary>
    public async Task<bool> StopAsync(TimeSpan within, CancellationToken cancellationToken)
    {
        if (_process.HasExited) return true;
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", Pid.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is not null) await kill.WaitForExitAsync(cancellationToken);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(within);
        try
        {
            await _process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Kills every process this suite started that is still running (test cleanup).</summary>
    public static void KillAllStarted()
    {
        foreach (var (_, process) in Started)
        {
            if (SafeHasExited(process)) continue;
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public void Dispose()
    {
        if (!SafeHasExited(_process))
        {
            try
            {
                _process.Kill(entireProcessTree: true);
                _process.WaitForExit(10_000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    private static bool SafeHasExited(Process p)
    {
        try
        {
            return p.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static string LocateWorkerDll()
    {
        var baseDir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        // .../tests/MonitorBot.Resilience.Tests/bin/<config>/net10.0
        var configuration = baseDir.Parent?.Name ?? "Debug";
        var root = baseDir;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "MonitorBot.sln"))) root = root.Parent;
        if (root is null) throw new InvalidOperationException("MonitorBot.sln not found above " + AppContext.BaseDirectory);
        var dll = Path.Combine(root.FullName, "src", "MonitorBot.Worker", "bin", configuration, "net10.0", "monitorbot.dll");
        if (!File.Exists(dll)) throw new InvalidOperationException($"{dll} not found: build src/MonitorBot.Worker ({configuration}) first.");
        return dll;
    }
}
