namespace MonitorBot.Core.Model;

/// <summary>An item as a parser read it, before normalisation and scoring.</summary>
public sealed record RawNewsItem(
    string? Guid,
    string? Link,
    string Title,
    string? Summary,
    DateTimeOffset? Published,
    string? Outlet = null);

/// <summary>
/// A normalised, scored news item as stored. Unique per canonical URL, and per (SourceId, Guid);
/// <see cref="TitleKey"/> groups the same wire story carried by many outlets.
/// </summary>
public sealed record NewsItem(
    string SourceId,
    string? Guid,
    string Url,
    string CanonicalUrl,
    string Title,
    string? Summary,
    DateTimeOffset? Published,
    DateTimeOffset FetchedAt,
    double Relevance,
    IReadOnlyList<string> Entities,
    string TitleKey,
    string? Outlet = null,
    bool IsBaseline = false)
{
    /// <summary>Relevance at or above which an item counts as relevant to the Kachin supply picture.</summary>
    public const double RelevantThreshold = 0.35;

    public bool IsRelevant => Relevance >= RelevantThreshold;

    /// <summary>When the item happened as far as we know: published, else fetched.</summary>
    public DateTimeOffset EffectiveTime => Published ?? FetchedAt;
}
