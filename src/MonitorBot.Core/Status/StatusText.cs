using System.Text;

namespace MonitorBot.Core.Status;

/// <summary>Plain-text rendering of a <see cref="SupplyStatus"/> for the CLI (invariant culture, "\n" line ends).</summary>
public static class StatusText
{
    public static string Render(SupplyStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var sb = new StringBuilder();
        Line(sb, $"Kachin heavy-rare-earth supply: {StatusFormat.Level(status.Level)}");
        Line(sb, $"As of {StatusFormat.DateTime(status.AsOf)}");

        Line(sb);
        Line(sb, "Drivers:");
        if (status.Drivers.Count == 0)
        {
            Line(sb, "- none: nothing unusual in prices, trade, news or alerts");
        }

        foreach (var d in status.Drivers)
        {
            var when = d.AsOf is { } t ? ", " + StatusFormat.When(t) : string.Empty;
            Line(sb, $"- [{StatusFormat.Level(d.Level)}] {d.Text} ({d.Source}{when})");
        }

        Line(sb);
        Line(sb, "Prices:");
        if (status.Prices.Count == 0)
        {
            Line(sb, "- none");
        }

        foreach (var p in status.Prices)
        {
            var parts = new List<string> { StatusFormat.Price(p.Value, p.Unit, p.Currency) };
            if (p.ChangeVsPreviousPct is { } prev)
            {
                parts.Add($"{StatusFormat.Pct(prev)} vs previous");
            }

            if (p.ChangeVsBaselinePct is { } baseline)
            {
                parts.Add(p.BaselineTime is { } bt
                    ? $"{StatusFormat.Pct(baseline)} vs {StatusFormat.Date(bt)}"
                    : $"{StatusFormat.Pct(baseline)} vs baseline");
            }

            Line(sb, $"- {p.Name}: {string.Join(", ", parts)} ({p.Source}, {StatusFormat.Date(p.Time)}, {StatusFormat.Age(p.Age)})");
        }

        Line(sb);
        Line(sb, "Trade (China imports from Myanmar, rare-earth compounds and metals):");
        if (status.Trade.Count == 0)
        {
            Line(sb, "- none");
        }

        foreach (var t in status.Trade)
        {
            var yoy = t.YoYPct is { } pct && t.YearEarlierTonnes is { } earlier
                ? $", {StatusFormat.Pct(pct)} y/y (a year earlier: {StatusFormat.Tonnes(earlier)})"
                : ", y/y n/a";
            Line(sb, $"- {StatusFormat.Period(t.Period)}: {StatusFormat.Tonnes(t.Tonnes)}{yoy} ({t.Source}, fetched {StatusFormat.Date(t.FetchedAt)})");
        }

        Line(sb);
        Line(sb, "News:");
        if (status.News.Count == 0)
        {
            Line(sb, "- none");
        }

        foreach (var n in status.News)
        {
            Line(sb, $"- {n.Title} ({n.Outlet}, {StatusFormat.DateTime(n.Time)}, {StatusFormat.Age(n.Age)})");
            Line(sb, $"  {n.Url}");
        }

        Line(sb);
        Line(sb, "Alerts firing:");
        if (status.Alerts.Count == 0)
        {
            Line(sb, "- none");
        }

        foreach (var a in status.Alerts)
        {
            Line(sb, $"- [{a.Severity}] {a.Title} ({a.Source}, since {StatusFormat.DateTime(a.Since)})");
        }

        Line(sb);
        Line(sb, "Sources:");
        if (status.Feeds.Count == 0)
        {
            Line(sb, "- none configured");
        }

        foreach (var f in status.Feeds)
        {
            var last = f.LastSuccess is { } ok ? $"last success {StatusFormat.DateTime(ok)} ({StatusFormat.Age(f.Age ?? TimeSpan.Zero)})" : "never succeeded";
            var reason = string.IsNullOrEmpty(f.Reason) ? string.Empty : $": {f.Reason}";
            var error = !string.IsNullOrEmpty(f.LastError) && f.Status != Model.FeedStatus.Ok ? $"; last error: {f.LastError}" : string.Empty;
            Line(sb, $"- {f.SourceId} ({f.Kind}): {f.Status}{reason}, {last}{error}");
        }

        return sb.ToString();
    }

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
