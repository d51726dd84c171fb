using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;
using MonitorBot.Worker.Alerts;

namespace MonitorBot.Worker.Cli;

internal static class PriceCommand
{
    public static Command Build(CliContext context)
    {
        var series = new Argument<string>("series") { Description = "Series id, e.g. tb-oxide, dy-oxide, ndpr-oxide." };
        var value = new Argument<double>("value") { Description = "The quote (mid), e.g. 6550." };
        var unit = new Option<string>("--unit") { Description = "Unit (default kg).", DefaultValueFactory = _ => "kg" };
        var currency = new Option<string>("--currency") { Description = "Currency (default CNY).", DefaultValueFactory = _ => "CNY" };
        var at = new Option<string?>("--at") { Description = "Quote time, ISO-8601 (default now). A date alone means 00:00 UTC." };
        var source = new Option<string>("--source") { Description = "Where the quote came from (default manual).", DefaultValueFactory = _ => "manual" };
        var add = new Command("add", "Record a manual quote (teams copy prices from paid reports).") { series, value, unit, currency, at, source };
        add.SetAction(async (pr, ct) =>
        {
            var problems = new List<string>();
            var id = pr.GetValue(series)!.Trim().ToLowerInvariant();
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9][a-z0-9._-]{0,63}$"))
                problems.Add($"series '{id}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-'.");
            var v = pr.GetValue(value);
            if (!double.IsFinite(v) || v <= 0) problems.Add($"value must be a positive number (got {v.ToString(CultureInfo.InvariantCulture)}).");
            var now = context.TimeProvider.GetUtcNow();
            var time = now;
            if (pr.GetValue(at) is { } atText)
            {
                if (!DateTimeOffset.TryParse(atText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time))
                    problems.Add($"--at '{atText}' is not an ISO-8601 time (e.g. 2025-03-24 or 2025-03-24T08:00:00Z).");
                else if (time > now + TimeSpan.FromDays(1))
                    problems.Add($"--at {MonitorBotCli.Iso(time)} is in the future.");
            }
            if (problems.Count > 0)
            {
                foreach (var p in problems) await context.Error.WriteLineAsync("monitorbot price add: " + p);
                return MonitorBotCli.ExitConfig;
            }

            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, null, ct);
            var observation = new PriceObservation(id, time, v, pr.GetValue(unit)!, pr.GetValue(currency)!.ToUpperInvariant(), pr.GetValue(source)!, now);
            var result = await host.Services.GetRequiredService<IIngestStore>().SaveAsync(new IngestBatch("manual", [observation], [], []), ct);
            await context.Out.WriteLineAsync(result.PricesWritten > 0
                ? $"Recorded {id} = {v.ToString("#,0.##", CultureInfo.InvariantCulture)} {observation.Currency}/{observation.Unit} at {MonitorBotCli.Iso(time)} (source {observation.Source})."
                : $"Unchanged: {id} already has that value at {MonitorBotCli.Iso(time)} from {observation.Source}.");

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
}
