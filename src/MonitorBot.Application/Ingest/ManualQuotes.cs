using MonitorBot.Application.Evaluation;
using MonitorBot.Application.Queries;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Application.Ingest;

/// <summary>A quote a team member copied from a paid report. Unit and currency null: the series' own.</summary>
public sealed record ManualQuote(string SeriesId, DateTimeOffset Time, double Value, string? Unit, string? Currency, string Source, bool NewSeries);

/// <summary>What adding a quote did: every reason it was refused, or the print saved, the value it replaced, and the alerts it raised.</summary>
public sealed record ManualQuoteResult(IReadOnlyList<string> Problems, PriceObservation? Saved = null, double? Replaced = null, bool Unchanged = false,
    IReadOnlyList<AlertAction>? Raised = null)
{
    public IReadOnlyList<AlertAction> Alerts => Raised ?? [];
}

/// <summary>
/// Manual quotes (`price add`): checked against the series' known unit and currency (a typo or a new series needs
/// <see cref="ManualQuote.NewSeries"/>), saved like any feed's print, then evaluated at once; the notifications go out
/// through the outbox (a running worker delivers them).
/// </summary>
public sealed class ManualQuotes(SeriesCatalog catalog, IPriceHistory history, IIngestStore ingest, AlertEngine engine, TimeProvider time)
{
    public async Task<ManualQuoteResult> AddAsync(ManualQuote quote, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(quote);
        var id = quote.SeriesId;
        var known = (await catalog.ListAsync(cancellationToken))
            .Where(e => e.Unit is not null && e.Currency is not null)
            .ToDictionary(e => e.Id, e => (Unit: e.Unit!, Currency: e.Currency!), StringComparer.Ordinal);
        var problems = new List<string>();
        if (!known.TryGetValue(id, out var expected))
        {
            if (!quote.NewSeries)
            {
                var nearest = Nearest(id, known.Keys);
                problems.Add($"unknown series '{id}'{(nearest is null ? "" : $"; did you mean {nearest}?")} (pass --new-series to start it).");
            }
            expected = (quote.Unit ?? "kg", quote.Currency ?? "CNY");
        }
        var unit = quote.Unit ?? expected.Unit;
        var currency = quote.Currency ?? expected.Currency;
        if (!quote.NewSeries && known.ContainsKey(id)
            && (!string.Equals(unit, expected.Unit, StringComparison.OrdinalIgnoreCase) || currency != expected.Currency))
            problems.Add($"{id} is quoted in {expected.Currency}/{expected.Unit}, not {currency}/{unit} (pass --new-series if this is meant).");
        if (problems.Count > 0) return new ManualQuoteResult(problems);

        var previous = (await history.GetSeriesAsync(id, quote.Time, quote.Time, cancellationToken))
            .FirstOrDefault(p => p.Source == quote.Source && p.Time == quote.Time);
        var observation = new PriceObservation(id, quote.Time, quote.Value, unit, currency, quote.Source, time.GetUtcNow());
        var result = await ingest.SaveAsync(new IngestBatch("manual", [observation], [], []), cancellationToken);

        // The save logged itself for evaluation: evaluate now (a running worker would otherwise do it within seconds;
        // the write session makes sure only one of them does).
        var pass = await engine.EvaluatePendingAsync(time.GetUtcNow(), cancellationToken);
        return new ManualQuoteResult([], observation, previous is not null && previous.Value != quote.Value ? previous.Value : null,
            result.PricesWritten == 0, pass.Actions);
    }

    /// <summary>The known id closest to <paramref name="id"/> (edit distance at most a third of its length, at least 2), or null.</summary>
    internal static string? Nearest(string id, IEnumerable<string> known)
    {
        var best = known.Select(k => (Id: k, Distance: Distance(id, k))).OrderBy(x => x.Distance).ThenBy(x => x.Id, StringComparer.Ordinal).FirstOrDefault();
        return best.Id is not null && best.Distance <= Math.Max(2, id.Length / 3) ? best.Id : null;
    }

    private static int Distance(string a, string b)
    {
        var d = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) d[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = d[0];
            d[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = d[j];
                d[j] = Math.Min(Math.Min(d[j] + 1, d[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return d[b.Length];
    }
}
