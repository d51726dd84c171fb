using MonitorBot.Core.Model;

namespace MonitorBot.Core.Ports;

/// <summary>Everything one poll of one source produced, saved in one transaction.</summary>
public sealed record IngestBatch(
    string SourceId,
    IReadOnlyList<PriceObservation> Prices,
    IReadOnlyList<TradeFlow> Trade,
    IReadOnlyList<NewsItem> News)
{
    public static IngestBatch Empty(string sourceId) => new(sourceId, [], [], []);
    public int Count => Prices.Count + Trade.Count + News.Count;
}

/// <param name="PricesWritten">Observations inserted or whose value changed.</param>
/// <param name="TradeWritten">Trade lines inserted or whose figures changed.</param>
/// <param name="NewsInserted">News items new to the database (not seen by canonical URL or source+guid).</param>
/// <param name="InsertedNews">The new items, as stored (duplicates of an existing wire story included, flagged by <see cref="NewsItem.TitleKey"/>).</param>
/// <param name="AffectedSeries">Series ids whose stored history changed (prices, and "cn-mm-imports" when trade changed).</param>
public sealed record IngestResult(
    int PricesWritten,
    int TradeWritten,
    int NewsInserted,
    IReadOnlyList<NewsItem> InsertedNews,
    IReadOnlyList<string> AffectedSeries)
{
    public static readonly IngestResult None = new(0, 0, 0, [], []);
}

public interface IIngestStore
{
    /// <summary>Upserts the batch in one transaction. Re-saving the same batch writes nothing new.</summary>
    Task<IngestResult> SaveAsync(IngestBatch batch, CancellationToken cancellationToken);
}
