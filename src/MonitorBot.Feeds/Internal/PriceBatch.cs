using System.Globalization;
using MonitorBot.Core.Model;

namespace MonitorBot.Feeds.Internal;

/// <summary>
/// Collects the observations one payload yields and refuses the implausible ones with a per-row reason (counted in
/// <see cref="RowErrors"/>): a non-finite value, a non-positive price, a value absurd on its face (beyond 1e15 or a
/// subnormal) or more than <see cref="MaxOrdersFromMedian"/> orders of magnitude from its series' median in the batch,
/// and a time before <see cref="Earliest"/> or more than <see cref="FutureTolerance"/> after the fetch.
/// </summary>
internal sealed class PriceBatch
{
    public const double MaxOrdersFromMedian = 10;
    public const double MaxMagnitude = 1e15;
    public static readonly DateTimeOffset Earliest = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    public static readonly TimeSpan FutureTolerance = TimeSpan.FromDays(7);

    private readonly FeedParseContext _context;
    private readonly RowErrors _errors;
    private readonly bool _pricesArePositive;
    private readonly List<PriceObservation> _rows;
    private readonly List<int> _lines;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;

    /// <param name="pricesArePositive">False for series that may be zero or negative (GDELT tone, counts).</param>
    /// <param name="capacity">Expected row count (avoids regrowing large lists).</param>
    public PriceBatch(FeedParseContext context, RowErrors errors, bool pricesArePositive = true, int capacity = 0)
    {
        _context = context;
        _errors = errors;
        _pricesArePositive = pricesArePositive;
        _rows = new List<PriceObservation>(capacity);
        _lines = new List<int>(capacity);
    }

    public int Count => _rows.Count;

    /// <summary>Adds the observation, or skips it (with its reason) when implausible.</summary>
    public void Add(long line, PriceObservation observation)
    {
        if (Reason(observation) is { } reason)
        {
            _errors.Skip(line, reason);
            return;
        }
        _rows.Add(observation);
        _lines.Add((int)Math.Min(line, int.MaxValue));
        if (observation.Value < _min) _min = observation.Value;
        if (observation.Value > _max) _max = observation.Value;
    }

    /// <summary>The kept observations, in order, without those absurdly far from their series' median.</summary>
    public List<PriceObservation> Finish()
    {
        // No value can be 10 orders of magnitude from any median when the whole batch spans less than that: no pass, no sort.
        if (!_pricesArePositive || _rows.Count < 3 || _max / _min <= Math.Pow(10, MaxOrdersFromMedian)) return _rows;
        var result = new List<PriceObservation>(_rows.Count);
        var bySeries = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var observation in _rows)
        {
            if (!bySeries.TryGetValue(observation.SeriesId, out var list)) bySeries[observation.SeriesId] = list = [];
            list.Add(observation.Value);
        }
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (series, values) in bySeries)
        {
            System.Runtime.InteropServices.CollectionsMarshal.AsSpan(values).Sort();
            medians[series] = values[values.Count / 2];
        }
        for (var i = 0; i < _rows.Count; i++)
        {
            var (observation, line) = (_rows[i], _lines[i]);
            var median = medians[observation.SeriesId];
            var orders = Math.Abs(Math.Log10(observation.Value / median));
            if (orders > MaxOrdersFromMedian)
            {
                _errors.Skip(line, string.Create(CultureInfo.InvariantCulture,
                    $"value {observation.Value:G6} is more than {MaxOrdersFromMedian:0} orders of magnitude from the series median {median:G6}"));
                continue;
            }
            result.Add(observation);
        }
        return result;
    }

    private string? Reason(PriceObservation observation)
    {
        var value = observation.Value;
        if (!double.IsFinite(value)) return "value is not a finite number";
        if (_pricesArePositive && value <= 0) return string.Create(CultureInfo.InvariantCulture, $"price is not positive ({value:G6})");
        if (Math.Abs(value) > MaxMagnitude) return string.Create(CultureInfo.InvariantCulture, $"value {value:G6} is absurdly large");
        if (double.IsSubnormal(value)) return string.Create(CultureInfo.InvariantCulture, $"value {value:G6} is absurdly small");
        return TimeReason(observation.Time, _context);
    }

    /// <summary>Null when <paramref name="time"/> is plausible for a price; else the reason.</summary>
    public static string? TimeReason(DateTimeOffset time, FeedParseContext context) =>
        time < Earliest || time > context.FetchedAt + FutureTolerance
            ? $"date out of range ({time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)})"
            : null;
}
