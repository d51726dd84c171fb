using MonitorBot.Core.Model;

namespace MonitorBot.Core.Detection;

/// <summary>
/// One detector's verdict about one fingerprint at one evaluation.
/// </summary>
/// <param name="Fingerprint">Stable identity: "{rule}:{series or entity}" (e.g. "price-oxide:tb-oxide", "trade-collapse:cn-mm-imports").</param>
/// <param name="Rule">The rule id that produced it.</param>
/// <param name="Topic">One of <see cref="AlertTopics"/>.</param>
/// <param name="Severity">The severity when the condition holds; null when it does not (clear / insufficient data).</param>
/// <param name="Score">How strong the condition is, 0..1 (1 = at or beyond the critical threshold).</param>
/// <param name="Title">Short headline for the alert.</param>
/// <param name="Reason">Why: the measures and thresholds, in words.</param>
/// <param name="Source">Where the data came from (price source, "comtrade", outlets, feed id).</param>
/// <param name="ObservedAt">Time of the newest data point the verdict is about.</param>
/// <param name="SeriesOrEntity">The series id or entity (the fingerprint's second part).</param>
/// <param name="Facts">Machine-readable measures (invariant-culture strings), for embeds and the decision log.</param>
/// <param name="Baseline">True when the only evidence is baseline items (first poll of a source): never alerts.</param>
public sealed record Signal(
    string Fingerprint,
    string Rule,
    string Topic,
    AlertSeverity? Severity,
    double Score,
    string Title,
    string Reason,
    string Source,
    DateTimeOffset ObservedAt,
    string? SeriesOrEntity,
    IReadOnlyDictionary<string, string>? Facts,
    bool Baseline = false)
{
    /// <summary>True when the condition holds (a severity is set) and the evidence is not baseline.</summary>
    public bool Holds => Severity is not null && !Baseline;

    /// <summary>"{rule}:{series or entity}".</summary>
    public static string MakeFingerprint(string rule, string seriesOrEntity) => $"{rule}:{seriesOrEntity}";
}

/// <summary>What a detector produced: one signal per fingerprint it evaluated (holding or clear).</summary>
public sealed record DetectorResult(IReadOnlyList<Signal> Signals)
{
    public static readonly DetectorResult Empty = new([]);

    /// <summary>The signals whose condition holds.</summary>
    public IEnumerable<Signal> Holding => Signals.Where(s => s.Holds);
}
