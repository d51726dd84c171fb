using System.Diagnostics;
using MonitorBot.Resilience.Tests.Support;
using Xunit.Abstractions;

namespace MonitorBot.Resilience.Tests;

/// <summary>Scenarios 5, 6 and 7: the database locked by another process, a full disk, two workers on one database.</summary>
public sealed class DatabaseFaultTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Run_DatabaseExclusivelyLockedByAnotherConnection_LogsAndCarriesOnLosingNothing()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var worker = rig.StartWorker();
        // Short holds are waited out (busy timeout, and Microsoft.Data.Sqlite's 30 s retry of SQLITE_BUSY); the long
        // one outlasts every wait, so saves and outbox writes fail and must be logged and retried.
        TimeSpan[] holds = ChaosRig.Soak
            ? [TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(35), TimeSpan.FromSeconds(10)]
            : [TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(35)];
        for (var i = 0; i < holds.Length; i++)
        {
            await rig.WaitUntilAsync(p => rig.Caught(p) && rig.Feed.Served >= PriceFeed.InitialPrints + 2 * i + 1, Wait, "caught up before the lock");
            rig.Driving = false;
            await rig.WaitUntilAsync(rig.Caught, Wait, "caught up before the lock");
            using (var locker = Db.Open(rig.DatabasePath, readOnly: false))
            {
                Db.Scalar(locker, "BEGIN EXCLUSIVE; SELECT 1;");
                rig.Log("locked");
                // A new print (an anomaly every other round) is served while nobody else can write.
                rig.Feed.Advance();
                await Task.Delay(holds[i], rig.Token);
                Db.Scalar(locker, "COMMIT; SELECT 1;");
            }

            Assert.False(worker.HasExited, "the worker exited while the database was locked:\n" + ChaosRig.Tail(worker));
            rig.Driving = true;
        }

        await rig.RunUntilQuietAsync(worker: worker);
        Assert.True(worker.Log.Contains("database is locked", StringComparison.OrdinalIgnoreCase), "nothing logged about the lock:\n" + ChaosRig.Tail(worker, 60));
        rig.CheckInvariants("exclusive lock");
    }

    [Fact]
    public async Task Run_TwoWorkersStartedAtOnce_NoMessageDeliveredTwiceAndAtMostOneStillRunning()
    {
        await using var rig = await ChaosRig.StartAsync(output);
        var first = rig.StartWorker();
        var second = rig.StartWorker();
        await Task.Delay(TimeSpan.FromSeconds(10), rig.Token);
        var running = new[] { first, second }.Where(w => !w.HasExited).ToList();
        var replaysWhileBoth = rig.Fake.NonceReplays;
        var createdWhileBoth = rig.Fake.CreatedMessages.Count;
        rig.Log($"after 10 s: {running.Count} running, {createdWhileBoth} messages, {replaysWhileBoth} nonce replays");

        // Go on with the survivor (or a fresh one), then the usual invariants: no nonce created twice.
        foreach (var extra in running.Skip(1)) await rig.KillAsync(extra);
        await rig.RunUntilQuietAsync(worker: running.FirstOrDefault());
        var figures = rig.CheckInvariants("two workers");
        Assert.True(running.Count <= 1, $"both workers still run after 10 s (no single-instance lock): {figures}");
        // No message POSTed twice either: a second dispatcher would be saved only by Discord's short nonce window.
        Assert.Equal(0, figures.NonceReplays);
    }

    [SkippableFact]
    public async Task Run_DiskFullOnTheDatabaseVolume_RecoversWhenSpaceReturnsLosingNothing()
    {
        var mountPoint = await MountTmpfsAsync("2m");

        try
        {
            await using var rig = await ChaosRig.StartAsync(output, databaseDir: mountPoint);
            var worker = rig.StartWorker();
            var rounds = ChaosRig.Soak ? 6 : 2;
            var filler = Path.Combine(mountPoint, "filler");
            for (var i = 0; i < rounds; i++)
            {
                await rig.WaitUntilAsync(p => rig.Caught(p) && p!.Undelivered == 0 && rig.Feed.Served >= PriceFeed.InitialPrints + 2 * i + 1, Wait, "caught up before the disk fills");
                rig.Driving = false;
                await rig.WaitUntilAsync(rig.Caught, Wait, "caught up before the disk fills");
                var filled = Fill(filler);
                rig.Log($"disk full ({filled / 1024} KiB of filler)");
                try
                {
                    // A new print is served while no write can grow the database or its WAL.
                    rig.Feed.Advance();
                    await Task.Delay(TimeSpan.FromSeconds(5), rig.Token);
                }
                finally
                {
                    File.Delete(filler);
                }

                Assert.False(worker.HasExited, "the worker exited on a full disk:\n" + ChaosRig.Tail(worker));
                rig.Driving = true;
            }

            await rig.RunUntilQuietAsync(worker: worker);
            rig.CheckInvariants("disk full");
        }
        finally
        {
            await UnmountAsync(mountPoint);
        }
    }

    /// <summary>Issue 10: a database on a volume that turned read-only is one clear line and exit 1, never a stack trace.</summary>
    [SkippableFact]
    public async Task Run_DatabaseVolumeTurnedReadOnly_OneLineErrorExitOneThenRecovers()
    {
        var mountPoint = await MountTmpfsAsync("4m");

        try
        {
            await using var rig = await ChaosRig.StartAsync(output, databaseDir: mountPoint);
            var worker = rig.StartWorker();
            await rig.WaitUntilAsync(p => rig.Caught(p) && p!.Undelivered == 0, Wait, "caught up before the volume turns read-only");
            Assert.True(await worker.StopAsync(TimeSpan.FromSeconds(30), rig.Token), "the worker did not stop on SIGTERM");

            var (readOnly, roError) = await RunAsync("mount", ["-o", "remount,ro", mountPoint], CancellationToken.None);
            Assert.True(readOnly, "remount read-only failed: " + roError);
            var refused = rig.StartWorker();
            await rig.WaitUntilAsync(_ => refused.HasExited, Wait, "the worker gives up on a read-only database");
            var lines = refused.Log.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1, refused.ExitCode);
            // One line naming the path (the database or its lock), not mistaken for another worker holding the lock.
            Assert.Contains(lines, l => l.StartsWith("monitorbot", StringComparison.Ordinal) && l.Contains(mountPoint, StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.Contains("another worker", StringComparison.Ordinal));
            Assert.DoesNotContain(lines, l => l.TrimStart().StartsWith("at ", StringComparison.Ordinal));

            // Writable again: the next start runs and delivers what arrived meanwhile, exactly once.
            var (writable, rwError) = await RunAsync("mount", ["-o", "remount,rw", mountPoint], CancellationToken.None);
            Assert.True(writable, "remount read-write failed: " + rwError);
            var again = rig.StartWorker();
            await rig.RunUntilQuietAsync(worker: again);
            rig.CheckInvariants("read-only volume");
        }
        finally
        {
            await UnmountAsync(mountPoint);
        }
    }

    /// <summary>A fresh tmpfs of <paramref name="size"/> (e.g. "2m"); skips the test where mounting is not allowed.</summary>
    private static async Task<string> MountTmpfsAsync(string size)
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "tmpfs needs Linux");
        var mountPoint = Path.Combine(Path.GetTempPath(), "monitorbot-chaos-tmpfs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(mountPoint);
        var (mounted, error) = await RunAsync("mount", ["-t", "tmpfs", "-o", "size=" + size, "tmpfs", mountPoint], CancellationToken.None);
        if (!mounted)
        {
            Directory.Delete(mountPoint);
            Skip.If(true, $"cannot mount a tmpfs here (needs root and CAP_SYS_ADMIN): {error.Trim()}");
        }
        return mountPoint;
    }

    /// <summary>Unmounts (writable again first, lazily if busy) and removes the mount point.</summary>
    private static async Task UnmountAsync(string mountPoint)
    {
        await RunAsync("mount", ["-o", "remount,rw", mountPoint], CancellationToken.None);
        var (unmounted, _) = await RunAsync("umount", [mountPoint], CancellationToken.None);
        if (!unmounted) await RunAsync("umount", ["-l", mountPoint], CancellationToken.None);
        try
        {
            Directory.Delete(mountPoint, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    /// <summary>Writes until the volume is full; returns the bytes written.</summary>
    private static long Fill(string path)
    {
        var chunk = new byte[16 * 1024];
        long written = 0;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.ReadWrite, 1, FileOptions.None);
        try
        {
            while (true)
            {
                stream.Write(chunk);
                stream.Flush();
                written += chunk.Length;
            }
        }
        catch (IOException)
        {
            // ENOSPC: full.
        }

        return written;
    }

    private static async Task<(bool Ok, string Error)> RunAsync(string file, string[] args, CancellationToken cancellationToken)
    {
        try
        {
            var psi = new ProcessStartInfo(file) { UseShellExecute = false, RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var process = Process.Start(psi)!;
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return (process.ExitCode == 0, error);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (false, ex.Message);
        }
    }
}
