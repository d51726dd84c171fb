using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MonitorBot.Discord.Tests.Fake;
using Xunit.Abstractions;

namespace MonitorBot.Resilience.Tests.Support;

/// <summary>What one scenario did, for the report.</summary>
public sealed record Figures(string Scenario, int Kills, int Prints, int Anomalies, int Outbox, int Deliveries, int NonceReplays, int Refused429, TimeSpan Duration)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{Scenario}: {Kills} kills, {Prints} prints, {Anomalies} anomalies, {Outbox} outbox rows, {Deliveries} messages created, {NonceReplays} nonce replays, {Refused429} 429s, {Duration.TotalSeconds:0}s");
}

/// <summary>
/// One scenario's world: a temp data directory, the price feed, the fake Discord, the worker processes started
/// against them, and a driver that serves the next print once the previous one is stored and evaluated (so every
/// print is judged as the newest one, and every anomaly is an alert episode). Dispose kills whatever is left.
/// </summary>
public sealed class ChaosRig : IAsyncDisposable
{
    public const string AlertChannel = "600000000000000009";
    public const string Fingerprint = "price-oxide:" + PriceFeed.Series;
    public static readonly bool Soak = Environment.GetEnvironmentVariable("MONITORBOT_SOAK") == "1";
    private readonly ITestOutputHelper _output;
    private readonly CancellationTokenSource _stop = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<WorkerProcess> _workers = [];
    private readonly string? _ownedDir;
    private Task _driver = Task.CompletedTask;
    private int _logs;

    private ChaosRig(ITestOutputHelper output, string dir, string? databaseDir, string? ownedDir, FakeDiscordServer fake, PriceFeed feed)
    {
        _output = output;
        Dir = dir;
        DatabaseDir = databaseDir ?? dir;
        _ownedDir = ownedDir;
        Fake = fake;
        Feed = feed;
    }

    public string Dir { get; }

    /// <summary>Where the database lives (a small tmpfs in the disk-full scenario); config and logs stay in <see cref="Dir"/>.</summary>
    public string DatabaseDir { get; }

    public string DatabasePath => Path.Combine(DatabaseDir, "monitorbot.db");

    public FakeDiscordServer Fake { get; }

    public PriceFeed Feed { get; }

    public int Kills { get; private set; }

    /// <summary>While false the driver serves nothing new (a scenario steps the feed itself).</summary>
    public bool Driving { get; set; } = true;

    public CancellationToken Token => _stop.Token;

    /// <param name="databaseDir">Where the database goes (default: beside the config in a new temp directory, deleted at the end).</param>
    public static async Task<ChaosRig> StartAsync(ITestOutputHelper output, string? databaseDir = null, Action<JsonObject>? tweak = null,
        CancellationToken cancellationToken = default)
    {
        var dir = Path.Combine(Path.GetTempPath(), "monitorbot-chaos", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        var fake = await FakeDiscordServer.StartAsync(cancellationToken: cancellationToken);
        var feed = await PriceFeed.StartAsync(cancellationToken);
        var rig = new ChaosRig(output, dir, databaseDir, dir, fake, feed);
        rig.WriteConfig(tweak);
        rig._driver = Task.Run(() => rig.DriveAsync(rig._stop.Token), CancellationToken.None);
        return rig;
    }

    private void WriteConfig(Action<JsonObject>? tweak)
    {
        var root = new JsonObject
        {
            ["Storage"] = new JsonObject { ["Path"] = DatabasePath, ["BusyTimeout"] = "00:00:01" },
            ["Feeds"] = new JsonObject
            {
                ["Enabled"] = true,
                ["Jitter"] = "00:00:00",
                ["Timeout"] = "00:00:05",
                ["MaxRetries"] = 1,
                ["RetryBaseDelay"] = "00:00:00.050",
                ["DegradedAfterFailures"] = 50,
                ["DisabledAfterFailures"] = 100,
                ["MaxBackoff"] = "00:00:02",
                ["Sources"] = new JsonArray(new JsonObject
                {
                    ["Id"] = "tb-feed",
                    ["Kind"] = "csv",
                    ["Url"] = Feed.Url,
                    // Quartz cron with seconds: every second (Interval has a 10 s floor).
                    ["Cron"] = "0/1 * * * * ?",
                    ["Series"] = PriceFeed.Series,
                    ["Unit"] = "kg",
                    ["Currency"] = "CNY",
                }),
            },
            ["Discord"] = new JsonObject
            {
                ["ApiBaseUrl"] = Fake.ApiBaseUrl,
                ["GuildId"] = "500000000000000001",
                ["AlertChannelId"] = AlertChannel,
                ["ReconnectBackoffBase"] = "00:00:00.050",
                ["ReconnectBackoffMax"] = "00:00:00.500",
                ["RestRetryBaseDelay"] = "00:00:00.050",
                ["RestRequestTimeout"] = "00:00:02",
            },
            ["Alerts"] = new JsonObject
            {
                ["DispatchInterval"] = "00:00:00.100",
                ["EvaluationInterval"] = "00:00:00.200",
                ["MaxRetryDelay"] = "00:00:01",
            },
            ["Detection"] = new JsonObject
            {
                // Every anomaly is its own episode: no cooldown after a resolution.
                ["Lifecycle"] = new JsonObject { ["Cooldown"] = "00:00:00" },
                ["Health"] = new JsonObject { ["StartupGrace"] = "1.00:00:00" },
            },
        };
        tweak?.Invoke(root);
        File.WriteAllText(Path.Combine(Dir, "monitorbot.json"), root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    public WorkerProcess StartWorker()
    {
        var log = Path.Combine(Dir, string.Create(CultureInfo.InvariantCulture, $"worker-{Interlocked.Increment(ref _logs):000}.log"));
        var worker = WorkerProcess.Start(Dir, log, new Dictionary<string, string>
        {
            ["MONITORBOT_Discord__Token"] = FakeDiscordServer.DefaultToken,
        });
        lock (_workers) _workers.Add(worker);
        return worker;
    }

    public async Task KillAsync(WorkerProcess worker, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(Token, cancellationToken);
        await worker.KillAsync(linked.Token);
        Kills++;
    }

    public void Log(string line) => _output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{_clock.Elapsed.TotalSeconds,6:0.0}s] {line}"));

    /// <summary>True when the newest served print is stored and the log is fully consumed.</summary>
    public bool Caught(Progress? p) => p is not null && p.NewestPrintMs == Feed.TimeMs(Feed.Served - 1) && p.Cursor >= p.Head;

    public Progress? Progress() => Db.TryProgress(DatabasePath);

    private async Task DriveAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (Driving && Caught(Progress())) Feed.Advance();
                await Task.Delay(50, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task WaitUntilAsync(Func<Progress?, bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(Token, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (!condition(Progress()))
        {
            if (deadline.Elapsed > timeout) throw new TimeoutException($"{what}: not reached in {timeout} (progress {Progress()}).");
            await Task.Delay(25, linked.Token);
        }
    }

    /// <summary>
    /// The final run: a worker runs until at least <paramref name="morePrints"/> more prints are served and everything
    /// is stored, evaluated and delivered; then it is stopped with SIGTERM (it must exit: never wedged).
    /// </summary>
    /// <param name="worker">A worker already running (it must carry on), else a new one is started.</param>
    public async Task RunUntilQuietAsync(int morePrints = 4, TimeSpan? timeout = null, WorkerProcess? worker = null,
        CancellationToken cancellationToken = default)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        var target = Math.Min(PriceFeed.MaxPrints, Feed.Served + morePrints);
        Driving = true;
        worker ??= StartWorker();
        await WaitUntilAsync(_ => Feed.Served >= target || worker.HasExited, limit, "final run: more prints", cancellationToken);
        Assert.False(worker.HasExited, "the worker exited during the final run:\n" + Tail(worker));
        Driving = false;
        await WaitUntilAsync(p => Caught(p) && p!.Undelivered == 0, limit, "final run: quiet", cancellationToken);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(Token, cancellationToken);
        var stopped = await worker.StopAsync(TimeSpan.FromSeconds(30), linked.Token);
        Assert.True(stopped, "the worker did not stop on SIGTERM within 30 s:\n" + Tail(worker));
    }

    public static string Tail(WorkerProcess worker, int lines = 40) =>
        string.Join('\n', worker.Log.Split('\n').TakeLast(lines));

    /// <summary>
    /// The invariants, after the last worker stopped:
    /// every served print is stored; every anomaly (a print 15% or more away from the previous one) has exactly one
    /// fired/escalated decision and one such outbox row, and every anomaly followed by a flat print is resolved once;
    /// every outbox row is delivered, and the fake created exactly one message per nonce-carrying outbox row (no
    /// nonce twice); the ingest log is consumed; integrity_check is ok; no process is left.
    /// </summary>
    public Figures CheckInvariants(string scenario, int refused429 = 0)
    {
        Assert.Empty(WorkerProcess.Running);
        using var c = Db.Open(DatabasePath);
        Assert.Equal(["ok"], Db.Query(c, "PRAGMA integrity_check", r => r.GetString(0)));

        var prints = Db.Query(c, $"SELECT time, value FROM price_observations WHERE series_id = '{PriceFeed.Series}' ORDER BY time",
            r => (Time: r.GetInt64(0), Value: r.GetDouble(1)));
        Assert.Equal(Feed.Served, prints.Count);
        for (var i = 0; i < prints.Count; i++)
        {
            Assert.Equal(Feed.TimeMs(i), prints[i].Time);
            Assert.Equal(PriceFeed.Value(i), prints[i].Value, 6);
        }

        var anomalies = 0;
        var resolvable = 0;
        for (var i = 1; i < prints.Count; i++)
        {
            if (!PriceFeed.IsAnomaly(prints[i - 1].Value, prints[i].Value)) continue;
            anomalies++;
            if (i + 1 < prints.Count) resolvable++;
        }

        var codes = Db.Query(c, $"SELECT code FROM alert_decisions WHERE fingerprint = '{Fingerprint}' ORDER BY id", r => r.GetString(0));
        // Decisions are bounded per fingerprint (the newest 200): count them only while none was pruned.
        if (codes.Count < 200)
        {
            Assert.Equal(anomalies, codes.Count(x => x is "fired" or "escalated"));
            Assert.Equal(resolvable, codes.Count(x => x == "resolved"));
        }

        var alertRows = Db.Query(c, $"SELECT o.kind FROM outbox o JOIN alerts a ON a.id = o.alert_id WHERE a.fingerprint = '{Fingerprint}'", r => r.GetString(0));
        Assert.Equal(anomalies, alertRows.Count(k => k is "fired" or "escalated"));
        Assert.Equal(resolvable, alertRows.Count(k => k == "resolved"));

        Assert.Equal(0, Db.Scalar(c, "SELECT count(*) FROM outbox WHERE delivered_at IS NULL OR abandoned_at IS NOT NULL"));
        Assert.True(Db.Scalar(c, "SELECT coalesce(max(seq), 0) FROM evaluation_cursor") >= Db.Scalar(c, "SELECT coalesce(max(seq), 0) FROM ingest_log"),
            "the ingest log is not fully consumed");

        var expected = Db.Query(c, "SELECT id FROM outbox WHERE kind <> 'resolved' AND destination LIKE 'discord:%' ORDER BY id",
            r => "mb-" + r.GetInt64(0).ToString(CultureInfo.InvariantCulture)).ToHashSet(StringComparer.Ordinal);
        var created = Fake.CreatedMessages;
        var twice = created.GroupBy(m => m.Nonce ?? "").Where(g => g.Count() > 1).Select(g => $"{g.Key} x{g.Count()}").ToList();
        Assert.True(twice.Count == 0, "messages created twice: " + string.Join(", ", twice));
        Assert.All(created, m => Assert.NotNull(m.Nonce));
        var missing = expected.Except(created.Select(m => m.Nonce!)).ToList();
        var extra = created.Select(m => m.Nonce!).Except(expected).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0, $"outbox vs Discord: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", extra)}]");
        var outbox = (int)Db.Scalar(c, "SELECT count(*) FROM outbox");
        var figures = new Figures(scenario, Kills, prints.Count, anomalies, outbox, created.Count, Fake.NonceReplays, refused429, _clock.Elapsed);
        Log(figures.ToString());
        WriteFigures(figures);
        return figures;
    }

    /// <summary>The last figures of each scenario, in the test output folder (read for the README).</summary>
    private static void WriteFigures(Figures figures)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "resilience-figures.txt");
        lock (typeof(ChaosRig))
        {
            File.AppendAllText(path, string.Create(CultureInfo.InvariantCulture, $"{TimeProvider.System.GetUtcNow():u} {figures}\n"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _driver;
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        List<WorkerProcess> workers;
        lock (_workers) workers = [.. _workers];
        foreach (var w in workers)
        {
            if (!w.HasExited) _output.WriteLine($"cleanup: killing worker {w.Pid}\n{Tail(w, 20)}");
            w.Dispose();
        }

        WorkerProcess.KillAllStarted();
        await Fake.DisposeAsync();
        await Feed.DisposeAsync();
        _stop.Dispose();
        if (_ownedDir is not null)
        {
            try
            {
                Directory.Delete(_ownedDir, recursive: true);
            }
            catch (IOException)
            {
                // Best effort.
            }
        }
    }
}
