using MonitorBot.Core.Feeds;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using MonitorBot.Core.Ports;
using MonitorBot.Core.Status;

namespace MonitorBot.Core.Tests.Status;

public class SupplyStatusRulesTests
{
    internal static readonly DateTimeOffset AsOf = new(2025, 3, 27, 12, 0, 0, TimeSpan.Zero);

    internal static PriceObservation Print(string series, DateTimeOffset time, double value, string source = "smm") =>
        new(series, time, value, "kg", "CNY", source, time.AddHours(2));

    internal static SeriesSnapshot Series(string series, double latest, double? previous, double? baseline, DateTimeOffset? latestTime = null)
    {
        var t = latestTime ?? new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero);
        return new SeriesSnapshot(
            series,
            Print(series, t, latest),
            previous is { } p ? Print(series, t.AddDays(-1), p) : null,
            baseline is { } b ? Print(series, new DateTimeOffset(2024, 9, 24, 0, 0, 0, TimeSpan.Zero), b) : null,
            100);
    }

    internal static TradeMonth Month(string period, double tonnes) =>
        new(period, tonnes, null, "comtrade", new DateTimeOffset(2025, 3, 20, 0, 0, 0, TimeSpan.Zero), 2);

    internal static NewsItem News(string title, string outlet, DateTimeOffset published, string? url = null)
    {
        var item = NewsNormalizer.Normalize(
            new RawNewsItem(null, url ?? $"https://{outlet.Replace(" ", string.Empty, StringComparison.Ordinal).ToLowerInvariant()}.example/{Math.Abs(title.GetHashCode(StringComparison.Ordinal))}", title, null, published, outlet),
            "gnews", published.AddMinutes(5), false);
        return item;
    }

    internal static StatusSnapshot Snapshot(
        IReadOnlyList<SeriesSnapshot>? prices = null,
        IReadOnlyList<TradeMonth>? trade = null,
        IReadOnlyList<NewsItem>? news = null,
        IReadOnlyList<FeedState>? feeds = null) =>
        new(AsOf, prices ?? [], trade ?? [], news ?? [], feeds ?? []);

    /// <summary>The rules on a snapshot whose missing legs are filled with fresh, quiet evidence (a quiet price, a month without
    /// a year-earlier figure, a news source that just succeeded), so each test sees only the drivers it sets up.</summary>
    private static SupplyStatus Evaluate(StatusSnapshot snapshot, params AlertSummary[] alerts) =>
        SupplyStatusRules.Evaluate(Known(snapshot), alerts, SupplyStatusSettings.Default);

    internal static StatusSnapshot Known(StatusSnapshot s) => s with
    {
        Prices = s.Prices.Count > 0 ? s.Prices : [Series("quiet-oxide", 100, null, null, AsOf.AddDays(-1))],
        Trade = s.Trade.Count > 0 ? s.Trade : [Month("202502", 1000)],
        Feeds = s.Feeds.Any(f => f.Status == FeedStatus.Ok && SupplyStatusSettings.Default.NewsKinds.Contains(f.Kind) && AsOf - f.LastSuccess < TimeSpan.FromHours(12))
            ? s.Feeds
            : [.. s.Feeds, new FeedState("zz-background-news", FeedKinds.Rss, FeedStatus.Ok, LastSuccess: AsOf.AddHours(-1))],
    };

    [Fact]
    public void Evaluate_NoData_UnknownNamingEveryLeg()
    {
        var status = SupplyStatusRules.Evaluate(Snapshot(), [], SupplyStatusSettings.Default);

        Assert.Equal(SupplyLevel.Unknown, status.Level);
        Assert.Equal(AsOf, status.AsOf);
        Assert.Equal(["prices", "trade", "news", "sources"], status.UnknownLegs.Select(l => l.Leg));
        Assert.Equal("UNKNOWN: no price data; no trade data; no news read yet; no source polled yet", status.Headline);
        Assert.Contains(status.Drivers, d => d.Code == "unknown:prices" && d.Level == SupplyLevel.Unknown);
        Assert.DoesNotContain(status.Drivers, d => d.Level == SupplyLevel.Normal);
    }

    [Fact]
    public void Evaluate_EverySourceFailing_UnknownNotNormal()
    {
        var failing = new[]
        {
            new FeedState("gnews", FeedKinds.Rss, FeedStatus.Degraded, "3 consecutive failures", LastSuccess: AsOf.AddDays(-5), LastError: "HTTP 503"),
            new FeedState("yahoo-mp", FeedKinds.Yahoo, FeedStatus.New, LastError: "timed out"),
        };

        var status = SupplyStatusRules.Evaluate(
            Snapshot(prices: [Series(SeriesIds.TerbiumOxide, 6550, 6500, null, AsOf.AddDays(-1))], trade: [Month("202502", 1000)], feeds: failing),
            [], SupplyStatusSettings.Default);

        Assert.Equal(SupplyLevel.Unknown, status.Level);
        Assert.Equal(["news", "sources"], status.UnknownLegs.Select(l => l.Leg));
        Assert.StartsWith("UNKNOWN: news last read 5 d ago; no source succeeded for 5 d", status.Headline, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(20, 30, "UNKNOWN: price data 20 d ago old")]              // stale prices only (Tb is the newest print)
    [InlineData(1, 160, "UNKNOWN: trade data 4 mo ago old (latest month 2024-10)")] // trade months old
    public void Evaluate_StaleLeg_UnknownWithItsAge(int priceAgeDays, int tradeAgeDays, string headline)
    {
        var month = TradePeriod.Monthly(AsOf.AddDays(-tradeAgeDays));
        var status = SupplyStatusRules.Evaluate(
            Known(Snapshot(prices: [Series(SeriesIds.TerbiumOxide, 6550, 6500, null, AsOf.AddDays(-priceAgeDays))], trade: [Month(month, 1000)])),
            [], SupplyStatusSettings.Default);

        Assert.Equal(SupplyLevel.Unknown, status.Level);
        Assert.Equal(headline, status.Headline);
    }

    [Fact]
    public void Evaluate_UnknownLegButCriticalEvidence_CriticalAndNamesTheGap()
    {
        var status = SupplyStatusRules.Evaluate(
            Snapshot(trade: [Month("202502", 311), Month("202402", 2830)], feeds: [new FeedState("comtrade", FeedKinds.Comtrade, FeedStatus.Ok, LastSuccess: AsOf.AddHours(-2))]),
            [], SupplyStatusSettings.Default);

        Assert.Equal(SupplyLevel.Critical, status.Level);
        Assert.Contains("unknown: no price data", status.Headline, StringComparison.Ordinal);
        Assert.StartsWith("CRITICAL", status.Headline, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_EveryLegFresh_NormalWithNoDriver()
    {
        var status = Evaluate(Snapshot());

        Assert.Equal(SupplyLevel.Normal, status.Level);
        Assert.Empty(status.UnknownLegs);
        Assert.Equal("NORMAL", status.Headline);
    }

    [Theory]
    [InlineData(6550, 5373, SupplyLevel.Disrupted)] // +21.9%
    [InlineData(1150, 1000, SupplyLevel.Watch)]     // +15%
    [InlineData(1100, 1000, SupplyLevel.Watch)]     // +10%, at the threshold
    [InlineData(1050, 1000, SupplyLevel.Normal)]    // +5%
    [InlineData(1665, 1720, SupplyLevel.Normal)]    // -3.2%
    [InlineData(850, 1000, SupplyLevel.Watch)]      // -15%
    [InlineData(700, 1000, SupplyLevel.Watch)]      // -30%: falls stay at Watch by default
    public void Evaluate_PriceMoveVsBaseline_Level(double latest, double baseline, SupplyLevel expected)
    {
        var status = Evaluate(Snapshot(prices: [Series(SeriesIds.TerbiumOxide, latest, null, baseline)], trade: [Month("202502", 1000)]));

        Assert.Equal(expected, status.Level);
        if (expected > SupplyLevel.Normal)
        {
            var driver = Assert.Single(status.Drivers, d => d.Code == "price-move:tb-oxide");
            Assert.Equal("smm", driver.Source);
            Assert.Equal(new DateTimeOffset(2025, 3, 24, 0, 0, 0, TimeSpan.Zero), driver.AsOf);
        }
    }

    [Fact]
    public void Evaluate_PriceFallWhenFallsCanDisrupt_Disrupted()
    {
        var settings = SupplyStatusSettings.Default with { PriceFallsCanDisrupt = true };

        var status = SupplyStatusRules.Evaluate(Snapshot(prices: [Series(SeriesIds.DysprosiumOxide, 700, null, 1000)]), [], settings);

        Assert.Equal(SupplyLevel.Disrupted, status.Level);
    }

    [Fact]
    public void Evaluate_Prices_LinesWithChangesNamesAndAge()
    {
        var status = Evaluate(Snapshot(prices:
        [
            Series("remx", 40, 41, 38),
            Series(SeriesIds.DysprosiumOxide, 1665, 1670, 1720),
            Series(SeriesIds.TerbiumOxide, 6550, 6500, 5373),
        ]));

        Assert.Equal(["tb-oxide", "dy-oxide"], status.Prices.Select(p => p.SeriesId));
        var tb = status.Prices[0];
        Assert.Equal("Terbium oxide (Tb4O7)", tb.Name);
        Assert.Equal("Dysprosium oxide (Dy2O3)", status.Prices[1].Name);
        // A listed proxy is shown apart, with its change, and never drives the level.
        var remx = Assert.Single(status.Proxies!);
        Assert.Equal("remx", remx.Name);
        Assert.DoesNotContain(status.Drivers, d => d.Code.Contains("remx", StringComparison.Ordinal));
        Assert.Equal(6550, tb.Value);
        Assert.Equal(21.9, tb.ChangeVsBaselinePct!.Value, 1);
        Assert.Equal(0.77, tb.ChangeVsPreviousPct!.Value, 2);
        Assert.Equal(new DateTimeOffset(2024, 9, 24, 0, 0, 0, TimeSpan.Zero), tb.BaselineTime);
        Assert.Equal(TimeSpan.FromHours(84), tb.Age);
        Assert.Equal("smm", tb.Source);
        Assert.Equal(-3.2, status.Prices[1].ChangeVsBaselinePct!.Value, 1);
    }

    [Fact]
    public void Evaluate_PriceWithoutPreviousOrBaseline_NullChanges()
    {
        var status = Evaluate(Snapshot(prices: [Series(SeriesIds.NdPrOxide, 420, null, null)]));

        var line = Assert.Single(status.Prices);
        Assert.Null(line.ChangeVsPreviousPct);
        Assert.Null(line.ChangeVsBaselinePct);
        Assert.Null(line.BaselineTime);
        Assert.Equal("NdPr oxide", line.Name);
        Assert.DoesNotContain(status.Drivers, d => d.Code.StartsWith("price-move", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(311, 2830, SupplyLevel.Critical)]  // DOMAIN.md: 2025-02 vs 2024-02, -89%
    [InlineData(1000, 2000, SupplyLevel.Disrupted)] // -50%
    [InlineData(1400, 2000, SupplyLevel.Watch)]     // -30%
    [InlineData(1800, 2000, SupplyLevel.Normal)]    // -10%
    [InlineData(3000, 2000, SupplyLevel.Normal)]    // +50%
    public void Evaluate_TradeYearOnYear_Level(double latest, double yearEarlier, SupplyLevel expected)
    {
        var status = Evaluate(Snapshot(trade: [Month("202501", 900), Month("202502", latest), Month("202402", yearEarlier), Month("202401", 1500)]));

        Assert.Equal(expected, status.Level);
        if (expected > SupplyLevel.Normal)
        {
            var driver = Assert.Single(status.Drivers, d => d.Code == "trade-yoy");
            Assert.Equal("comtrade", driver.Source);
            Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), driver.AsOf);
        }
    }

    [Fact]
    public void Evaluate_DomainCase_TradeLinesNewestFirstWithYoY()
    {
        var status = Evaluate(Snapshot(trade: [Month("202402", 2830), Month("202502", 311), Month("202501", 900)]));

        Assert.Equal(["202502", "202501", "202402"], status.Trade.Select(t => t.Period));
        var feb = status.Trade[0];
        Assert.Equal(311, feb.Tonnes);
        Assert.Equal(2830, feb.YearEarlierTonnes);
        Assert.Equal(-89.0, feb.YoYPct!.Value, 1);
        Assert.Equal(TimeSpan.FromDays(26.5), feb.Age); // since the end of February
        Assert.Null(status.Trade[1].YoYPct);          // 2024-01 unknown
        Assert.Null(status.Trade[1].YearEarlierTonnes);
        Assert.Equal(SupplyLevel.Critical, status.Level);
        Assert.Contains("-89.0% y/y", status.Drivers[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_TradeWithoutYearEarlier_NoTradeDriver()
    {
        var status = Evaluate(Snapshot(trade: [Month("202502", 311)]));

        Assert.Null(Assert.Single(status.Trade).YoYPct);
        Assert.DoesNotContain(status.Drivers, d => d.Code == "trade-yoy");
        Assert.Equal(SupplyLevel.Normal, status.Level);
    }

    [Fact]
    public void Evaluate_YearEarlierZero_NullYoY()
    {
        var status = Evaluate(Snapshot(trade: [Month("202502", 311), Month("202402", 0)]));

        Assert.Null(status.Trade[0].YoYPct);
    }

    [Fact]
    public void Evaluate_HighSignalNewsOneOutlet_Disrupted()
    {
        var news = News("China delivers ultimatum to KIA over Bhamo offensive", "Reuters", AsOf.AddDays(-3));

        var status = Evaluate(Snapshot(news: [news]));

        Assert.Equal(SupplyLevel.Disrupted, status.Level);
        var driver = status.Drivers[0];
        Assert.Equal("news-high-signal", driver.Code);
        Assert.Equal("Reuters", driver.Source);
        Assert.Equal(AsOf.AddDays(-3), driver.AsOf);
        Assert.Contains("ultimatum", driver.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_HighSignalNewsTwoOutlets_Critical()
    {
        var status = Evaluate(Snapshot(news:
        [
            News("China delivers ultimatum to KIA over Bhamo offensive", "Reuters", AsOf.AddDays(-3)),
            News("China closes Kanpaiti border gate to rare earth trucks", "The Irrawaddy", AsOf.AddDays(-1)),
        ]));

        Assert.Equal(SupplyLevel.Critical, status.Level);
        var driver = Assert.Single(status.Drivers, d => d.Code == "news-high-signal");
        Assert.Equal("The Irrawaddy, Reuters", driver.Source);
        Assert.Equal(AsOf.AddDays(-1), driver.AsOf);
    }

    [Fact]
    public void Evaluate_HighSignalNewsOlderThanWindow_Ignored()
    {
        var status = Evaluate(Snapshot(news: [News("China delivers ultimatum to KIA over Bhamo offensive", "Reuters", AsOf.AddDays(-15))]));

        Assert.DoesNotContain(status.Drivers, d => d.Code.StartsWith("news", StringComparison.Ordinal));
        Assert.Single(status.News); // still listed
    }

    [Fact]
    public void Evaluate_HighSignalInIrrelevantNews_Ignored()
    {
        var item = News("Ceasefire talks and blockade of Gaza", "Reuters", AsOf.AddDays(-1));
        Assert.False(item.IsRelevant);

        var status = Evaluate(Snapshot(news: [item]));

        Assert.DoesNotContain(status.Drivers, d => d.Code.StartsWith("news", StringComparison.Ordinal));
        Assert.Empty(status.News);
    }

    [Fact]
    public void Evaluate_NormalSignalNews_Watch()
    {
        var status = Evaluate(Snapshot(news: [News("Myanmar junta airstrike hits Myitkyina", "Myanmar Now", AsOf.AddDays(-2))]));

        Assert.Equal(SupplyLevel.Watch, status.Level);
        Assert.Equal("news-signal", status.Drivers[0].Code);
    }

    [Fact]
    public void Evaluate_NormalSignalNewsDisabledInSettings_NoDriver()
    {
        var settings = SupplyStatusSettings.Default with { NormalNewsSignalsWatch = false };

        var status = SupplyStatusRules.Evaluate(Snapshot(news: [News("Myanmar junta airstrike hits Myitkyina", "Myanmar Now", AsOf.AddDays(-2))]), [], settings);

        Assert.DoesNotContain(status.Drivers, d => d.Code == "news-signal");
    }

    [Fact]
    public void Evaluate_News_LinesMostRelevantFirstLimited()
    {
        var items = Enumerable.Range(1, 8)
            .Select(i => News($"Kachin rebels and rare earth mines report {i}", "Outlet " + i, AsOf.AddHours(-i)))
            .Append(News("KIA captures Bhamo as terbium prices surge", "Reuters", AsOf.AddDays(-1)))
            .ToList();

        var status = Evaluate(Snapshot(news: items));

        Assert.Equal(5, status.News.Count);
        Assert.Equal("KIA captures Bhamo as terbium prices surge", status.News[0].Title);
        Assert.Equal("Reuters", status.News[0].Outlet);
        Assert.Equal(TimeSpan.FromDays(1), status.News[0].Age);
        Assert.Contains("terbium", status.News[0].Entities);
    }

    [Theory]
    [InlineData(AlertSeverity.Critical, AlertTopics.Price, SupplyLevel.Critical)]
    [InlineData(AlertSeverity.Warning, AlertTopics.Trade, SupplyLevel.Watch)]
    [InlineData(AlertSeverity.Critical, AlertTopics.Health, SupplyLevel.Watch)]
    [InlineData(AlertSeverity.Info, AlertTopics.News, SupplyLevel.Normal)]
    public void Evaluate_FiringAlert_Level(AlertSeverity severity, string topic, SupplyLevel expected)
    {
        var alert = new AlertSummary("fp1", "price-jump", topic, severity, "Terbium oxide jumped", "smm", AsOf.AddHours(-5));

        var status = Evaluate(Snapshot(), alert);

        Assert.Equal(expected, status.Level);
        Assert.Same(alert, Assert.Single(status.Alerts));
        if (expected > SupplyLevel.Normal)
        {
            var driver = Assert.Single(status.Drivers, d => d.Code == "alert:fp1");
            Assert.Equal("smm", driver.Source);
            Assert.Equal(AsOf.AddHours(-5), driver.AsOf);
        }
    }

    [Fact]
    public void Evaluate_StalePrice_WatchDriver()
    {
        var status = Evaluate(Snapshot(prices: [Series(SeriesIds.DysprosiumOxide, 1665, 1660, 1650, AsOf.AddDays(-20))]));

        // The only price is stale: the prices leg is unknown, so the answer is Unknown (not Watch), with the stale driver.
        Assert.Equal(SupplyLevel.Unknown, status.Level);
        var driver = Assert.Single(status.Drivers, d => d.Code == "stale-price:dy-oxide");
        Assert.Contains("stale", driver.Text, StringComparison.Ordinal);
        Assert.Contains("20 d ago", driver.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_FreshPrice_NoStaleDriver()
    {
        var status = Evaluate(Snapshot(prices: [Series(SeriesIds.DysprosiumOxide, 1665, 1660, 1650, AsOf.AddDays(-13))]));

        Assert.DoesNotContain(status.Drivers, d => d.Code.StartsWith("stale", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("202410", true)]  // ended 2024-11-01: 146 days before
    [InlineData("202412", false)] // ended 2025-01-01: 85 days before
    public void Evaluate_TradeAge_StaleDriver(string latestPeriod, bool stale)
    {
        var status = Evaluate(Snapshot(trade: [Month(latestPeriod, 1000)]));

        Assert.Equal(stale, status.Drivers.Any(d => d.Code == "stale-trade" && d.Level == SupplyLevel.Watch));
    }

    [Fact]
    public void Evaluate_DisabledFeed_MonitorDegradedWatch()
    {
        var feeds = new[]
        {
            new FeedState("comtrade", FeedKinds.Comtrade, FeedStatus.Disabled, "disabled after 10 consecutive failures: HTTP 503", LastSuccess: AsOf.AddDays(-40)),
            new FeedState("gnews", FeedKinds.Rss, FeedStatus.Ok, LastSuccess: AsOf.AddHours(-1)),
            new FeedState("acled", FeedKinds.Rss, FeedStatus.Degraded, "3 consecutive failures", LastError: "timeout"),
        };

        var status = Evaluate(Snapshot(feeds: feeds));

        Assert.Equal(SupplyLevel.Watch, status.Level);
        var driver = Assert.Single(status.Drivers, d => d.Code == "monitor-degraded");
        Assert.Contains("1 of 3", driver.Text, StringComparison.Ordinal);
        Assert.Contains("comtrade", driver.Text, StringComparison.Ordinal);
        Assert.Equal(["acled", "comtrade", "gnews"], status.Feeds.Select(f => f.SourceId));
        Assert.Equal(TimeSpan.FromHours(1), status.Feeds[2].Age);
        Assert.Null(status.Feeds[0].Age);
        Assert.Equal("timeout", status.Feeds[0].LastError);
    }

    [Fact]
    public void Evaluate_SeveralDrivers_LevelIsMaxAndDriversSortedDescending()
    {
        var status = Evaluate(
            Snapshot(
                prices: [Series(SeriesIds.TerbiumOxide, 6550, 6500, 5373), Series(SeriesIds.DysprosiumOxide, 1665, 1660, 1650, AsOf.AddDays(-30))],
                trade: [Month("202502", 1400), Month("202402", 2000)],
                news: [News("Myanmar junta airstrike hits Myitkyina", "Myanmar Now", AsOf.AddDays(-2))],
                feeds: [new FeedState("x", FeedKinds.Rss, FeedStatus.Disabled, "paused by alice")]),
            new AlertSummary("fp2", "trade-drop", AlertTopics.Trade, AlertSeverity.Warning, "Imports fell", "comtrade", AsOf.AddDays(-7)));

        Assert.Equal(SupplyLevel.Disrupted, status.Level);
        Assert.Equal("price-move:tb-oxide", status.Drivers[0].Code);
        var levels = status.Drivers.Select(d => d.Level).ToList();
        Assert.Equal(levels.OrderDescending(), levels);
        Assert.Contains(status.Drivers, d => d.Code == "trade-yoy" && d.Level == SupplyLevel.Watch);
        Assert.Contains(status.Drivers, d => d.Code == "news-signal");
        Assert.Contains(status.Drivers, d => d.Code == "alert:fp2");
        Assert.Contains(status.Drivers, d => d.Code == "stale-price:dy-oxide");
        Assert.Contains(status.Drivers, d => d.Code == "monitor-degraded");
        Assert.All(status.Drivers, d => Assert.False(string.IsNullOrEmpty(d.Source)));
        Assert.All(status.Drivers, d => Assert.NotNull(d.AsOf));
    }

    [Fact]
    public void Evaluate_CriticalAlertAndDisruptedPrice_Critical()
    {
        var status = Evaluate(
            Snapshot(prices: [Series(SeriesIds.TerbiumOxide, 6550, 6500, 5373)]),
            new AlertSummary("fp3", "news-burst", AlertTopics.News, AlertSeverity.Critical, "Burst of Bhamo news", "gdelt", AsOf.AddHours(-1)));

        Assert.Equal(SupplyLevel.Critical, status.Level);
        Assert.Equal("alert:fp3", status.Drivers[0].Code);
        Assert.Equal(SupplyLevel.Disrupted, status.Drivers[1].Level);
    }
}
