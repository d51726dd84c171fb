using System.Globalization;
using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;

namespace MonitorBot.Core.Status;

/// <summary>
/// Builds the one "Kachin supply status" answer from a status snapshot and the firing alerts.
/// </summary>
/// <remarks>
/// <para>Drivers (each with its source and time); the level is the highest driver level, Normal when none:</para>
/// <list type="bullet">
/// <item><b>price-move:{series}</b>: latest print vs its baseline. A rise ≥ <see cref="SupplyStatusSettings.PriceDisruptedPct"/> → Disrupted,
/// a move either way ≥ <see cref="SupplyStatusSettings.PriceWatchPct"/> → Watch (falls reach Disrupted only with <see cref="SupplyStatusSettings.PriceFallsCanDisrupt"/>).</item>
/// <item><b>trade-yoy</b>: the newest month's imports vs the same month a year earlier (from the snapshot's trade list):
/// ≤ <see cref="SupplyStatusSettings.TradeCriticalYoYPct"/> → Critical, ≤ Disrupted threshold → Disrupted, ≤ Watch threshold → Watch. No year-earlier month → no driver.</item>
/// <item><b>trade-ytd</b>: imports from January to the newest month vs the same months a year earlier (when every month of both
/// ranges is known), with the same thresholds: a year of throttled flows shows even when the newest month recovers
/// (Jan–May 2025: 12,944 t, about half of a year earlier).</item>
/// <item><b>news-high-signal</b>: relevant news within <see cref="SupplyStatusSettings.NewsSignalWindow"/> naming a high-severity signal
/// (ultimatum, blockade, border closure, export controls, mine shutdown, capture of Bhamo or the mining belt) → Disrupted,
/// Critical when such news comes from ≥ <see cref="SupplyStatusSettings.CriticalNewsOutlets"/> distinct outlets.</item>
/// <item><b>news-signal</b>: otherwise relevant news with normal signals (fighting, airstrike, ...) in the window → Watch.</item>
/// <item><b>alert:{fingerprint}</b>: a firing Critical alert → Critical, Warning → Watch; monitor-health alerts (topic "health") at most Watch.</item>
/// <item><b>stale-price:{series}</b> / <b>stale-trade</b>: a latest price older than <see cref="SupplyStatusSettings.PriceStaleAfter"/>, or a latest trade month
/// that ended longer ago than <see cref="SupplyStatusSettings.TradeStaleAfter"/> → Watch. <b>no-price-data</b> / <b>no-trade-data</b> are informational (Normal).</item>
/// <item><b>monitor-degraded</b>: any disabled source → Watch.</item>
/// </list>
/// </remarks>
public static class SupplyStatusRules
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static readonly string[] SeriesOrder = [SeriesIds.TerbiumOxide, SeriesIds.DysprosiumOxide, SeriesIds.NdPrOxide];

    public static SupplyStatus Evaluate(StatusSnapshot snapshot, IReadOnlyList<AlertSummary> firingAlerts, SupplyStatusSettings settings)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(firingAlerts);
        ArgumentNullException.ThrowIfNull(settings);

        var asOf = snapshot.AsOf;
        var drivers = new List<StatusDriver>();

        var allPrices = BuildPrices(snapshot, asOf);
        var proxies = allPrices.Where(p => settings.ProxySeries.Contains(p.SeriesId, StringComparer.OrdinalIgnoreCase)).ToList();
        var prices = allPrices.Where(p => !proxies.Contains(p)).ToList();
        AddPriceDrivers(prices, settings, drivers);

        var trade = BuildTrade(snapshot.Trade, asOf);
        AddTradeDrivers(trade, settings, drivers);

        var relevantNews = snapshot.News
            .Where(n => n.Relevance >= settings.MinNewsRelevance)
            .OrderByDescending(n => n.Relevance)
            .ThenByDescending(n => n.EffectiveTime)
            .ThenBy(n => n.CanonicalUrl, StringComparer.Ordinal)
            .ToList();
        AddNewsDrivers(relevantNews, settings, asOf, drivers);

        var alerts = firingAlerts
            .OrderByDescending(a => a.Severity)
            .ThenByDescending(a => a.Since)
            .ThenBy(a => a.Fingerprint, StringComparer.Ordinal)
            .ToList();
        AddAlertDrivers(alerts, drivers);

        var feeds = snapshot.Feeds
            .OrderBy(f => f.SourceId, StringComparer.Ordinal)
            .Select(f => new FeedLine(
                f.SourceId,
                f.Kind,
                f.Status,
                f.StatusReason,
                f.LastSuccess,
                f.LastError,
                f.LastSuccess is { } ok ? NonNegative(asOf - ok) : null))
            .ToList();
        AddFeedDrivers(feeds, settings, asOf, drivers);

        var sorted = drivers
            .OrderByDescending(d => d.Level)
            .ThenByDescending(d => d.AsOf ?? DateTimeOffset.MinValue)
            .ThenBy(d => d.Code, StringComparer.Ordinal)
            .ToList();
        var legs = BuildLegs(prices, trade, snapshot, settings, asOf);
        var known = sorted.Count == 0 ? SupplyLevel.Normal : sorted[0].Level;
        // Absence of evidence is not normal: an unknown leg makes the answer Unknown unless the known evidence is
        // already Disrupted or worse (that much is certain whatever the missing leg would say).
        var level = legs.Any(l => !l.Known) && known < SupplyLevel.Disrupted ? SupplyLevel.Unknown : known;
        foreach (var leg in legs.Where(l => !l.Known))
        {
            sorted.Add(new StatusDriver("unknown:" + leg.Leg, leg.Text, SupplyLevel.Unknown, "monitor", leg.AsOf));
        }

        var news = relevantNews
            .Take(Math.Max(0, settings.MaxNews))
            .Select(n => new NewsLine(n.Title, n.Url, OutletOf(n), n.EffectiveTime, n.Relevance, n.Entities, NonNegative(asOf - n.EffectiveTime)))
            .ToList();

        return new SupplyStatus(
            asOf,
            level,
            sorted,
            prices,
            [.. trade.Take(Math.Max(0, settings.MaxTradeMonths))],
            news,
            feeds,
            alerts,
            legs,
            proxies);
    }

    /// <summary>The freshness rule of each leg: prices (a Tb/Dy/NdPr print within PriceStaleAfter), trade (a month that ended within
    /// TradeStaleAfter), news (a news source that succeeded, or an item fetched, within NewsStaleAfter), sources (one that succeeded within SourcesStaleAfter).</summary>
    private static List<StatusLeg> BuildLegs(List<PriceLine> prices, List<TradeLine> trade, StatusSnapshot snapshot, SupplyStatusSettings settings, DateTimeOffset asOf)
    {
        var legs = new List<StatusLeg>(4);

        var newestPrice = prices.MinBy(p => p.Age);
        legs.Add(newestPrice is null
            ? new StatusLeg("prices", false, "no price data", null)
            : newestPrice.Age > settings.PriceStaleAfter
                ? new StatusLeg("prices", false, $"price data {StatusFormat.Age(newestPrice.Age)} old", newestPrice.Time)
                : new StatusLeg("prices", true, $"{newestPrice.Name} {StatusFormat.Age(newestPrice.Age)}", newestPrice.Time));

        var latestMonth = trade.FirstOrDefault();
        legs.Add(latestMonth is null
            ? new StatusLeg("trade", false, "no trade data", null)
            : latestMonth.Age > settings.TradeStaleAfter
                ? new StatusLeg("trade", false, $"trade data {StatusFormat.Age(latestMonth.Age)} old (latest month {StatusFormat.Period(latestMonth.Period)})", null)
                : new StatusLeg("trade", true, $"latest month {StatusFormat.Period(latestMonth.Period)}", null));

        var newsRead = snapshot.Feeds.Where(f => settings.NewsKinds.Contains(f.Kind) && f.LastSuccess is not null).Select(f => f.LastSuccess!.Value)
            .Concat(snapshot.News.Select(n => n.FetchedAt))
            .Where(t => t <= asOf)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        legs.Add(newsRead == DateTimeOffset.MinValue
            ? new StatusLeg("news", false, "no news read yet", null)
            : asOf - newsRead > settings.NewsStaleAfter
                ? new StatusLeg("news", false, $"news last read {StatusFormat.Age(asOf - newsRead)}", newsRead)
                : new StatusLeg("news", true, $"news read {StatusFormat.Age(asOf - newsRead)}", newsRead));

        var lastSuccess = snapshot.Feeds.Where(f => f.LastSuccess is not null && f.LastSuccess <= asOf).Select(f => f.LastSuccess!.Value)
            .DefaultIfEmpty(DateTimeOffset.MinValue)
            .Max();
        legs.Add(snapshot.Feeds.Count == 0
            ? new StatusLeg("sources", false, "no source polled yet", null)
            : lastSuccess == DateTimeOffset.MinValue
                ? new StatusLeg("sources", false, $"no source has succeeded ({snapshot.Feeds.Count} failing or never polled)", null)
                : asOf - lastSuccess > settings.SourcesStaleAfter
                    ? new StatusLeg("sources", false, $"no source succeeded for {StatusFormat.Age(asOf - lastSuccess)}", lastSuccess)
                    : new StatusLeg("sources", true, $"last success {StatusFormat.Age(asOf - lastSuccess)}", lastSuccess));
        return legs;
    }

    /// <summary>Percent change from <paramref name="from"/> to <paramref name="to"/>; null when <paramref name="from"/> is zero or not finite.</summary>
    public static double? ChangePct(double to, double from) =>
        from == 0 || !double.IsFinite(from) || !double.IsFinite(to) ? null : ((to / from) - 1) * 100;

    /// <summary>Where a news item came from: its outlet, else its URL's host, else its source id.</summary>
    public static string OutletOf(NewsItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (!string.IsNullOrWhiteSpace(item.Outlet))
        {
            return item.Outlet.Trim();
        }

        if (Uri.TryCreate(item.Url, UriKind.Absolute, out var uri) && !string.IsNullOrEmpty(uri.Host))
        {
            var host = uri.Host.ToLowerInvariant();
            return host.StartsWith("www.", StringComparison.Ordinal) ? host[4..] : host;
        }

        return item.SourceId;
    }

    private static List<PriceLine> BuildPrices(StatusSnapshot snapshot, DateTimeOffset asOf) =>
        [.. snapshot.Prices
            .OrderBy(p => Array.IndexOf(SeriesOrder, p.SeriesId) is var i && i >= 0 ? i : int.MaxValue)
            .ThenBy(p => p.SeriesId, StringComparer.Ordinal)
            .Select(p => new PriceLine(
                p.SeriesId,
                StatusFormat.SeriesName(p.SeriesId),
                p.Latest.Value,
                p.Latest.Unit,
                p.Latest.Currency,
                p.Previous is { } prev ? ChangePct(p.Latest.Value, prev.Value) : null,
                p.Baseline is { } baseline ? ChangePct(p.Latest.Value, baseline.Value) : null,
                p.Baseline?.Time,
                p.Latest.Time,
                p.Latest.Source,
                p.Latest.FetchedAt,
                NonNegative(asOf - p.Latest.Time)))];

    private static void AddPriceDrivers(List<PriceLine> prices, SupplyStatusSettings settings, List<StatusDriver> drivers)
    {
        foreach (var p in prices)
        {
            if (p.ChangeVsBaselinePct is { } pct && p.BaselineTime is { } baselineTime)
            {
                var level = SupplyLevel.Normal;
                if (pct >= settings.PriceDisruptedPct || (settings.PriceFallsCanDisrupt && pct <= -settings.PriceDisruptedPct))
                {
                    level = SupplyLevel.Disrupted;
                }
                else if (Math.Abs(pct) >= settings.PriceWatchPct)
                {
                    level = SupplyLevel.Watch;
                }

                if (level > SupplyLevel.Normal)
                {
                    drivers.Add(new StatusDriver(
                        "price-move:" + p.SeriesId,
                        $"{p.Name} {StatusFormat.Pct(pct)} since {StatusFormat.Date(baselineTime)}: {StatusFormat.Price(p.Value, p.Unit, p.Currency)}",
                        level,
                        p.Source,
                        p.Time));
                }
            }

            if (p.Age > settings.PriceStaleAfter)
            {
                drivers.Add(new StatusDriver(
                    "stale-price:" + p.SeriesId,
                    $"{p.Name}: stale, no price since {StatusFormat.Date(p.Time)} ({StatusFormat.Age(p.Age)})",
                    SupplyLevel.Watch,
                    p.Source,
                    p.Time));
            }
        }
    }

    /// <summary>Trade lines newest first, each with the same month a year earlier when stored: the one computation behind
    /// the status, <c>/trade</c> and <c>monitorbot trade</c>.</summary>
    public static List<TradeLine> BuildTrade(IReadOnlyList<TradeMonth> months, DateTimeOffset asOf)
    {
        var byPeriod = new Dictionary<string, TradeMonth>(StringComparer.Ordinal);
        foreach (var m in months)
        {
            if (TryPeriodStart(m.Period, out _))
            {
                byPeriod[m.Period] = m;
            }
        }

        return
        [
            .. byPeriod.Values
                .OrderByDescending(m => m.Period, StringComparer.Ordinal)
                .Select(m =>
                {
                    TryPeriodStart(m.Period, out var start);
                    double? earlier = m.Period.Length == 6 && byPeriod.TryGetValue(TradePeriod.YearEarlier(m.Period), out var e) ? e.NetWeightTonnes : null;
                    var end = m.Period.Length == 6 ? start.AddMonths(1) : start.AddYears(1);
                    return new TradeLine(
                        m.Period,
                        m.NetWeightTonnes,
                        earlier,
                        earlier is { } prior ? ChangePct(m.NetWeightTonnes, prior) : null,
                        m.Source,
                        m.FetchedAt,
                        NonNegative(asOf - end));
                }),
        ];
    }

    private static void AddTradeDrivers(List<TradeLine> trade, SupplyStatusSettings settings, List<StatusDriver> drivers)
    {
        if (trade.Count == 0)
        {
            return;
        }

        var latest = trade[0];
        TryPeriodStart(latest.Period, out var start);
        if (latest.YoYPct is { } yoy && latest.YearEarlierTonnes is { } earlier)
        {
            var level = yoy <= settings.TradeCriticalYoYPct ? SupplyLevel.Critical
                : yoy <= settings.TradeDisruptedYoYPct ? SupplyLevel.Disrupted
                : yoy <= settings.TradeWatchYoYPct ? SupplyLevel.Watch
                : SupplyLevel.Normal;
            if (level > SupplyLevel.Normal)
            {
                drivers.Add(new StatusDriver(
                    "trade-yoy",
                    $"China imports from Myanmar {StatusFormat.Period(latest.Period)}: {StatusFormat.Tonnes(latest.Tonnes)}, {StatusFormat.Pct(yoy)} y/y ({StatusFormat.Period(TradePeriod.YearEarlier(latest.Period))}: {StatusFormat.Tonnes(earlier)}){Recovery(trade)}",
                    level,
                    latest.Source,
                    start));
            }
        }

        AddYearToDateDriver(trade, settings, drivers);

        if (latest.Age > settings.TradeStaleAfter)
        {
            drivers.Add(new StatusDriver(
                "stale-trade",
                $"Trade data stale: latest month {StatusFormat.Period(latest.Period)} ended {StatusFormat.Age(latest.Age)}",
                SupplyLevel.Watch,
                latest.Source,
                start));
        }

    }

    /// <summary>"; recovering: 3 monthly rises since 311 t in 2025-02" when the latest months rose one after another (at least two), else "".</summary>
    private static string Recovery(List<TradeLine> trade)
    {
        var rises = 0;
        while (rises + 1 < trade.Count && trade[rises].Tonnes > trade[rises + 1].Tonnes
               && TradePeriod.YearEarlier(trade[rises].Period) != trade[rises + 1].Period)
        {
            rises++;
        }

        if (rises < 2)
        {
            return string.Empty;
        }

        var low = trade[rises];
        return $"; recovering: {rises} monthly rises since {StatusFormat.Tonnes(low.Tonnes)} in {StatusFormat.Period(low.Period)}";
    }

    private static void AddYearToDateDriver(List<TradeLine> trade, SupplyStatusSettings settings, List<StatusDriver> drivers)
    {
        var latest = trade[0];
        if (latest.Period.Length != 6 || !TryPeriodStart(latest.Period, out var latestStart)) return;
        var months = latestStart.Month;
        if (months < 2) return; // one month: the y/y driver already says it
        var byPeriod = trade.ToDictionary(t => t.Period, StringComparer.Ordinal);
        double current = 0, earlier = 0;
        for (var m = 1; m <= months; m++)
        {
            var period = TradePeriod.Monthly(new DateTimeOffset(latestStart.Year, m, 1, 0, 0, 0, TimeSpan.Zero));
            if (!byPeriod.TryGetValue(period, out var line) || line.YearEarlierTonnes is not { } before) return;
            current += line.Tonnes;
            earlier += before;
        }
        if (earlier <= 0) return;
        var pct = (current / earlier - 1) * 100;
        var level = pct <= settings.TradeCriticalYoYPct ? SupplyLevel.Critical
            : pct <= settings.TradeDisruptedYoYPct ? SupplyLevel.Disrupted
            : pct <= settings.TradeWatchYoYPct ? SupplyLevel.Watch
            : SupplyLevel.Normal;
        if (level == SupplyLevel.Normal) return;
        var range = $"Jan–{latestStart.UtcDateTime.ToString("MMM", Inv)}";
        drivers.Add(new StatusDriver(
            "trade-ytd",
            $"China imports from Myanmar {range} {latestStart.Year}: {StatusFormat.Tonnes(current)}, {StatusFormat.Pct(pct)} vs {range} {latestStart.Year - 1} ({StatusFormat.Tonnes(earlier)})",
            level,
            latest.Source,
            latestStart));
    }

    private static void AddNewsDrivers(List<NewsItem> news, SupplyStatusSettings settings, DateTimeOffset asOf, List<StatusDriver> drivers)
    {
        var recent = news
            .Where(n => n.EffectiveTime <= asOf + TimeSpan.FromDays(1) && asOf - n.EffectiveTime <= settings.NewsSignalWindow)
            .ToList();

        var high = recent
            .Select(n => (Item: n, Signals: SignalsOf(n, SignalSeverity.High)))
            .Where(x => x.Signals.Count > 0)
            .OrderByDescending(x => x.Item.EffectiveTime)
            .ThenBy(x => x.Item.CanonicalUrl, StringComparer.Ordinal)
            .ToList();
        if (high.Count > 0)
        {
            var outlets = high.Select(x => OutletOf(x.Item)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var signals = high.SelectMany(x => x.Signals).Distinct(StringComparer.Ordinal).ToList();
            var level = outlets.Count >= settings.CriticalNewsOutlets ? SupplyLevel.Critical : SupplyLevel.Disrupted;
            var newest = high[0].Item;
            drivers.Add(new StatusDriver(
                "news-high-signal",
                string.Create(Inv, $"News of {string.Join(", ", signals)}: {high.Count} item(s) from {outlets.Count} outlet(s) in {(int)settings.NewsSignalWindow.TotalDays} d; latest \"{newest.Title}\""),
                level,
                string.Join(", ", outlets),
                newest.EffectiveTime));
            return;
        }

        if (!settings.NormalNewsSignalsWatch)
        {
            return;
        }

        var normal = recent
            .Select(n => (Item: n, Signals: SignalsOf(n, SignalSeverity.Normal)))
            .Where(x => x.Signals.Count > 0)
            .OrderByDescending(x => x.Item.EffectiveTime)
            .ThenBy(x => x.Item.CanonicalUrl, StringComparer.Ordinal)
            .ToList();
        if (normal.Count > 0)
        {
            var outlets = normal.Select(x => OutletOf(x.Item)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            var signals = normal.SelectMany(x => x.Signals).Distinct(StringComparer.Ordinal).ToList();
            var newest = normal[0].Item;
            drivers.Add(new StatusDriver(
                "news-signal",
                string.Create(Inv, $"News of {string.Join(", ", signals)}: {normal.Count} item(s) in {(int)settings.NewsSignalWindow.TotalDays} d; latest \"{newest.Title}\""),
                SupplyLevel.Watch,
                string.Join(", ", outlets),
                newest.EffectiveTime));
        }
    }

    private static List<string> SignalsOf(NewsItem item, SignalSeverity severity) =>
        [.. item.Entities.Where(e => Gazetteer.TryGetEntry(e, out var entry) && entry.Category == EntityCategory.Signal && entry.Severity == severity)];

    private static void AddAlertDrivers(List<AlertSummary> alerts, List<StatusDriver> drivers)
    {
        foreach (var a in alerts)
        {
            var level = a.Severity switch
            {
                AlertSeverity.Critical => SupplyLevel.Critical,
                AlertSeverity.Warning => SupplyLevel.Watch,
                _ => SupplyLevel.Normal,
            };
            if (string.Equals(a.Topic, AlertTopics.Health, StringComparison.OrdinalIgnoreCase) && level > SupplyLevel.Watch)
            {
                level = SupplyLevel.Watch; // the monitor's own health is not a supply disruption
            }

            if (level > SupplyLevel.Normal)
            {
                drivers.Add(new StatusDriver("alert:" + a.Fingerprint, $"Alert ({a.Severity}): {a.Title}", level, a.Source, a.Since));
            }
        }
    }

    private static void AddFeedDrivers(List<FeedLine> feeds, SupplyStatusSettings settings, DateTimeOffset asOf, List<StatusDriver> drivers)
    {
        if (!settings.DisabledFeedsWatch)
        {
            return;
        }

        var disabled = feeds.Where(f => f.Status == FeedStatus.Disabled).ToList();
        if (disabled.Count == 0)
        {
            return;
        }

        var detail = string.Join("; ", disabled.Select(f => f.Reason is null ? f.SourceId : $"{f.SourceId}: {f.Reason}"));
        drivers.Add(new StatusDriver(
            "monitor-degraded",
            string.Create(Inv, $"Monitor degraded: {disabled.Count} of {feeds.Count} source(s) disabled ({detail})"),
            SupplyLevel.Watch,
            "monitor",
            asOf));
    }

    private static bool TryPeriodStart(string? period, out DateTimeOffset start)
    {
        start = default;
        if (period is null || (period.Length != 4 && period.Length != 6) || !period.All(char.IsAsciiDigit))
        {
            return false;
        }

        var year = int.Parse(period.AsSpan(0, 4), NumberStyles.None, Inv);
        var month = period.Length == 6 ? int.Parse(period.AsSpan(4, 2), NumberStyles.None, Inv) : 1;
        if (year < 1900 || month is < 1 or > 12)
        {
            return false;
        }

        start = new DateTimeOffset(year, month, 1, 0, 0, 0, TimeSpan.Zero);
        return true;
    }

    private static TimeSpan NonNegative(TimeSpan span) => span < TimeSpan.Zero ? TimeSpan.Zero : span;
}
