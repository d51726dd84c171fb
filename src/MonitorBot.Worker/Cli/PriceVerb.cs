using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Application.Ingest;

namespace MonitorBot.Worker.Cli;

internal static class PriceVerb
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
            var quote = new ManualQuote(id, time, v, unitText, currencyText, pr.GetValue(source)!, pr.GetValue(newSeries));
            var added = await host.Services.GetRequiredService<ManualQuotes>().AddAsync(quote, ct);
            if (added.Problems.Count > 0) return await RefuseAsync(context, [.. added.Problems]);

            var saved = added.Saved!;
            var c = CultureInfo.InvariantCulture;
            await context.Out.WriteLineAsync(added.Unchanged
                ? $"Unchanged: {id} already has that value at {MonitorBotCli.Iso(time)} from {saved.Source}."
                : added.Replaced is { } old
                    ? $"Replaced {id} at {MonitorBotCli.Iso(time)} from {saved.Source}: {old.ToString("#,0.##", c)} -> {v.ToString("#,0.##", c)} {saved.Currency}/{saved.Unit}."
                    : $"Recorded {id} = {v.ToString("#,0.##", c)} {saved.Currency}/{saved.Unit} at {MonitorBotCli.Iso(time)} (source {saved.Source}).");
            foreach (var action in added.Alerts)
            {
                await context.Out.WriteLineAsync(
                    $"{ConsoleAlertDeliverer.Tag(action.Kind)} [{action.Severity.ToString().ToUpperInvariant()}] {action.Title} — {action.Reason} (queued for delivery through the outbox)");
            }
            return MonitorBotCli.ExitOk;
        });
        var command = new Command("price", "Price series: record a manual quote, show a series.") { add, QueryVerbs.PriceShow(context) };
        return command;
    }

    private static async Task<int> RefuseAsync(CliContext context, List<string> problems)
    {
        foreach (var p in problems) await context.Error.WriteLineAsync("monitorbot price add: " + p);
        return MonitorBotCli.ExitConfig;
    }
}
