namespace MonitorBot.Core.News;

/// <summary>A news item's relevance to the Kachin heavy-rare-earth supply picture.</summary>
/// <param name="Relevance">0..1, rounded to 3 decimals; relevant at or above <c>NewsItem.RelevantThreshold</c> (0.35).</param>
/// <param name="Entities">Canonical names matched, title hits first, distinct.</param>
/// <param name="Matches">The gazetteer hits behind <paramref name="Entities"/> (strongest variant of each).</param>
public sealed record NewsScore(double Relevance, IReadOnlyList<string> Entities, IReadOnlyList<EntityMatch> Matches)
{
    public static readonly NewsScore None = new(0, [], []);

    /// <summary>The strongest signal severity among the matches.</summary>
    public SignalSeverity MaxSeverity => Matches.Count == 0 ? SignalSeverity.None : Matches.Max(m => m.Severity);
}

/// <summary>
/// Scores a headline (and optional summary) for relevance to Kachin heavy-rare-earth supply.
/// </summary>
/// <remarks>
/// <para>Each gazetteer hit has a strength = variant weight × field factor (title 1.0, summary 0.6; a hit
/// in both counts as a title hit). Signals are further scaled by severity (high 1.0, normal 0.6).
/// The hits are pooled into groups, each the strongest hit of its kind:</para>
/// <list type="bullet">
/// <item><c>K</c>: a Kachin/Myanmar place, actor or local firm (KIA, Bhamo, Chipwe, Myanmar, Tatmadaw, Bawn Myang, ...); <c>K2</c> the second-strongest distinct one;</item>
/// <item><c>C</c>: a commodity (dysprosium, terbium, heavy rare earths, rare earths, ...), or half the strength of a rare-earth firm (Lynas, MP Materials, IREL, ...);</item>
/// <item><c>S</c>: a signal (ultimatum, border closure, fighting, airstrike, ...; not a market move or price spike);</item>
/// <item><c>O</c>: other context: a non-local organisation (China MOFA, GACC, firms) or China itself.</item>
/// </list>
/// <para>The rule, first match wins, clamped to 0..1:</para>
/// <list type="number">
/// <item>commodity and Kachin/Myanmar context: <c>0.6 + 0.2·min(C, K) + 0.2·S</c> (high: 0.6..1.0);</item>
/// <item>Kachin/Myanmar context and a signal (conflict events matter to supply even without rare earths):
/// <c>K·(0.6 + 0.4·S) + 0.1·K2</c> (KIA + airstrike in a title ≈ 0.84; a weak place such as "Muse" stays low);</item>
/// <item>Kachin/Myanmar context alone: <c>0.3·K + 0.15·K2 + 0.25·O</c> (Bhamo alone 0.3; KIA and Bhamo 0.45; KIA and China 0.375);</item>
/// <item>a market move (<c>M</c>: "up 21.9%", "6,550 yuan/kg", "prices jump", "价格上涨") of Dy, Tb, heavy rare earths or rare
/// earths (<c>D</c>: strength of a commodity of weight ≥ 0.7; not NdPr, yttrium or a firm) without the region:
/// <c>0.25 + 0.2·D + 0.15·M + 0.1·S</c> ("Terbium oxide hits 6,550 yuan/kg, up 21.9%" = 0.6). A market move is never a conflict
/// signal: "Myanmar kyat falls 10%" stays low;</item>
/// <item>commodity without the region: <c>0.2·C + 0.2·S + 0.1·O</c> ("dysprosium supply tightens" = 0.2;
/// "China bans heavy rare earth exports" ≈ 0.43; "Lynas raises rare earth output" ≈ 0.19);</item>
/// <item>only signals or organisations: <c>0.1·max(S, O)</c>;</item>
/// <item>nothing: 0.</item>
/// </list>
/// </remarks>
public static class RelevanceScorer
{
    public const double TitleFactor = 1.0;
    public const double SummaryFactor = 0.6;
    public const double HighSignalFactor = 1.0;
    public const double NormalSignalFactor = 0.6;
    /// <summary>How much a rare-earth firm stands in for a commodity mention.</summary>
    public const double FirmAsCommodityFactor = 0.5;
    /// <summary>Base relevance of a heavy-rare-earth commodity whose price or volume moves, without the region named.</summary>
    public const double MarketMoveBase = 0.25;
    /// <summary>The gazetteer weight of a commodity whose market move counts: dysprosium, terbium, heavy rare earths (1.0), rare earths (0.7); not NdPr or yttrium.</summary>
    public const double DirectCommodityForMove = 0.7;

    /// <summary>Scores <paramref name="title"/> and <paramref name="summary"/> (either may be empty).</summary>
    public static NewsScore Score(string? title, string? summary)
    {
        var titleHits = Gazetteer.Match(title);
        var summaryHits = Gazetteer.Match(summary);
        if (titleHits.Count == 0 && summaryHits.Count == 0)
        {
            return NewsScore.None;
        }

        var strengths = new List<(EntityMatch Match, double Strength)>(titleHits.Count + summaryHits.Count);
        foreach (var hit in titleHits)
        {
            strengths.Add((hit, hit.Weight * TitleFactor));
        }

        foreach (var hit in summaryHits)
        {
            var existing = strengths.FindIndex(s => string.Equals(s.Match.Canonical, hit.Canonical, StringComparison.Ordinal));
            var strength = hit.Weight * SummaryFactor;
            if (existing < 0)
            {
                strengths.Add((hit, strength));
            }
            else if (strengths[existing].Strength < strength)
            {
                strengths[existing] = (hit, strength);
            }
        }

        var local = strengths
            .Where(s => s.Match.IsLocal && s.Match.Category is EntityCategory.Actor or EntityCategory.Place or EntityCategory.Organisation)
            .Select(s => s.Strength)
            .OrderDescending()
            .ToArray();
        var k = local.Length > 0 ? local[0] : 0;
        var k2 = local.Length > 1 ? local[1] : 0;
        var c = MaxOf(strengths, s => s.Match.Category == EntityCategory.Commodity
            ? s.Strength
            : s.Match.IsRareEarthFirm ? s.Strength * FirmAsCommodityFactor : 0);
        var signal = MaxOf(strengths, s => s.Match.Category == EntityCategory.Signal && !IsMarketMove(s.Match)
            ? s.Strength * (s.Match.Severity == SignalSeverity.High ? HighSignalFactor : NormalSignalFactor)
            : 0);
        var move = MaxOf(strengths, s => IsMarketMove(s.Match) ? s.Strength : 0);
        var directCommodity = MaxOf(strengths, s => s.Match.Category == EntityCategory.Commodity && s.Match.Weight >= DirectCommodityForMove ? s.Strength : 0);
        var other = MaxOf(strengths, s => !s.Match.IsLocal && s.Match.Category is EntityCategory.Organisation or EntityCategory.Place
            ? s.Strength
            : 0);

        double relevance;
        if (c > 0 && k > 0)
        {
            relevance = 0.6 + (0.2 * Math.Min(c, k)) + (0.2 * signal);
        }
        else if (k > 0 && signal > 0)
        {
            relevance = (k * (0.6 + (0.4 * signal))) + (0.1 * k2);
        }
        else if (k > 0)
        {
            relevance = (0.3 * k) + (0.15 * k2) + (0.25 * other);
        }
        else if (directCommodity > 0 && move > 0)
        {
            relevance = MarketMoveBase + (0.2 * directCommodity) + (0.15 * move) + (0.1 * signal);
        }
        else if (c > 0)
        {
            relevance = (0.2 * c) + (0.2 * signal) + (0.1 * other);
        }
        else
        {
            relevance = 0.1 * Math.Max(signal, other);
        }

        relevance = Math.Round(Math.Clamp(relevance, 0, 1), 3, MidpointRounding.AwayFromZero);
        return new NewsScore(
            relevance,
            [.. strengths.Select(s => s.Match.Canonical)],
            [.. strengths.Select(s => s.Match)]);
    }

    /// <summary>A quantified move (<see cref="Gazetteer.MarketMove"/>) or a price spike: it counts next to a commodity only.</summary>
    private static bool IsMarketMove(EntityMatch match) =>
        match.Canonical is Gazetteer.MarketMove or "price spike";

    private static double MaxOf(List<(EntityMatch Match, double Strength)> items, Func<(EntityMatch Match, double Strength), double> selector)
    {
        var max = 0.0;
        foreach (var item in items)
        {
            max = Math.Max(max, selector(item));
        }

        return max;
    }
}
