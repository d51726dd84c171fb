using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using MonitorBot.Core.Detection;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;
using MonitorBot.Worker.Alerts;
using MonitorBot.Worker.Bot;
using MonitorBot.Application.Queries;

namespace MonitorBot.Worker.Cli;

/// <summary>
/// Console parity with the slash commands: <c>alerts</c>, <c>news</c>, <c>trade</c> and <c>price show</c> print what
/// <c>/alerts</c>, <c>/news</c>, <c>/trade</c> and <c>/price</c> show, from the same query services (and <c>--json</c>).
/// </summary>
internal static class QueryVerbs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static Option<string?> Db() => new("--db") { Description = "SQLite database path (default: Storage:Path)." };

    private static Option<bool> Json() => new("--json") { Description = "Print JSON instead of text." };

    private static Option<int> IntOption(string name, string description, int defaultValue, int min, int max)
    {
        var option = new Option<int>(name) { Description = $"{description} ({min}-{max}, default {defaultValue}).", DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(r =>
        {
            var v = r.GetValueOrDefault<int>();
            if (v < min || v > max) r.AddError($"{name} must be between {min} and {max} (got {v}).");
        });
        return option;
    }

    public static Command Trade(CliContext context)
    {
        var db = Db();
        var json = Json();
        var months = IntOption("--months", "How many months", 12, 1, 36);
        var command = new Command("trade", "China's monthly rare-earth imports from Myanmar with the change vs a year earlier (as /trade).") { db, json, months };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(db)), ct);
            var lines = await host.Services.GetRequiredService<TradeQuery>().GetAsync(pr.GetValue(months), ct);
            if (pr.GetValue(json))
            {
                foreach (var t in lines) await context.Out.WriteLineAsync(CliJson.Serialize(t));
                return MonitorBotCli.ExitOk;
            }

            if (lines.Count == 0)
            {
                await context.Out.WriteLineAsync("No trade data stored yet (the Comtrade source publishes with a lag of several months).");
                return MonitorBotCli.ExitOk;
            }

            await context.Out.WriteLineAsync("China imports of rare earths from Myanmar (HS 2846 + 280530):");
            foreach (var t in lines)
            {
                var yoy = t.YoYPct is { } y && t.YearEarlierTonnes is { } e ? $", {StatusFormat.Pct(y)} y/y (a year earlier: {StatusFormat.Tonnes(e)})" : ", y/y n/a";
                await context.Out.WriteLineAsync($"- {StatusFormat.Period(t.Period)}: {StatusFormat.Tonnes(t.Tonnes)}{yoy} ({t.Source}, fetched {StatusFormat.Date(t.FetchedAt)})");
            }
            return MonitorBotCli.ExitOk;
        });
        return command;
    }

    public static Command News(CliContext context)
    {
        var db = Db();
        var json = Json();
        var query = new Argument<string?>("query") { Description = "Words to look for in titles and summaries (optional).", Arity = ArgumentArity.ZeroOrOne };
        var days = IntOption("--days", "How far back", 30, 1, 3650);
        var limit = IntOption("--limit", "How many items", 10, 1, 100);
        var command = new Command("news", "The most relevant news of the last days, with outlet, time and link (as /news).") { query, db, json, days, limit };
        command.SetAction(async (pr, ct) =>
        {
            var q = pr.GetValue(query);
            if (q is { Length: > 100 })
            {
                await context.Error.WriteLineAsync("monitorbot news: the query is limited to 100 characters.");
                return MonitorBotCli.ExitConfig;
            }

            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(db)), ct);
            var now = context.TimeProvider.GetUtcNow();
            var items = await host.Services.GetRequiredService<NewsQuery>().SearchAsync(q, pr.GetValue(days), pr.GetValue(limit), ct);
            if (pr.GetValue(json))
            {
                foreach (var n in items)
                {
                    await context.Out.WriteLineAsync(CliJson.Serialize(new
                    {
                        n.Title, n.Url, Outlet = SupplyStatusRules.OutletOf(n), Time = n.EffectiveTime, n.Relevance, n.Entities, n.SourceId,
                    }));
                }
                return MonitorBotCli.ExitOk;
            }

            if (items.Count == 0)
            {
                await context.Out.WriteLineAsync($"No relevant items in the last {pr.GetValue(days)} days{(string.IsNullOrWhiteSpace(q) ? "" : $" matching '{q}'")}.");
                return MonitorBotCli.ExitOk;
            }

            foreach (var n in items)
            {
                await context.Out.WriteLineAsync(
                    $"- {n.Title} ({SupplyStatusRules.OutletOf(n)}, {StatusFormat.When(n.EffectiveTime)}, {StatusFormat.Age(now - n.EffectiveTime)}, relevance {n.Relevance.ToString("0.00", Inv)})\n  {n.Url}");
            }
            return MonitorBotCli.ExitOk;
        });
        return command;
    }

    public static Command PriceShow(CliContext context)
    {
        var db = Db();
        var json = Json();
        var series = new Argument<string>("series") { Description = "Series id, e.g. tb-oxide, dy-oxide, remx." };
        var days = IntOption("--days", "How many days of the series' history", 90, 1, 3650);
        var command = new Command("show", "A series' recent prints with change, range, source and age (as /price).") { series, db, json, days };
        command.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(db)), ct);
            var (view, problem) = await host.Services.GetRequiredService<PriceQuery>().GetAsync(pr.GetValue(series)!, pr.GetValue(days), ct);
            if (view is null)
            {
                await context.Error.WriteLineAsync("monitorbot price show: " + problem);
                return MonitorBotCli.ExitFailure;
            }

            if (pr.GetValue(json))
            {
                await context.Out.WriteLineAsync(CliJson.Serialize(new
                {
                    view.SeriesId, view.Name, view.Days, view.ChangePct, view.Min, view.Max, Latest = view.Latest,
                    Points = view.Points.Select(p => new { p.Time, p.Value }),
                }));
                return MonitorBotCli.ExitOk;
            }

            var now = context.TimeProvider.GetUtcNow();
            var latest = view.Latest;
            await context.Out.WriteLineAsync($"{view.Name}: {StatusFormat.Price(latest.Value, latest.Unit, latest.Currency)} at {StatusFormat.When(latest.Time)} (source {latest.Source}, {StatusFormat.Age(now - latest.Time)})");
            await context.Out.WriteLineAsync($"{Sparkline.Render(view.Points.Select(p => p.Value).ToList())}");
            await context.Out.WriteLineAsync(view.ChangePct is { } c
                ? $"Change over the last {view.Days} d of data: {StatusFormat.Pct(c)} (from {StatusFormat.Number(view.First.Value)} on {StatusFormat.Date(view.First.Time)})"
                : $"Change over the last {view.Days} d of data: n/a");
            await context.Out.WriteLineAsync($"Range {StatusFormat.Number(view.Min)} – {StatusFormat.Number(view.Max)}, {view.Points.Count.ToString(Inv)} print(s)");
            return MonitorBotCli.ExitOk;
        });
        return command;
    }

    public static Command Alerts(CliContext context)
    {
        var who = $"cli:{Environment.UserName}";

        var listDb = Db();
        var listJson = Json();
        var status = new Option<string>("--status") { Description = "active, firing, pending, resolved or all (default active).", DefaultValueFactory = _ => "active" };
        status.AcceptOnlyFromAmong([.. AlertsQuery.StatusWords]);
        var list = new Command("list", "Alerts with their state, severity (and peak), since when, source and fingerprint.") { listDb, listJson, status };
        list.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(listDb)), ct);
            AlertsQuery.TryStatuses(pr.GetValue(status)!, out var statuses); // the option accepts only the query's words
            var rows = await host.Services.GetRequiredService<AlertsQuery>().ListAsync(statuses, 100, ct);
            if (pr.GetValue(listJson))
            {
                foreach (var row in rows)
                {
                    var s = row.Alert.State;
                    await context.Out.WriteLineAsync(CliJson.Serialize(new
                    {
                        row.Alert.Id, s.Fingerprint, s.Rule, s.Topic, s.Status, s.Severity, s.Peak, s.Title, s.Reason, s.Source,
                        row.Since, s.AckedBy, s.MutedUntil, row.Delivery,
                    }));
                }
                return MonitorBotCli.ExitOk;
            }

            if (rows.Count == 0) await context.Out.WriteLineAsync($"No alerts ({pr.GetValue(status)}).");
            foreach (var row in rows)
            {
                var s = row.Alert.State;
                var sent = row.Delivery is { } d ? $"; messages: {d.Describe()}" : "";
                await context.Out.WriteLineAsync($"#{row.Alert.Id} [{s.Severity.ToString().ToUpperInvariant()}] {s.Title} — {string.Join(", ", row.Flags)}, since {StatusFormat.When(row.Since)}, {s.Source} ({s.Fingerprint}){sent}");
            }
            return MonitorBotCli.ExitOk;
        });

        var ackDb = Db();
        var ackId = new Argument<long>("id") { Description = "The alert's number (as in 'alerts list')." };
        var ack = new Command("ack", "Acknowledge a firing alert: no more reminders for this episode.") { ackId, ackDb };
        ack.SetAction((pr, ct) => AdminAsync(pr, context, ackDb, (admin, token) => admin.AckAsync(pr.GetValue(ackId), who, token), ct));

        var muteDb = Db();
        var muteTarget = new Argument<string>("target") { Description = "An alert id, a fingerprint (rule:series) or a rule id." };
        var muteFor = new Argument<string>("duration") { Description = "How long: 30m, 6h, 2d or 1w (at most 30 days)." };
        var reason = new Option<string>("--reason") { Description = "Why (1-200 characters).", Required = true };
        var mute = new Command("mute", "Mute an alert, a fingerprint or a whole rule for a while (tracked, not notified).") { muteTarget, muteFor, muteDb, reason };
        mute.SetAction(async (pr, ct) =>
        {
            if (DurationParser.Parse(pr.GetValue(muteFor)!) is not { } duration)
            {
                await context.Error.WriteLineAsync("monitorbot alerts mute: duration must look like 30m, 6h, 2d or 1w, at most 30 days.");
                return MonitorBotCli.ExitConfig;
            }

            var why = pr.GetValue(reason)!.Trim();
            if (why.Length is 0 or > 200)
            {
                await context.Error.WriteLineAsync("monitorbot alerts mute: --reason must be 1-200 characters.");
                return MonitorBotCli.ExitConfig;
            }

            return await AdminAsync(pr, context, muteDb, (admin, token) => admin.MuteAsync(pr.GetValue(muteTarget)!, duration, who, why, token), ct);
        });

        var unmuteDb = Db();
        var unmuteTarget = new Argument<string>("target") { Description = "An alert id, a fingerprint or a rule id." };
        var unmute = new Command("unmute", "End a mute.") { unmuteTarget, unmuteDb };
        unmute.SetAction((pr, ct) => AdminAsync(pr, context, unmuteDb, (admin, token) => admin.UnmuteAsync(pr.GetValue(unmuteTarget)!, who, token), ct));

        var whyDb = Db();
        var whyJson = Json();
        var whyTarget = new Argument<string>("target") { Description = "An alert id or a fingerprint." };
        var whyCommand = new Command("why", "Why did (or didn't) it alert: the latest decisions with their reason codes.") { whyTarget, whyDb, whyJson };
        whyCommand.SetAction(async (pr, ct) =>
        {
            using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.ReadOnlyDb(pr.GetValue(whyDb)), ct);
            var (record, decisions) = await host.Services.GetRequiredService<AlertAdmin>().WhyAsync(pr.GetValue(whyTarget)!, ct);
            if (decisions.Count == 0)
            {
                await context.Error.WriteLineAsync("monitorbot alerts why: no decision recorded for that alert: it never held (below threshold) or the id/fingerprint is wrong.");
                return MonitorBotCli.ExitFailure;
            }

            if (pr.GetValue(whyJson))
            {
                foreach (var d in decisions) await context.Out.WriteLineAsync(CliJson.Serialize(new { d.Fingerprint, Code = d.CodeName, d.Text, d.At }));
                return MonitorBotCli.ExitOk;
            }

            await context.Out.WriteLineAsync($"Why: {(record is null ? decisions[0].Fingerprint : $"#{record.Id} {record.State.Fingerprint}")}");
            foreach (var d in decisions) await context.Out.WriteLineAsync($"- {StatusFormat.DateTime(d.At)} {d.CodeName}: {d.Text}");
            return MonitorBotCli.ExitOk;
        });

        return new Command("alerts", "The alerts (as /alerts): list, ack, mute, unmute, why.") { list, ack, mute, unmute, whyCommand };
    }

    private static async Task<int> AdminAsync(ParseResult pr, CliContext context, Option<string?> db, Func<AlertAdmin, CancellationToken, Task<AdminResult>> action, CancellationToken ct)
    {
        using var host = await MonitorBotCli.BuildVerbHostAsync(pr, context, MonitorBotCli.DbOverride(pr.GetValue(db)), ct);
        var result = await action(host.Services.GetRequiredService<AlertAdmin>(), ct);
        await (result.Ok ? context.Out : context.Error).WriteLineAsync(result.Ok ? result.Message : "monitorbot alerts: " + result.Message);
        return result.Ok ? MonitorBotCli.ExitOk : MonitorBotCli.ExitFailure;
    }
}
