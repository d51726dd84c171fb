using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Worker.Cli;

internal static class PriceCommand
{
    public static Command Build(CliContext context)
    {
        var series = new Argument<string>("series") { Description = "Series id, e.g. tb-oxide, dy-oxide, ndpr-oxide." };
        var value = new Argument<string>("value") { Description = "The quote (mid), e.g. 6550 or 6.5 (a decimal point; commas are refused as ambiguous)." };
        var unit = new Option<string?>("--unit") { Description = "Unit (default: the series' unit, else kg)." };
        var currency = new Option<string?>("--currency") { Description = "Currency, 3 letters (default: the series' currency, else CNY)." };
        var at = new Option<string?>("--at") { Description = "Quote time, ISO-8601 (default now). A date alone means 00:00 UTC." };
        var source = new Option<string>("--source") { Description = "Where the quote came from (default manual).", DefaultValueFactory = _ => "manual" };
        var newSeries = new Option<bool>("--new-series") { Description = "Start a series that is not known yet, or one with another unit/currency than the known one." };
        var add = new Command("add", "Record a manual quote (teams copy prices from paid reports).") { series, value, unit, currency, at, source, newSeries };
        add.SetAction(async (pr, ct) =>
        {
            var problems = new List<string>();
            var id = pr.GetValue(series)!.Trim().ToLowerInvariant();
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9._-]{0,63}$"))
                problems.Add($"series '{id}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'.");
            var valueText = pr.GetValue(value)!.Trim();
            var v = double.NaN;
            if (valueText.Contains(',', StringComparison.Ordinal))
                problems.Add($"value '{valueText}' has a comma, which is ambiguous (thousands or decimals?); write 6550 or 6.5.");
            else if (!double.TryParse(valueText, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out v))
                problems.Add($"value '{valueText}' is not a number (e.g. 6550 or 6.5).");
            else if (!double.IsFinite(v) || v <= 0)
                problems.Add($"value must be a positive number (got {v.ToString(CultureInfo.InvariantCulture)}).");
            var unitText = pr.GetValue(unit)?.Trim();
            if (unitText is not null && !System.Text.RegularExpressions.Regex.IsMatch(unitText, "^[A-Za-z][A-Za-z0-9 ./-]{0,15}$"))
                problems.Add($"--unit '{unitText}' must be 1-16 characters starting with a letter, e.g. kg or t.");
            var currencyText = pr.GetValue(currency)?.Trim().ToUpperInvariant();
            if (currencyText is not null && !System.Text.RegularExpressions.Regex.IsMatch(currencyText, "^[A-Z]{3}$"))
                problems.Add($"--currency '{currencyText}' must be a 3-letter ISO 4217 code, e.g. CNY or USD.");
            var now = context.TimeProvider.GetUtcNow();
            var time = now;
            if (pr.GetValue(at) is { } atText)
            {
                if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
                    problems.Add($"--at '{atText}' is not an ISO-8601 time (e.g. 2025-03-24 or 2025-03-24T08:00:00Z).");
                else if (time > now + TimeSpan.FromDays(1))
                    problems.Add($"--at {MonitorBotCli.Iso(time)} is in the future.");
            }
            if (problems.Count > 0) return await RefuseAsync(context, problems);

            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, null, ct);
            var history = host.Services.GetRequiredService<IPriceHistory>();
            var known = (await host.Services.GetRequiredService<SeriesCatalog>().ListAsync(ct))
                .Where(e => e.Unit is not null && e.Currency is not null)
                .ToDictionary(e => e.Id, e => (Unit: e.Unit!, Currency: e.Currency!), StringComparer.Ordinal);
            var allowNew = pr.GetValue(newSeries);
            if (!known.TryGetValue(id, out var expected))
            {
                if (!allowNew)
                {
                    var nearest = Nearest(id, known.Keys);
                    problems.Add($"unknown series '{id}'{(nearest is null ? "" : $"; did you mean {nearest}?")} (pass --new-series to start it).");
                }
                expected = (unitText ?? "kg", currencyText ?? "CNY");
            }
            var observationUnit = unitText ?? expected.Unit;
            var observationCurrency = currencyText ?? expected.Currency;
            if (!allowNew && known.ContainsKey(id)
                && (!string.Equals(observationUnit, expected.Unit, StringComparison.OrdinalIgnoreCase) || observationCurrency != expected.Currency))
                problems.Add($"{id} is quoted in {expected.Currency}/{expected.Unit}, not {observationCurrency}/{observationUnit} (pass --new-series if this is meant).");
            if (problems.Count > 0) return await RefuseAsync(context, problems);

            var source_ = pr.GetValue(source)!;
            var previous = (await history.GetSeriesAsync(id, time, time, ct)).FirstOrDefault(p => p.Source == source_ && p.Time == time);

            var observation = new PriceObservation(id, time, v, observationUnit, observationCurrency, source_, now);
            var result = await host.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("manual", [observation], [], []), ct);
            var c = CultureInfo.InvariantCulture;
            await context.Out.WriteLineAsync(result.PricesWritten == 0
                ? $"Unchanged: {id} already has that value at {MonitorBotCli.Iso(time)} from {observation.Source}."
                : previous is not null && previous.Value != v
                    ? $"Replaced {id} at {MonitorBotCli.Iso(time)} from {observation.Source}: {previous.Value.ToString("#,0.##", c)} -> {v.ToString("#,0.##", c)} {observation.Currency}/{observation.Unit}."
                    : $"Recorded {id} = {v.ToString("#,0.##", c)} {observation.Currency}/{observation.Unit} at {MonitorBotCli.Iso(time)} (source {observation.Source}).");

            // The save logged itself for evaluation: evaluate now (a running worker would otherwise do it within seconds;
            // the write session makes sure only one of them does). Notifications go out through the outbox.
            var pass = await host.Services.GetRequiredService<AlertEngine>().EvaluatePendingAsync(context.TimeProvider.GetUtcNow(), ct);
            foreach (var action in pass.Actions)
            {
                await context.Out.WriteLineAsync(
                    $"{ConsoleAlertDeliverer.Tag(action.Kind)} [{action.Severity.ToString().ToUpperInvariant()}] {action.Title} — {action.Reason} (queued for delivery through the outbox)");
            }
            return MonitorBotCli.ExitOk;
        });
        var command = new Command("price", "Price series: record a manual quote, show a series.") { add, QueryCommands.PriceShow(context) };
        return command;
    }

    private static async Task<int> RefuseAsync(CliContext context, List<string> problems)
    {
        foreach (var p in problems) await context.Error.WriteLineAsync("monitorbot price add: " + p);
        return MonitorBotCli.ExitConfig;
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
