namespace MonitorBot.Core.Model;

/// <summary>
/// One price print for a series. <see cref="Value"/> is the mid (or the single value);
/// <see cref="Low"/>/<see cref="High"/> carry a quoted range when the source gives one.
/// Unique per (SeriesId, Time, Source).
/// </summary>
public sealed record PriceObservation(
    string SeriesId,
    DateTimeOffset Time,
    double Value,
    string Unit,
    string Currency,
    string Source,
    DateTimeOffset FetchedAt,
    double? Low = null,
    double? High = null,
    string? Basis = null);
