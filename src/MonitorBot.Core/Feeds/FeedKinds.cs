namespace MonitorBot.Core.Feeds;

/// <summary>Source kinds as written in config (<c>Feeds:Sources:n:Kind</c>).</summary>
public static class FeedKinds
{
    /// <summary>RSS 2.0, RSS 1.0 (RDF) or Atom 1.0; the dialect is detected from the document.</summary>
    public const string Rss = "rss";
    public const string Atom = "atom";
    /// <summary>GDELT DOC 2.0 API, mode=artlist, JSON.</summary>
    public const string Gdelt = "gdelt";
    /// <summary>UN Comtrade (public preview or keyed data API) JSON.</summary>
    public const string Comtrade = "comtrade";
    /// <summary>Yahoo Finance chart v8 JSON.</summary>
    public const string Yahoo = "yahoo";
    /// <summary>CSV prices: Stooq-like (Date,Open,High,Low,Close[,Volume] / Symbol,Date,Time,...) or timestamp,value.</summary>
    public const string Csv = "csv";
    /// <summary>Generic JSON price feed; the array and fields are found by configured paths.</summary>
    public const string JsonPrice = "json-price";
    /// <summary>Manual quotes: CSV lines series,time,value[,unit,currency,source].</summary>
    public const string Manual = "manual";
}
