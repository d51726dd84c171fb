using System.Globalization;
using MonitorBot.Core.Model;
using MonitorBot.Core.News;
using Xunit.Abstractions;

namespace MonitorBot.Core.Tests.News;

/// <summary>
/// A labelled corpus of headlines (English, Chinese, Burmese), written for these tests, judged the way an analyst of
/// Kachin heavy-rare-earth supply would: relevant when it bears on the region, its actors, or Dy/Tb/rare-earth supply
/// and prices. Each row is a case of its own, and precision and recall over the whole table are reported and asserted.
/// </summary>
public class RelevanceCorpusTests(ITestOutputHelper output)
{
    public static TheoryData<string, string, bool> Corpus => new()
    {
        // English, relevant.
        { "en", "Terbium oxide hits 6,550 yuan/kg, up 21.9% since September", true },
        { "en", "Dysprosium oxide slips 3.2% to 1,665 yuan/kg", true },
        { "en", "Heavy rare earth prices jump as supply tightens", true },
        { "en", "Rare earth oxide prices rise 8% in a week", true },
        { "en", "Tb4O7 quotes climb 5% at Shanghai Metals Market", true },
        { "en", "KIA seizes Chipwi rare earth mines", true },
        { "en", "China closes border crossing near Kanpaiti as fighting spreads", true },
        { "en", "Beijing warns Kachin Independence Army over Bhamo offensive", true },
        { "en", "Myanmar rare earth exports to China fall 89% in February", true },
        { "en", "Junta airstrike kills 12 in Myitkyina", true },
        { "en", "KIA announces tax on rare earth miners", true },
        { "en", "Dysprosium buyers scramble as Myanmar ore stops", true },
        { "en", "Bhamo falls to Kachin rebels", true },
        { "en", "China issues ultimatum to KIA over rare earth trade", true },
        { "en", "Heavy rare earths supply from Kachin State in doubt", true },
        { "en", "Terbium prices surge to record", true },
        { "en", "Chinese customs: imports of rare earths from Myanmar down 50% year on year", true },
        { "en", "Tengchong customs reports rare earth shipments resume via Houqiao", true },

        // English, irrelevant.
        { "en", "Gold hits record high as central banks buy", false },
        { "en", "Lithium prices slide 4% on weak battery demand", false },
        { "en", "Copper climbs 2% on Chile supply worries", false },
        { "en", "Kia recalls 50,000 cars", false },
        { "en", "Myanmar kyat falls 10% against the dollar", false },
        { "en", "Myanmar football team wins friendly", false },
        { "en", "Lynas reports record quarterly earnings", false },
        { "en", "Muse concert tickets up 30% in resale market", false },
        { "en", "Rare earth magnet demand rises with EV sales", false },
        { "en", "Cyclone warning issued for Bay of Bengal coast", false },
        { "en", "Oil prices rise 3% on OPEC cut", false },
        { "en", "Ceasefire talks resume in Gaza", false },
        { "en", "Yuan per kg price of pork rises in Beijing markets", false },
        { "en", "Stock market up 1.5% as tech rallies", false },

        // Chinese, relevant.
        { "zh", "氧化铽价格上涨至6550元/公斤", true },
        { "zh", "氧化镝价格小幅回落", true },
        { "zh", "中重稀土价格大涨", true },
        { "zh", "克钦独立军攻占八莫", true },
        { "zh", "缅甸克钦邦稀土矿区停产", true },
        { "zh", "腾冲猴桥口岸稀土进口恢复", true },
        { "zh", "中国自缅甸进口稀土同比下降89%", true },
        { "zh", "外交部就八莫局势发表谈话，敦促克钦独立军停火", true },
        { "zh", "缅北冲突升级，中缅边境口岸关闭", true },
        { "zh", "海关总署：2月自缅甸进口稀土氧化物311吨", true },
        { "zh", "克钦独立军向稀土矿商征税", true },
        { "zh", "缅军空袭密支那", true },

        // Chinese, irrelevant.
        { "zh", "黄金价格上涨创新高", false },
        { "zh", "北京今日天气晴朗", false },
        { "zh", "锂价下跌，电池需求疲软", false },
        { "zh", "上海股市上涨1%", false },
        { "zh", "中国足球队赢得友谊赛", false },
        { "zh", "铜价上涨2%", false },
        { "zh", "新能源汽车销量大涨", false },
        { "zh", "中国海关查获走私手机", false },

        // Burmese, relevant.
        { "my", "ဗန်းမော်တွင် တိုက်ပွဲ ပြင်းထန်", true },
        { "my", "ကချင်လွတ်မြောက်ရေးတပ် ဗန်းမော်ကို ထိုးစစ်ဆင်", true },
        { "my", "ကချင်ပြည်နယ် ရှားပါးမြေ တရုတ်သို့ တင်ပို့မှု ရပ်ဆိုင်း", true },
        { "my", "မြစ်ကြီးနား၌ စစ်ကောင်စီ လေကြောင်းတိုက်ခိုက်", true },
        { "my", "ရှားပါးမြေ ဈေးနှုန်းမြင့်တက်", true },
        { "my", "မြန်မာ-တရုတ် နယ်စပ်ဂိတ်ပိတ်၊ ကချင် ရှားပါးမြေကုန်တင်ယာဉ်များ ပိတ်မိ", true },

        // Burmese, irrelevant.
        { "my", "ရန်ကုန်တွင် မိုးသည်းထန်", false },
        { "my", "မြန်မာ ဘောလုံးအသင်း အနိုင်ရ", false },
        { "my", "ရွှေဈေးတက်", false },
        { "my", "မန္တလေး စာအုပ်ပွဲတော် ဖွင့်လှစ်", false },
    };

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Score_LabelledHeadline_MatchesLabel(string language, string title, bool relevant)
    {
        var score = RelevanceScorer.Score(title, null);

        Assert.True(score.Relevance >= NewsItem.RelevantThreshold == relevant,
            $"[{language}] {title}: {score.Relevance} [{string.Join(", ", score.Entities)}], labelled {(relevant ? "relevant" : "irrelevant")}");
    }

    [Fact]
    public void Score_WholeCorpus_PrecisionAndRecallAtLeast90Percent()
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        var rows = Corpus.Select(r => ((string)r[0], (string)r[1], (bool)r[2])).ToList();
        foreach (var (language, title, relevant) in rows)
        {
            var score = RelevanceScorer.Score(title, null);
            var predicted = score.Relevance >= NewsItem.RelevantThreshold;
            (tp, fp, fn, tn) = (predicted, relevant) switch
            {
                (true, true) => (tp + 1, fp, fn, tn),
                (true, false) => (tp, fp + 1, fn, tn),
                (false, true) => (tp, fp, fn + 1, tn),
                _ => (tp, fp, fn, tn + 1),
            };
            if (predicted != relevant)
            {
                output.WriteLine($"miss [{language}] {title}: {score.Relevance}");
            }
        }

        var precision = tp / (double)Math.Max(1, tp + fp);
        var recall = tp / (double)Math.Max(1, tp + fn);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{rows.Count} headlines ({rows.Count(r => r.Item3)} relevant): precision {precision:0.000}, recall {recall:0.000} (tp {tp}, fp {fp}, fn {fn}, tn {tn})"));
        foreach (var language in rows.Select(r => r.Item1).Distinct())
        {
            output.WriteLine($"  {language}: {rows.Count(r => r.Item1 == language)} headlines");
        }

        Assert.True(rows.Count >= 60);
        Assert.True(precision >= 0.9, $"precision {precision}");
        Assert.True(recall >= 0.9, $"recall {recall}");
    }
}
