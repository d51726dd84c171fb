using MonitorBot.Core.Model;
using MonitorBot.Core.Ports;

namespace MonitorBot.Storage;

/// <summary>A price_observations row as Dapper reads it (times in unix ms).</summary>
internal sealed class PriceRow
{
    internal const string Columns = """
        p.series_id AS SeriesId, p.time AS Time, p.value AS Value, p.low AS Low, p.high AS High, p.unit AS Unit,
        p.currency AS Currency, p.basis AS Basis, p.source AS Source, p.fetched_at AS FetchedAt
        """;

    public long Role { get; set; }
    public long Count { get; set; }
    public string SeriesId { get; set; } = "";
    public long Time { get; set; }
    public double Value { get; set; }
    public double? Low { get; set; }
    public double? High { get; set; }
    public string Unit { get; set; } = "";
    public string Currency { get; set; } = "";
    public string? Basis { get; set; }
    public string Source { get; set; } = "";
    public long FetchedAt { get; set; }

    public PriceObservation ToModel() =>
        new(SeriesId, UnixMs.From(Time), Value, Unit, Currency, Source, UnixMs.From(FetchedAt), Low, High, Basis);
}

/// <summary>A news_items row as Dapper reads it.</summary>
internal sealed class NewsRow
{
    internal const string Columns = """
        n.source_id AS SourceId, n.guid AS Guid, n.url AS Url, n.canonical_url AS CanonicalUrl, n.title AS Title,
        n.summary AS Summary, n.published AS Published, n.fetched_at AS FetchedAt, n.relevance AS Relevance,
        n.entities AS Entities, n.title_key AS TitleKey, n.outlet AS Outlet, n.is_baseline AS IsBaseline
        """;

    public string SourceId { get; set; } = "";
    public string? Guid { get; set; }
    public string Url { get; set; } = "";
    public string CanonicalUrl { get; set; } = "";
    public string Title { get; set; } = "";
    public string? Summary { get; set; }
    public long? Published { get; set; }
    public long FetchedAt { get; set; }
    public double Relevance { get; set; }
    public string Entities { get; set; } = "[]";
    public string TitleKey { get; set; } = "";
    public string? Outlet { get; set; }
    public long IsBaseline { get; set; }

    public NewsItem ToModel() => new(
        SourceId, Guid, Url, CanonicalUrl, Title, Summary, UnixMs.From(Published), UnixMs.From(FetchedAt),
        Relevance, EntitiesJson.Read(Entities), TitleKey, Outlet, IsBaseline != 0);
}

/// <summary>One month of summed trade lines.</summary>
internal sealed class TradeMonthRow
{
    public string Period { get; set; } = "";
    public double Kg { get; set; }
    public double? Usd { get; set; }
    public string Sources { get; set; } = "";
    public long FetchedAt { get; set; }
    public long Lines { get; set; }

    public TradeMonth ToModel() => new(
        Period,
        Kg / 1000.0,
        Usd,
        string.Join(", ", Sources.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)),
        UnixMs.From(FetchedAt),
        (int)Lines);
}

/// <summary>Monthly totals of China's imports from Myanmar; shared by the status read model and the price history.</summary>
internal static class TradeMonthsSql
{
    /// <summary>
    /// Monthly (6-char) periods in [@FromPeriod, @ToPeriod] for @Reporter/@Partner/flow M. A line is skipped when a
    /// stored code of the same period is a strict prefix of its code (2846 and 284690 are not counted twice).
    /// Months whose lines all lack a weight are left out (a 0 t month would read as a collapse).
    /// </summary>
    public static string Build(bool newestFirst) => $"""
        SELECT t.period AS Period, sum(t.net_weight_kg) AS Kg, sum(t.value_usd) AS Usd,
               group_concat(DISTINCT t.source) AS Sources, max(t.fetched_at) AS FetchedAt, count(*) AS Lines
        FROM trade_flows t
        WHERE t.reporter = @Reporter AND t.partner = @Partner AND t.flow = 'M'
          AND t.period >= @FromPeriod AND t.period <= @ToPeriod AND length(t.period) = 6
          AND NOT EXISTS (
              SELECT 1 FROM trade_flows u
              WHERE u.reporter = t.reporter AND u.partner = t.partner AND u.flow = t.flow AND u.period = t.period
                AND length(u.hs_code) < length(t.hs_code) AND substr(t.hs_code, 1, length(u.hs_code)) = u.hs_code)
        GROUP BY t.period
        HAVING count(t.net_weight_kg) > 0
        ORDER BY t.period {(newestFirst ? "DESC" : "ASC")}
        LIMIT @Limit;
        """;
}
