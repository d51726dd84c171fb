using MonitorBot.Core.News;

namespace MonitorBot.Core.Tests.News;

public class GazetteerTests
{
    [Theory]
    [InlineData("KIA fighters advance", "KIA", EntityCategory.Actor)]
    [InlineData("The KIO said on Monday", "KIA", EntityCategory.Actor)]
    [InlineData("Kachin Independence Army claims base", "KIA", EntityCategory.Actor)]
    [InlineData("Kachin Independence Organisation statement", "KIA", EntityCategory.Actor)]
    [InlineData("Kachin Independence Organization statement", "KIA", EntityCategory.Actor)]
    [InlineData("Kachin rebels hold the hills", "KIA", EntityCategory.Actor)]
    [InlineData("the KIA's tax", "KIA", EntityCategory.Actor)]
    [InlineData("Tatmadaw troops retreat", "Myanmar military", EntityCategory.Actor)]
    [InlineData("the junta said", "Myanmar military", EntityCategory.Actor)]
    [InlineData("the SAC said", "Myanmar military", EntityCategory.Actor)]
    [InlineData("Myanmar's military regime", "Myanmar military", EntityCategory.Actor)]
    [InlineData("Myanmar military denies", "Myanmar military", EntityCategory.Actor)]
    [InlineData("in Chipwe township", "Chipwe", EntityCategory.Place)]
    [InlineData("in Chipwi township", "Chipwe", EntityCategory.Place)]
    [InlineData("near Pangwa", "Pangwa", EntityCategory.Place)]
    [InlineData("near Panwa", "Pangwa", EntityCategory.Place)]
    [InlineData("outside Bhamo", "Bhamo", EntityCategory.Place)]
    [InlineData("outside Banmaw", "Bhamo", EntityCategory.Place)]
    [InlineData("BHAMO under siege", "Bhamo", EntityCategory.Place)]
    [InlineData("Myitkyina airport", "Myitkyina", EntityCategory.Place)]
    [InlineData("road to Lashio", "Lashio", EntityCategory.Place)]
    [InlineData("trade through Muse", "Muse", EntityCategory.Place)]
    [InlineData("Kanpaiti crossing", "Kanpaiti", EntityCategory.Place)]
    [InlineData("mines in Kachin State", "Kachin State", EntityCategory.Place)]
    [InlineData("a Kachin-based group", "Kachin State", EntityCategory.Place)]
    [InlineData("the China–Myanmar border", "China–Myanmar border", EntityCategory.Place)]
    [InlineData("the China-Myanmar border", "China–Myanmar border", EntityCategory.Place)]
    [InlineData("the Myanmar-China border", "China–Myanmar border", EntityCategory.Place)]
    [InlineData("the Sino-Burmese border", "China–Myanmar border", EntityCategory.Place)]
    [InlineData("dysprosium oxide", "dysprosium", EntityCategory.Commodity)]
    [InlineData("Dy2O3 quotes", "dysprosium", EntityCategory.Commodity)]
    [InlineData("Dy oxide quotes", "dysprosium", EntityCategory.Commodity)]
    [InlineData("Dy-oxide quotes", "dysprosium", EntityCategory.Commodity)]
    [InlineData("Terbium output", "terbium", EntityCategory.Commodity)]
    [InlineData("Tb4O7 price", "terbium", EntityCategory.Commodity)]
    [InlineData("heavy rare earths", "heavy rare earths", EntityCategory.Commodity)]
    [InlineData("heavy rare-earth supply", "heavy rare earths", EntityCategory.Commodity)]
    [InlineData("HREE supply", "heavy rare earths", EntityCategory.Commodity)]
    [InlineData("rare earths", "rare earths", EntityCategory.Commodity)]
    [InlineData("rare-earth magnets", "rare earths", EntityCategory.Commodity)]
    [InlineData("rare – earth", "rare earths", EntityCategory.Commodity)]
    [InlineData("Rare Earth Elements", "rare earths", EntityCategory.Commodity)]
    [InlineData("REE prices", "rare earths", EntityCategory.Commodity)]
    [InlineData("NdPr oxide", "NdPr", EntityCategory.Commodity)]
    [InlineData("yttrium shortage", "yttrium", EntityCategory.Commodity)]
    [InlineData("缅北克钦独立军称", "KIA", EntityCategory.Actor)]
    [InlineData("克钦邦局势", "Kachin State", EntityCategory.Place)]
    [InlineData("八莫战事", "Bhamo", EntityCategory.Place)]
    [InlineData("自缅甸进口", "Myanmar", EntityCategory.Place)]
    [InlineData("稀土价格", "rare earths", EntityCategory.Commodity)]
    [InlineData("镝铁合金", "dysprosium", EntityCategory.Commodity)]
    [InlineData("氧化铽报价", "terbium", EntityCategory.Commodity)]
    [InlineData("中重稀土供应", "heavy rare earths", EntityCategory.Commodity)]
    [InlineData("腾冲海关", "Tengchong", EntityCategory.Place)]
    [InlineData("猴桥口岸", "Houqiao", EntityCategory.Place)]
    [InlineData("ကချင်ပြည်နယ်", "Kachin State", EntityCategory.Place)]
    [InlineData("ဗန်းမော်မြို့", "Bhamo", EntityCategory.Place)]
    [InlineData("Rare earth imports via Tengchong", "Tengchong", EntityCategory.Place)]
    [InlineData("China's foreign ministry said", "China MOFA", EntityCategory.Organisation)]
    [InlineData("MOFA spokesperson", "China MOFA", EntityCategory.Organisation)]
    [InlineData("Chinese customs data", "China customs (GACC)", EntityCategory.Organisation)]
    [InlineData("according to GACC", "China customs (GACC)", EntityCategory.Organisation)]
    [InlineData("IREL delegation", "IREL", EntityCategory.Organisation)]
    [InlineData("India Rare Earths Ltd", "IREL", EntityCategory.Organisation)]
    [InlineData("Lynas shares", "Lynas", EntityCategory.Organisation)]
    [InlineData("MP Materials shares", "MP Materials", EntityCategory.Organisation)]
    [InlineData("China Northern Rare Earth Group", "China Northern Rare Earth", EntityCategory.Organisation)]
    [InlineData("China Rare Earth Group", "China Rare Earth Group", EntityCategory.Organisation)]
    [InlineData("Bawn Myang Co Ltd", "Bawn Myang", EntityCategory.Organisation)]
    public void Match_Variant_ReturnsCanonical(string text, string canonical, EntityCategory category)
    {
        var matches = Gazetteer.Match(text);

        var match = Assert.Single(matches, m => m.Canonical == canonical);
        Assert.Equal(category, match.Category);
    }

    [Theory]
    [InlineData("China issues ultimatum to rebels", "ultimatum", SignalSeverity.High)]
    [InlineData("Blockade of supply routes", "blockade", SignalSeverity.High)]
    [InlineData("Border closure hits traders", "border closure", SignalSeverity.High)]
    [InlineData("China closes the border crossing", "border closure", SignalSeverity.High)]
    [InlineData("China closes China-Myanmar border", "border closure", SignalSeverity.High)]
    [InlineData("Border gates closed again", "border closure", SignalSeverity.High)]
    [InlineData("closed border leaves trucks stranded", "border closure", SignalSeverity.High)]
    [InlineData("gate closed at Kanpaiti", "border closure", SignalSeverity.High)]
    [InlineData("new export ban announced", "export controls", SignalSeverity.High)]
    [InlineData("Export controls widened", "export controls", SignalSeverity.High)]
    [InlineData("export restrictions on seven elements", "export controls", SignalSeverity.High)]
    [InlineData("China restricts rare earth exports", "export controls", SignalSeverity.High)]
    [InlineData("Mine shutdown in the north", "mine shutdown", SignalSeverity.High)]
    [InlineData("mines suspended after fighting", "mine shutdown", SignalSeverity.High)]
    [InlineData("KIA halts rare earth mining", "mine shutdown", SignalSeverity.High)]
    [InlineData("KIA captures Bhamo", "capture of Bhamo", SignalSeverity.High)]
    [InlineData("the fall of Bhamo", "capture of Bhamo", SignalSeverity.High)]
    [InlineData("Bhamo falls to rebels", "capture of Bhamo", SignalSeverity.High)]
    [InlineData("rebels take control of Banmaw", "capture of Bhamo", SignalSeverity.High)]
    [InlineData("KIA seizes rare earth mines", "capture of mining belt", SignalSeverity.High)]
    [InlineData("capture of the mining hub", "capture of mining belt", SignalSeverity.High)]
    [InlineData("rebels seize Chipwe", "capture of mining belt", SignalSeverity.High)]
    [InlineData("KIA imposes 20% tax on Chinese miners", "tax on miners", SignalSeverity.Normal)]
    [InlineData("new levy on ore", "tax on miners", SignalSeverity.Normal)]
    [InlineData("airstrike kills villagers", "airstrike", SignalSeverity.Normal)]
    [InlineData("Air strikes hit town", "airstrike", SignalSeverity.Normal)]
    [InlineData("air-strike hits town", "airstrike", SignalSeverity.Normal)]
    [InlineData("ceasefire agreed", "ceasefire", SignalSeverity.Normal)]
    [InlineData("cease-fire agreed", "ceasefire", SignalSeverity.Normal)]
    [InlineData("peace talks in Kunming", "peace talks", SignalSeverity.Normal)]
    [InlineData("miners allowed to ship existing inventories", "inventory shipments", SignalSeverity.Normal)]
    [InlineData("stockpile shipments resume", "inventory shipments", SignalSeverity.Normal)]
    [InlineData("terbium price spike", "price spike", SignalSeverity.Normal)]
    [InlineData("prices surge on supply fears", "price spike", SignalSeverity.Normal)]
    [InlineData("heavy fighting near the town", "fighting", SignalSeverity.Normal)]
    public void Match_SignalWord_ReturnsSignalWithSeverity(string text, string canonical, SignalSeverity severity)
    {
        var matches = Gazetteer.Match(text);

        var match = Assert.Single(matches, m => m.Canonical == canonical);
        Assert.Equal(EntityCategory.Signal, match.Category);
        Assert.Equal(severity, match.Severity);
        Assert.Equal(severity, Gazetteer.SeverityOf(canonical));
    }

    [Theory]
    [InlineData("Kiang province floods")]
    [InlineData("Nokia unveils new phone")]
    [InlineData("Kia recalls cars")]
    [InlineData("KIAN robotics")]
    [InlineData("musing about the muse")]
    [InlineData("Museum opens in Paris")]
    [InlineData("A sac of flour")]
    [InlineData("Bhamos123x")]
    [InlineData("Earth science: rare birds of Lashiotown")]
    [InlineData("The Kachiner restaurant")]
    [InlineData("Dysprosiumlike")]
    [InlineData("")]
    [InlineData("   ")]
    public void Match_NoEntity_ReturnsEmpty(string text)
    {
        Assert.Empty(Gazetteer.Match(text));
    }

    [Fact]
    public void Match_NullText_ReturnsEmpty()
    {
        Assert.Empty(Gazetteer.Match(null));
    }

    [Fact]
    public void Match_SignalNamingPlace_MatchesBothSignalAndPlace()
    {
        var canonicals = Gazetteer.Match("KIA captures Bhamo after months of fighting").Select(m => m.Canonical).ToList();

        Assert.Equal(["KIA", "capture of Bhamo", "Bhamo", "fighting"], canonicals);
    }

    [Fact]
    public void Match_BorderClosureOnChinaMyanmarBorder_MatchesPlaceAndSignal()
    {
        var canonicals = Gazetteer.Match("China closes China-Myanmar border crossing").Select(m => m.Canonical).ToList();

        Assert.Contains("border closure", canonicals);
        Assert.Contains("China–Myanmar border", canonicals);
    }

    [Fact]
    public void Match_HeavyRareEarth_PrefersLongestVariant()
    {
        var canonicals = Gazetteer.Match("heavy rare earth output falls").Select(m => m.Canonical).ToList();

        Assert.Equal(["heavy rare earths"], canonicals);
    }

    [Fact]
    public void Match_RepeatedEntity_ReturnsDistinctWithStrongestVariant()
    {
        var matches = Gazetteer.Match("the junta, also called the Tatmadaw, and the junta again");

        var match = Assert.Single(matches);
        Assert.Equal("Myanmar military", match.Canonical);
        Assert.Equal(0.9, match.Weight);
    }

    [Fact]
    public void Match_Muse_HasLowWeight()
    {
        var match = Assert.Single(Gazetteer.Match("Muse trade zone"));

        Assert.True(match.Weight < 0.5);
        Assert.True(match.IsLocal);
    }

    [Fact]
    public void Match_OutletName_ProducesNoEntity()
    {
        Assert.Empty(Gazetteer.Match("Kachin News Group"));
    }

    [Fact]
    public void Entries_ListEveryCanonicalOnce()
    {
        var names = Gazetteer.Entries.Select(e => e.Canonical).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains("KIA", names);
        Assert.Contains("dysprosium", names);
        Assert.DoesNotContain(string.Empty, names);
        Assert.True(Gazetteer.TryGetEntry("kia", out var kia));
        Assert.Equal(EntityCategory.Actor, kia.Category);
        Assert.Equal(SignalSeverity.None, Gazetteer.SeverityOf("unknown thing"));
    }
}
