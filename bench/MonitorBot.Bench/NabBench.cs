using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MonitorBot.Core.Detection;

namespace MonitorBot.Bench;

/// <summary>
/// The adaptive anomaly score against two baselines (fixed % change, windowed Gaussian z-score) on labelled series of the
/// Numenta Anomaly Benchmark (NAB), scored the NAB way in one run: points above a threshold are detections; the earliest
/// detection inside a labelled window earns up to 1 (scaled sigmoid of its position: early = ~1, at the window's end = 0),
/// a window with no detection costs 1, and every detection outside a window costs 0.11 × a sigmoid of its distance past the
/// previous window (standard profile). The first 15% of each file (at most 750 points) is probation and not scored. Each
/// detector's threshold is the best over the whole set (as NAB does), and the score is normalised: 100 = perfect, 0 = no
/// detections. Then the per-point cost of the adaptive score against a baseline loop in the same run, and its state size.
/// </summary>
/// <remarks>
/// NAB is AGPL-licensed and its data stays out of this repository: pass a folder holding NAB CSVs (timestamp,value) in NAB's
/// layout (realKnownCause/..., realAWSCloudwatch/...) and NAB's labels/combined_windows.json (or a subset) at its root.
/// </remarks>
public static class NabBench
{
    /// <summary>NAB's cost profiles (numenta/NAB config/profiles.json): standard, and the two that weigh false positives or misses double.</summary>
    private static readonly Profile Standard = new("standard", 1.0, 0.11, 1.0);
    private static readonly Profile[] OtherProfiles = [new("reward low FP rate", 1.0, 0.22, 1.0), new("reward low FN rate", 1.0, 0.11, 2.0)];
    private const double ProbationPercent = 0.15;
    private const int GaussianWindow = 500;
    private const int NabGaussianWindow = 1000;
    private const string StartMarker = "<!-- nab-bench:start -->";
    private const string EndMarker = "<!-- nab-bench:end -->";

    private sealed record DataFile(string Name, DateTime[] Times, double[] Values, List<(int Start, int End)> Windows);

    private sealed record Profile(string Name, double TpWeight, double FpWeight, double FnWeight);

    private sealed record Detector(string Name, string Column, string Description, Func<DataFile, double[]> Score);

    public static Task<int> RunAsync(TextWriter output, string dataDir, string? docPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(output);
        var files = Load(dataDir, output);
        if (files.Count == 0)
        {
            output.WriteLine($"nab bench: no NAB CSV with labelled windows under {dataDir} (expects combined_windows.json at its root).");
            return Task.FromResult(2);
        }

        Detector[] detectors =
        [
            new("adaptive score (this detector)", "adaptive", "`AdaptiveAnomaly`, defaults (warm-up 20 points, no floor as a share of the level), ranked by −log10 of its tail probability (score = 1 − tail; the threshold column shows the tail exponent)",
                f => [.. AdaptiveAnomaly.ScoreAll(Points(f), 20, 0).Select(p => -Math.Log10(Math.Max(p.Tail, 1e-300)))]),
            new("fixed % change (baseline)", "fixed %", "|value / previous − 1|, thresholded", f => PercentChange(f.Values)),
            new("windowed Gaussian z-score (baseline)", "Gaussian 500", $"|z| of the value against the mean and sd of the previous {GaussianWindow} points",
                f => WindowedGaussian(f.Values, GaussianWindow)),
            new($"windowed Gaussian, {NabGaussianWindow:N0} points (baseline)", "Gaussian 1,000", $"the same over the previous {NabGaussianWindow:N0} points (closer to NAB's own windowed Gaussian detector)",
                f => WindowedGaussian(f.Values, NabGaussianWindow)),
        ];

        if (Environment.GetEnvironmentVariable("NAB_TRACE") is { } trace && files.FirstOrDefault(f => f.Name.Contains(trace, StringComparison.Ordinal)) is { } tf)
        {
            var pts = AdaptiveAnomaly.ScoreAll(Points(tf), 20, 0);
            var from = int.Parse(Environment.GetEnvironmentVariable("NAB_FROM") ?? "0", CultureInfo.InvariantCulture);
            for (var k = from; k < Math.Min(from + 60, pts.Length); k++)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{k} {tf.Times[k]:MM-dd HH:mm} {tf.Values[k],12:0.###} {pts[k].Score:0.0000} z {pts[k].Surprise:0.00} w {pts[k].WindowSurprise:0.00} pt {pts[k].PointTail:0.0000} wt {pts[k].WindowTail:0.0000} {pts[k].Profile}"));
            }
        }

        var sb = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        sb.AppendLine(StartMarker);
        sb.AppendLine("## Detection: adaptive score on the Numenta Anomaly Benchmark (NAB)");
        sb.AppendLine();
        sb.AppendLine(string.Create(c, $"`dotnet run -c Release --project bench/MonitorBot.Bench -- nab --data DIR` over {files.Count} labelled NAB series ")
            + string.Create(c, $"({files.Sum(f => f.Values.Length):N0} points, {files.Sum(f => f.Windows.Count)} anomaly windows), all detectors in the same run, ")
            + "scored with one NAB-style scorer (standard profile: TP 1.0, FP 0.11, FN 1.0, and NAB's two other profiles further down; earliest "
            + "detection in a window rewarded by NAB's scaled sigmoid; first 15% of each file is probation). Each detector's threshold is the best "
            + "for it over the whole set, as NAB does. "
            + "Score: 100 = every window caught at its start and no false positive, 0 = nothing detected, negative = worse than silence. "
            + "The NAB data (AGPL) is not in this repository.");

        var categories = files.Select(Category).Distinct().Order(StringComparer.Ordinal).ToList();
        sb.AppendLine();
        sb.AppendLine("| Detector | Threshold | **All** (" + files.Count + " series) | "
            + string.Join(" | ", categories.Select(k => string.Create(c, $"{k} ({files.Count(f => Category(f) == k)})"))) + " | Windows caught | False-positive points |");
        sb.AppendLine("| --- | --- | --- | " + string.Join(" | ", categories.Select(_ => "---")) + " | --- | --- |");
        var dump = Environment.GetEnvironmentVariable("NAB_DUMP");
        var perFileScores = new List<double[]>();
        var allScores = new List<List<double[]>>();
        var standardScores = new List<double>();
        var perFileShown = new List<string[]>();
        foreach (var detector in detectors)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var scores = files.Select(detector.Score).ToList();
            allScores.Add(scores);
            if (dump is not null)
            {
                for (var i = 0; i < files.Count; i++)
                {
                    var f = files[i];
                    File.WriteAllLines(Path.Combine(dump, $"{Short(f.Name)}.{detector.Column.Replace(' ', '_').Replace(",", "", StringComparison.Ordinal)}.csv"),
                        scores[i].Select((s, k) => string.Create(c, $"{k},{f.Values[k]},{(f.Windows.Any(w => k >= w.Start && k <= w.End) ? 1 : 0)},{s}")));
                }
            }

            var (threshold, total, perFile, caught, fps) = BestThreshold(files, scores);
            var normalised = Normalise(total, files);
            standardScores.Add(normalised);
            var perCategory = categories.Select(k =>
            {
                var idx = Enumerable.Range(0, files.Count).Where(i => Category(files[i]) == k).ToList();
                return Shown(idx.Sum(i => perFile[i]), [.. idx.Select(i => files[i])]);
            }).ToList();
            perFileScores.Add([.. files.Select((f, i) => Normalise(perFile[i], [f]) is var n && double.IsNaN(n) ? perFile[i] : n)]);
            perFileShown.Add([.. files.Select((f, i) => Shown(perFile[i], [f]))]);
            sb.AppendLine(c, $"| {detector.Name} | {threshold:0.#####} | **{normalised:0.0}** | {string.Join(" | ", perCategory)} | {caught}/{files.Sum(f => f.Windows.Count)} | {fps} |");
            output.WriteLine(string.Create(c, $"{detector.Name,-40} threshold {threshold,-10:0.#####} score {normalised,7:0.0}  ")
                + string.Join("  ", categories.Select((k, j) => string.Create(c, $"{k} {perCategory[j]}")))
                + string.Create(c, $"  caught {caught}  fp points {fps}"));
        }

        // NAB reports every detector under three cost profiles; a lead that holds under all three does not hang on 0.11.
        sb.AppendLine();
        sb.AppendLine("Under NAB's three cost profiles (each detector with its own best threshold per profile):");
        sb.AppendLine();
        sb.AppendLine("| Detector | " + string.Join(" | ", OtherProfiles.Prepend(Standard).Select(p => string.Create(c, $"{p.Name} (FP {p.FpWeight}, FN {p.FnWeight})"))) + " |");
        sb.AppendLine("| --- | --- | " + string.Join(" | ", OtherProfiles.Select(_ => "---")) + " |");
        for (var d = 0; d < detectors.Length; d++)
        {
            var others = OtherProfiles.Select(p => Normalise(BestThreshold(files, allScores[d], p).Total, files, p)).ToList();
            sb.AppendLine(c, $"| {detectors[d].Name} | {standardScores[d]:0.0} | {string.Join(" | ", others.Select(v => v.ToString("0.0", c)))} |");
            output.WriteLine(string.Create(c, $"{detectors[d].Name,-40} standard {standardScores[d],6:0.0}  ")
                + string.Join("  ", OtherProfiles.Select((p, j) => string.Create(c, $"{p.Name} {others[j]:0.0}"))));
        }

        sb.AppendLine();
        sb.AppendLine("Per file (each detector at its threshold above):");
        sb.AppendLine();
        sb.AppendLine("| File | Points | Windows | " + string.Join(" | ", detectors.Select(d => d.Column)) + " |");
        sb.AppendLine("| --- | --- | --- | " + string.Join(" | ", detectors.Select(_ => "---")) + " |");
        for (var i = 0; i < files.Count; i++)
        {
            sb.AppendLine(c, $"| `{files[i].Name}` | {files[i].Values.Length:N0} | {files[i].Windows.Count} | {string.Join(" | ", perFileShown.Select(p => p[i]))} |");
            output.WriteLine(string.Create(c, $"  {Short(files[i].Name),-45} ") + string.Join("  ", perFileShown.Select(p => p[i].PadLeft(7))));
        }

        // How often the adaptive score beats each baseline file by file (at each detector's own threshold), a check that the
        // total is not carried by one or two files.
        sb.AppendLine();
        for (var d = 1; d < detectors.Length; d++)
        {
            int wins = 0, ties = 0;
            for (var i = 0; i < files.Count; i++)
            {
                var diff = perFileScores[0][i] - perFileScores[d][i];
                wins += diff > 0.05 ? 1 : 0;
                ties += Math.Abs(diff) <= 0.05 ? 1 : 0;
            }

            var line = string.Create(c, $"File by file against {detectors[d].Name}: adaptive better on {wins}, equal on {ties}, worse on {files.Count - wins - ties} of {files.Count} series.");
            sb.AppendLine(line);
            sb.AppendLine();
            output.WriteLine(line);
        }

        sb.AppendLine("Detectors: " + string.Join("; ", detectors.Select(d => $"**{d.Name}**: {d.Description}")) + ".");
        sb.AppendLine();
        var (adaptiveNs, baselineNs, points) = MeasureCost(cancellationToken);
        sb.AppendLine(string.Create(c, $"Per-point cost of the adaptive score (one `Update`, {points:N0} points over 100 series of 5-minute data, Release, same run): ")
            + string.Create(c, $"**{adaptiveNs:0} ns per point per series**, against {baselineNs:0.0} ns for a baseline loop over the same points ")
            + string.Create(c, $"(an exponentially weighted mean and variance), a ratio of {adaptiveNs / baselineNs:0.0}×. ")
            + string.Create(c, $"State per series: {AdaptiveAnomaly.StateBytes:N0} bytes, fixed (four 64-bin histograms of surprises, hour-of-week and hour-of-day profiles, ")
            + "16 cadence samples, scalars), whatever the length of the series. The live rule rebuilds it from at most `AdaptiveHistoryPoints` "
            + string.Create(c, $"(2,000) stored prints per evaluation: about {2000 * adaptiveNs / 1e6:0.00} ms."));
        sb.AppendLine(EndMarker);
        output.WriteLine(string.Create(c, $"adaptive {adaptiveNs:0.0} ns/point, baseline loop {baselineNs:0.0} ns/point, ratio {adaptiveNs / baselineNs:0.0}x, state {AdaptiveAnomaly.StateBytes} bytes"));

        if (docPath is not null)
        {
            WriteSection(docPath, sb.ToString());
            output.WriteLine($"written to {docPath}");
        }

        return Task.FromResult(0);
    }

    private static string Short(string name) => Path.GetFileNameWithoutExtension(name);

    private static string Category(DataFile f) => f.Name.Contains('/', StringComparison.Ordinal) ? f.Name[..f.Name.IndexOf('/', StringComparison.Ordinal)] : "other";

    private static List<(DateTimeOffset Time, double Value)> Points(DataFile f) =>
        [.. f.Times.Select((t, i) => (new DateTimeOffset(t, TimeSpan.Zero), f.Values[i]))];

    private static double[] PercentChange(double[] values)
    {
        var scores = new double[values.Length];
        for (var i = 1; i < values.Length; i++)
        {
            var prev = values[i - 1];
            var change = prev == 0 ? (values[i] == 0 ? 0 : double.PositiveInfinity) : Math.Abs((values[i] / prev) - 1);
            scores[i] = double.IsPositiveInfinity(change) ? double.MaxValue : change; // |relative change|; the threshold search needs only its order
        }

        return scores;
    }

    private static double[] WindowedGaussian(double[] values, int window)
    {
        var scores = new double[values.Length];
        double sum = 0, sumSq = 0;
        for (var i = 0; i < values.Length; i++)
        {
            var n = Math.Min(i, window);
            if (n >= 2)
            {
                var mean = sum / n;
                var sd = Math.Sqrt(Math.Max((sumSq / n) - (mean * mean), 0));
                // |z| itself (not 1 − 2·tail, which saturates at 1.0 in floating point for z > 8 and ties the largest surprises).
                scores[i] = sd > 0 ? Math.Abs(values[i] - mean) / sd : (values[i] == mean ? 0 : 1e6);
            }

            sum += values[i];
            sumSq += values[i] * values[i];
            if (i >= window)
            {
                sum -= values[i - window];
                sumSq -= values[i - window] * values[i - window];
            }
        }

        return scores;
    }

    private static (double Threshold, double Total, double[] PerFile, int Caught, int FalsePositives) BestThreshold(List<DataFile> files, List<double[]> scores, Profile? profile = null)
    {
        profile ??= Standard;
        // Candidate thresholds, the same procedure for every detector: the 1,000 largest distinct scores (where the best
        // threshold lies) and 1,000 more spread evenly in rank over the rest, and +∞ (nothing detected).
        var distinct = scores.SelectMany(s => s).Where(v => !double.IsNaN(v)).Distinct().OrderDescending().ToList();
        var candidates = distinct.Take(1000).ToList();
        var rest = distinct.Skip(1000).ToList();
        var step = Math.Max(1.0, rest.Count / 1000.0);
        for (var k = 0.0; k < rest.Count; k += step)
        {
            candidates.Add(rest[(int)k]);
        }

        candidates.Add(double.PositiveInfinity);
        var best = (Threshold: double.PositiveInfinity, Total: double.NegativeInfinity, PerFile: Array.Empty<double>(), Caught: 0, FalsePositives: 0);
        foreach (var threshold in candidates)
        {
            var perFile = new double[files.Count];
            int caught = 0, fps = 0;
            for (var i = 0; i < files.Count; i++)
            {
                (perFile[i], var c, var fp) = ScoreFile(files[i], scores[i], threshold, profile);
                caught += c;
                fps += fp;
            }

            var total = perFile.Sum();
            if (total > best.Total)
            {
                best = (threshold, total, perFile, caught, fps);
            }
        }

        return best;
    }

    /// <summary>NAB's scoring of one file at one threshold (raw, unnormalised).</summary>
    private static (double Score, int Caught, int FalsePositives) ScoreFile(DataFile file, double[] scores, double threshold, Profile profile)
    {
        var n = file.Values.Length;
        var probation = (int)Math.Min(Math.Floor(ProbationPercent * n), ProbationPercent * 5000);
        var maxTp = ScaledSigmoid(-1.0);
        double fpTotal = 0;
        var windowBest = new double[file.Windows.Count];
        Array.Fill(windowBest, -profile.FnWeight);
        int fps = 0;
        int? prevRight = null;
        double prevWidth = 0;
        var w = 0;
        for (var i = 0; i < n; i++)
        {
            while (w < file.Windows.Count && i > file.Windows[w].End)
            {
                prevRight = file.Windows[w].End;
                prevWidth = file.Windows[w].End - file.Windows[w].Start + 1;
                w++;
            }

            var inWindow = w < file.Windows.Count && i >= file.Windows[w].Start && i <= file.Windows[w].End;
            if (i < probation || !(scores[i] >= threshold))
            {
                continue;
            }

            if (inWindow)
            {
                var width = file.Windows[w].End - file.Windows[w].Start + 1.0;
                var position = -(file.Windows[w].End - i + 1) / width;
                windowBest[w] = Math.Max(windowBest[w], ScaledSigmoid(position) * profile.TpWeight / maxTp);
            }
            else
            {
                var past = prevRight is null ? 3.0 : Math.Abs(prevRight.Value - i) / Math.Max(prevWidth - 1, 1);
                fpTotal += ScaledSigmoid(past) * profile.FpWeight;
                fps++;
            }
        }

        // Windows that fall inside probation are not scored (NAB names their points "probationary").
        var scored = file.Windows.Select((win, k) => (win, k)).Where(x => x.win.Start >= probation).ToList();
        return (fpTotal + scored.Sum(x => windowBest[x.k]), scored.Count(x => windowBest[x.k] > 0), fps);
    }

    private static double ScaledSigmoid(double position) =>
        position >= 3.0 ? -1.0 : (2 / (1 + Math.Exp(5 * position))) - 1;

    /// <summary>The normalised score, or for files with no window to find (NAB's artificialNoAnomaly) the raw false-positive cost.</summary>
    private static string Shown(double total, IReadOnlyList<DataFile> files) =>
        Normalise(total, files) is var n && double.IsNaN(n)
            ? string.Create(CultureInfo.InvariantCulture, $"({total:0.00} FP cost)")
            : n.ToString("0.0", CultureInfo.InvariantCulture);

    private static double Normalise(double total, IReadOnlyList<DataFile> files, Profile? profile = null)
    {
        profile ??= Standard;
        var probationFree = files.Sum(f => f.Windows.Count(win => win.Start >= (int)Math.Min(Math.Floor(ProbationPercent * f.Values.Length), ProbationPercent * 5000)));
        var perfect = probationFree * profile.TpWeight;
        var nullScore = -probationFree * profile.FnWeight;
        return perfect == nullScore ? double.NaN : 100 * (total - nullScore) / (perfect - nullScore);
    }

    private static (double AdaptiveNs, double BaselineNs, int Points) MeasureCost(CancellationToken cancellationToken)
    {
        const int Series = 100;
        const int PerSeries = 20_000;
        var random = new Random(42);
        var start = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var data = new (DateTimeOffset Time, double Value)[Series][];
        for (var s = 0; s < Series; s++)
        {
            data[s] = new (DateTimeOffset, double)[PerSeries];
            for (var i = 0; i < PerSeries; i++)
            {
                var t = start.AddMinutes(5 * i);
                data[s][i] = (t, 100 + (10 * Math.Sin(t.TimeOfDay.TotalHours / 24 * 2 * Math.PI)) + random.NextDouble());
            }
        }

        double Adaptive()
        {
            var sink = 0.0;
            var watch = Stopwatch.StartNew();
            for (var s = 0; s < Series; s++)
            {
                var detector = new AdaptiveAnomaly();
                foreach (var (time, value) in data[s])
                {
                    sink += detector.Update(time, value).Score;
                }
            }

            watch.Stop();
            GC.KeepAlive(sink);
            return watch.Elapsed.TotalNanoseconds / (Series * PerSeries);
        }

        double Baseline()
        {
            var sink = 0.0;
            var watch = Stopwatch.StartNew();
            for (var s = 0; s < Series; s++)
            {
                double mean = data[s][0].Value, variance = 0;
                foreach (var (time, value) in data[s])
                {
                    var d = value - mean;
                    mean += 0.05 * d;
                    variance = (0.95 * variance) + (0.05 * d * d);
                    sink += d / Math.Sqrt(variance + 1e-12) + time.Minute;
                }
            }

            watch.Stop();
            GC.KeepAlive(sink);
            return watch.Elapsed.TotalNanoseconds / (Series * PerSeries);
        }

        Adaptive();
        Baseline(); // warm-up (JIT, tiered compilation)
        var adaptive = new List<double>();
        var baseline = new List<double>();
        for (var run = 0; run < 5 && !cancellationToken.IsCancellationRequested; run++)
        {
            adaptive.Add(Adaptive());
            baseline.Add(Baseline());
        }

        return (adaptive.Order().ElementAt(adaptive.Count / 2), baseline.Order().ElementAt(baseline.Count / 2), Series * PerSeries);
    }

    private static List<DataFile> Load(string dataDir, TextWriter output)
    {
        var labels = Path.Combine(dataDir, "combined_windows.json");
        if (!File.Exists(labels))
        {
            return [];
        }

        using var doc = JsonDocument.Parse(File.ReadAllText(labels));
        var files = new List<DataFile>();
        foreach (var entry in doc.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = Path.Combine(dataDir, entry.Name.Replace('/', Path.DirectorySeparatorChar));
            if (!File.Exists(path))
            {
                continue;
            }

            var times = new List<DateTime>();
            var values = new List<double>();
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var parts = line.Split(',');
                if (parts.Length >= 2
                    && DateTime.TryParse(parts[0], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t)
                    && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var v))
                {
                    times.Add(t);
                    values.Add(v);
                }
            }

            var windows = new List<(int, int)>();
            foreach (var window in entry.Value.EnumerateArray())
            {
                var from = DateTime.Parse(window[0].GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var to = DateTime.Parse(window[1].GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
                var s = times.FindIndex(t => t >= from);
                var e = times.FindLastIndex(t => t <= to);
                if (s >= 0 && e >= s)
                {
                    windows.Add((s, e));
                }
            }

            files.Add(new DataFile(entry.Name, [.. times], [.. values], windows));
            output.WriteLine($"loaded {entry.Name}: {times.Count} points, {windows.Count} window(s)");
        }

        return files;
    }

    /// <summary>Replaces this bench's section of the document (between its markers), or appends it.</summary>
    private static void WriteSection(string docPath, string section)
    {
        var text = File.Exists(docPath) ? File.ReadAllText(docPath) : "# Benchmarks\n";
        var start = text.IndexOf(StartMarker, StringComparison.Ordinal);
        var end = text.IndexOf(EndMarker, StringComparison.Ordinal);
        text = start >= 0 && end > start
            ? string.Concat(text.AsSpan(0, start), section.TrimEnd('\n'), text.AsSpan(end + EndMarker.Length))
            : text.TrimEnd('\n') + "\n\n" + section;
        File.WriteAllText(docPath, text.TrimEnd('\n') + "\n");
    }
}
