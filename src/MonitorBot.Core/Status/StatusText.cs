using System.Text;

namespace MonitorBot.Core.Status;

/// <summary>Plain-text rendering of a <see cref="SupplyStatus"/> for the CLI (invariant culture, "\n" line ends).</summary>
public static class StatusText
{
    public static string Render(SupplyStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        var sb = new StringBuilder();
        Line(sb, $"Kachin heavy-rare-earth supply: {status.Headline}");
        Line(sb, $"As of {StatusFormat.DateTime(status.AsOf)}");

        Section(sb, "Drivers:", status.Drivers, "none: nothing unusual in prices, trade, news or alerts", d =>
        {
            var when = d.AsOf is { } t ? ", " + StatusFormat.When(t) : string.Empty;
            return $"[{StatusFormat.Level(d.Level)}] {d.Text} ({d.Source}{when})";
        });

        Section(sb, "Prices:", status.Prices, "none", p =>
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

            return $"{p.Name}: {string.Join(", ", parts)} ({p.Source}, {StatusFormat.Date(p.Time)}, {StatusFormat.Age(p.Age)})";
        });

        if (status.Proxies is { Count: > 0 } proxies)
        {
            Section(sb, "Listed proxies:", proxies, "none", p =>
                $"{p.Name}: {StatusFormat.Price(p.Value, p.Unit, p.Currency)}"
                + (p.ChangeVsPreviousPct is { } prev ? $", {StatusFormat.Pct(prev)} vs previous" : "")
                + (p.ChangeVsBaselinePct is { } b && p.BaselineTime is { } bt ? $", {StatusFormat.Pct(b)} vs {StatusFormat.Date(bt)}" : "")
                + $" ({p.Source}, {StatusFormat.Date(p.Time)}, {StatusFormat.Age(p.Age)})");
        }

        Section(sb, "Trade (China imports from Myanmar, rare-earth compounds and metals):", status.Trade, "none", t =>
        {
            var yoy = t.YoYPct is { } pct && t.YearEarlierTonnes is { } earlier
                ? $", {StatusFormat.Pct(pct)} y/y (a year earlier: {StatusFormat.Tonnes(earlier)})"
                : ", y/y n/a";
            return $"{StatusFormat.Period(t.Period)}: {StatusFormat.Tonnes(t.Tonnes)}{yoy} ({t.Source}, fetched {StatusFormat.Date(t.FetchedAt)})";
        });

        Section(sb, "News:", status.News, "none", n =>
            $"{n.Title} ({n.Outlet}, {StatusFormat.DateTime(n.Time)}, {StatusFormat.Age(n.Age)})\n  {n.Url}");

        Section(sb, "Alerts firing:", status.Alerts, "none", a =>
            $"[{a.Severity}] {a.Title} ({a.Source}, since {StatusFormat.DateTime(a.Since)})");

        Section(sb, "Sources:", status.Feeds, "none configured", f =>
        {
            var last = f.LastSuccess is { } ok ? $"last success {StatusFormat.DateTime(ok)} ({StatusFormat.Age(f.Age ?? TimeSpan.Zero)})" : "never succeeded";
            var reason = string.IsNullOrEmpty(f.Reason) ? string.Empty : $": {f.Reason}";
            var error = !string.IsNullOrEmpty(f.LastError) && f.Status != Model.FeedStatus.Ok ? $"; last error: {f.LastError}" : string.Empty;
            return $"{f.SourceId} ({f.Kind}): {f.Status}{reason}, {last}{error}";
        });

        return sb.ToString();
    }

    /// <summary>A blank line, the heading, then "- item" per element (or "- empty").</summary>
    private static void Section<T>(StringBuilder sb, string heading, IReadOnlyList<T> items, string empty, Func<T, string> render)
    {
        Line(sb);
        Line(sb, heading);
        if (items.Count == 0)
        {
            Line(sb, "- " + empty);
        }

        foreach (var item in items)
        {
            Line(sb, "- " + render(item));
        }
    }

    private static void Line(StringBuilder sb, string text = "") => sb.Append(text).Append('\n');
}
