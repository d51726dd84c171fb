using MonitorBot.Core.Model;
using MonitorBot.Core.News;

namespace MonitorBot.Core.Tests.News;

public class RelevanceScorerTests
{
    [Theory]
    [InlineData("Kachin rebels tighten grip on rare earth mines near Chipwi")]
    [InlineData("Myanmar heavy rare earth exports to China plunge")]
    [InlineData("Dysprosium supply from Kachin State in doubt")]
    [InlineData("KIA imposes 20% tax on Chinese miners in Pangwa")]
    [InlineData("China delivers ultimatum to KIA over Bhamo offensive")]
    [InlineData("KIA captures Bhamo after weeks of fighting")]
    [InlineData("Myanmar junta airstrike hits Myitkyina")]
    [InlineData("China closes Kanpaiti border gate")]
    [InlineData("Terbium oxide prices surge as Myanmar supply dries up")]
    [InlineData("IREL delegation visits Kachin")]
    [InlineData("Kachin Independence Army says talks with Beijing stalled")]
    [InlineData("Tatmadaw shells villages outside Banmaw")]
    [InlineData("China tightens heavy rare earth export controls")]
    [InlineData("Bawn Myang resumes shipments to Yunnan")]
    public void Score_RelevantHeadline_AtOrAboveThreshold(string title)
    {
        var score = RelevanceScorer.Score(title, null);

        Assert.True(score.Relevance >= NewsItem.RelevantThreshold, $"{title}: {score.Relevance} [{string.Join(", ", score.Entities)}]");
    }

    [Theory]
    [InlineData("Lynas reports record quarterly earnings")]
    [InlineData("Lynas raises rare earth output at Mount Weld")]
    [InlineData("MP Materials shares climb on defense deal")]
    [InlineData("Kia recalls 100,000 cars over airbag fault")]
    [InlineData("Nokia and Kiang utilities sign deal")]
    [InlineData("Ceasefire talks resume in Gaza")]
    [InlineData("Muse announces world tour as ticket prices surge")]
    [InlineData("Bank of England holds rates")]
    [InlineData("Military junta in Niger expels envoy")]
    [InlineData("Museum of natural history reopens")]
    [InlineData("Rare earth magnet demand rises with EV sales")]
    [InlineData("Myanmar football team wins friendly")]
    public void Score_IrrelevantHeadline_BelowThreshold(string title)
    {
        var score = RelevanceScorer.Score(title, null);

        Assert.True(score.Relevance < NewsItem.RelevantThreshold, $"{title}: {score.Relevance} [{string.Join(", ", score.Entities)}]");
    }

    [Theory]
    [InlineData("Rare earths from Kachin State", 0.6)]
    [InlineData("KIA captures Bhamo", 0.6)]
    [InlineData("KIA airstrike", 0.6)]
    public void Score_CommodityWithRegionOrRegionWithSignal_High(string title, double atLeast)
    {
        Assert.True(RelevanceScorer.Score(title, null).Relevance >= atLeast);
    }

    [Fact]
    public void Score_Nothing_Zero()
    {
        var score = RelevanceScorer.Score("Weather warm in Paris", "Nothing to see here");

        Assert.Equal(0, score.Relevance);
        Assert.Empty(score.Entities);
        Assert.Equal(SignalSeverity.None, score.MaxSeverity);
    }

    [Fact]
    public void Score_TitleMatch_WeighsMoreThanSummaryMatch()
    {
        var inTitle = RelevanceScorer.Score("KIA fighters attack army post", "A report from the north.");
        var inSummary = RelevanceScorer.Score("Report from the north", "KIA fighters attack army post.");

        Assert.True(inTitle.Relevance > inSummary.Relevance);
        Assert.True(inSummary.Relevance > 0);
    }

    [Fact]
    public void Score_SummaryAddsContext_RaisesRelevance()
    {
        var titleOnly = RelevanceScorer.Score("Dysprosium supply tightens", null);
        var withSummary = RelevanceScorer.Score("Dysprosium supply tightens", "Supply from Myanmar's Kachin State has been disrupted by fighting.");

        Assert.True(titleOnly.Relevance < NewsItem.RelevantThreshold);
        Assert.True(withSummary.Relevance >= 0.6);
    }

    [Theory]
    [InlineData("Terbium oxide hits 6,550 yuan/kg, up 21.9% since September", 0.6)]
    [InlineData("Dysprosium prices jump", 0.6)]
    [InlineData("氧化铽价格上涨", 0.6)]
    [InlineData("ရှားပါးမြေ ဈေးနှုန်းမြင့်တက်", 0.54)]
    public void Score_HeavyRareEarthPriceMove_Relevant(string title, double expected)
    {
        Assert.Equal(expected, RelevanceScorer.Score(title, null).Relevance, 2);
    }

    [Theory]
    [InlineData("Myanmar kyat falls 10% against the dollar")]
    [InlineData("NdPr prices rise 2%")]
    [InlineData("Lithium prices slide 4%")]
    public void Score_MarketMoveWithoutHeavyRareEarth_NotRelevant(string title)
    {
        Assert.True(RelevanceScorer.Score(title, null).Relevance < NewsItem.RelevantThreshold);
    }

    [Fact]
    public void Score_Entities_TitleFirstDistinct()
    {
        var score = RelevanceScorer.Score("KIA seizes Bhamo", "The KIA said Bhamo and terbium mines were under its control.");

        Assert.Equal(["KIA", "capture of Bhamo", "Bhamo", "terbium"], score.Entities);
        Assert.Equal(SignalSeverity.High, score.MaxSeverity);
        Assert.InRange(score.Relevance, 0.6, 1.0);
    }

    [Fact]
    public void Score_HighSignal_RanksAboveNormalSignal()
    {
        var high = RelevanceScorer.Score("China issues ultimatum to KIA", null);
        var normal = RelevanceScorer.Score("China urges KIA to join peace talks", null);

        Assert.True(high.Relevance > normal.Relevance);
    }
}
