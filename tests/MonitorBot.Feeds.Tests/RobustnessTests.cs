using System.Globalization;
using System.Text;
using MonitorBot.Feeds.Comtrade;
using MonitorBot.Feeds.Csv;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.JsonPrice;
using MonitorBot.Feeds.Manual;
using MonitorBot.Feeds.Rss;
using MonitorBot.Feeds.Tests.Rss;
using MonitorBot.Feeds.Yahoo;
using MonitorBot.Tests.Shared;

namespace MonitorBot.Feeds.Tests;

/// <summary>
/// Property-style robustness: seeded random truncations and byte flips of every fixture (and of the wild feeds and the
/// shared samples when present) never make a parser or the kind detector throw anything but a <see cref="FeedException"/>.
/// Linear time is checked by counting work (bytes allocated on the test thread), never by a clock.
/// </summary>
public sealed class RobustnessTests
{
    private const int MutationsPerFixture = 24;

    private static readonly IFeedParser[] Parsers =
    [
        new RssFeedParser(), new CsvPriceParser(), new YahooChartParser(), new GdeltParser(), new ComtradeParser(),
        new JsonPriceParser(), new ManualPriceParser(),
    ];

    public static IEnumerable<object[]> Fixtures()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "Fixtures");
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            yield return [Path.GetRelativePath(root, file)];
        }
    }

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void Parse_MutatedFixture_ThrowsOnlyFeedExceptions(string fixture)
    {
        var bytes = File.ReadAllBytes(TestFeeds.FixturePath(fixture));

        var parses = Mutate(bytes, seed: StableSeed(fixture), Parsers);

        Assert.Equal(MutationsPerFixture * Parsers.Length, parses);
    }

    [Fact]
    public void Parse_MutatedWildFeeds_ThrowsOnlyFeedExceptions()
    {
        var parses = 0;
        var seed = 1;
        foreach (var row in WildFeedTests.Cases())
        {
            var bytes = WildFeedTests.Encode((string)row[1]!, (string?)row[2]);
            parses += Mutate(bytes, seed++, [new RssFeedParser()], mutations: 8);
        }

        Assert.True(parses >= 80 * 8);
    }

    [SkippableFact]
    public void Parse_MutatedSharedSamples_ThrowsOnlyFeedExceptions()
    {
        Skip.If(SharedSamples.Directory is null, "../shared/samples not present");
        var parses = 0;
        foreach (var file in Directory.EnumerateFiles(SharedSamples.Directory!).Order(StringComparer.Ordinal))
        {
            parses += Mutate(File.ReadAllBytes(file), StableSeed(Path.GetFileName(file)), Parsers, mutations: 6);
        }

        Assert.True(parses > 0);
    }

    /// <summary>
    /// Work grows linearly: parsing 8× the input allocates at most ~8× (plus slack), for ordinary and for adversarial
    /// shapes (entity runs, unclosed tags, many CDATA sections, deep nesting, long lines). A quadratic step would show
    /// as a ratio near 64. Completion itself is also part of the check.
    /// </summary>
    [Theory]
    [InlineData("rss items")]
    [InlineData("rss html entities")]
    [InlineData("rss cdata sections with ampersands")]
    [InlineData("rss unclosed tags in a description")]
    [InlineData("rss deep nesting")]
    [InlineData("rss many links per item")]
    [InlineData("atom entries with xml:base")]
    [InlineData("csv rows")]
    [InlineData("csv one long line")]
    [InlineData("manual lines")]
    [InlineData("yahoo bars")]
    public void Parse_EightTimesTheInput_AllocatesAboutEightTimesTheWork(string shape)
    {
        var small = Work(shape, 1_000);
        var large = Work(shape, 8_000);

        Assert.True(large <= (small * 8 * 1.6) + 2_000_000, $"{shape}: {small:N0} bytes for n, {large:N0} bytes for 8n");
    }

    private static long Work(string shape, int n)
    {
        var (parser, payload) = Build(shape, n);
        Run(parser, payload); // warm-up: static caches and JIT out of the count
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run(parser, payload);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Run(IFeedParser parser, byte[] payload)
    {
        using var stream = new MemoryStream(payload);
        try
        {
            parser.Parse(stream, new FeedParseContext(TestFeeds.Source("lin", series: "s"), TestFeeds.FetchedAt));
        }
        catch (FeedException)
        {
            // refusing is fine; finishing is what counts
        }
    }

    private static (IFeedParser, byte[]) Build(string shape, int n)
    {
        var sb = new StringBuilder();
        const string RssHead = "<rss version=\"2.0\"><channel><title>L</title>";
        const string RssTail = "</channel></rss>";
        switch (shape)
        {
            case "rss items":
                sb.Append(RssHead);
                for (var i = 0; i < n; i++) sb.Append(CultureInfo.InvariantCulture, $"<item><title>Item {i}</title><link>https://example.org/{i}</link></item>");
                sb.Append(RssTail);
                break;
            case "rss html entities":
                sb.Append(RssHead).Append("<item><title>t</title><description>");
                for (var i = 0; i < n; i++) sb.Append("&nbsp;&eacute;&amp;&unknownish");
                sb.Append("</description></item>").Append(RssTail);
                break;
            case "rss cdata sections with ampersands":
                sb.Append(RssHead);
                for (var i = 0; i < n; i++) sb.Append("<item><title>c</title><description><![CDATA[a & b &nbsp; c]]></description></item>");
                sb.Append(RssTail);
                break;
            case "rss unclosed tags in a description":
                sb.Append(RssHead).Append("<item><title>u</title><description><![CDATA[");
                for (var i = 0; i < n; i++) sb.Append("<a <b <script ");
                sb.Append("]]></description></item>").Append(RssTail);
                break;
            case "rss deep nesting":
                sb.Append(RssHead);
                for (var i = 0; i < n; i++) sb.Append("<x>");
                for (var i = 0; i < n; i++) sb.Append("</x>");
                sb.Append(RssTail);
                break;
            case "rss many links per item":
                sb.Append(RssHead).Append("<item><title>m</title>");
                for (var i = 0; i < n; i++) sb.Append("<link>javascript:x</link>");
                sb.Append("</item>").Append(RssTail);
                break;
            case "atom entries with xml:base":
                sb.Append("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:base=\"https://example.org/\"><title>A</title>");
                for (var i = 0; i < n; i++) sb.Append(CultureInfo.InvariantCulture, $"<entry xml:base=\"d{i}/\"><id>urn:{i}</id><link href=\"e\"/></entry>");
                sb.Append("</feed>");
                break;
            case "csv rows":
                sb.Append("Date,Close\n");
                for (var i = 0; i < n; i++) sb.Append(CultureInfo.InvariantCulture, $"{new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i):yyyy-MM-dd},{100 + (i % 50)}\n");
                return (new CsvPriceParser(), Encoding.UTF8.GetBytes(sb.ToString()));
            case "csv one long line":
                sb.Append("Date,Close\n2020-01-01,");
                for (var i = 0; i < n; i++) sb.Append("\"1,\"\"2\"\"\",");
                sb.Append('\n');
                return (new CsvPriceParser(), Encoding.UTF8.GetBytes(sb.ToString()));
            case "manual lines":
                for (var i = 0; i < n; i++) sb.Append(CultureInfo.InvariantCulture, $"tb,{new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddDays(i):yyyy-MM-dd},1600-1620\n");
                return (new ManualPriceParser(), Encoding.UTF8.GetBytes(sb.ToString()));
            case "yahoo bars":
                sb.Append("{\"chart\":{\"result\":[{\"meta\":{\"currency\":\"USD\",\"symbol\":\"REMX\"},\"timestamp\":[");
                for (var i = 0; i < n; i++) sb.Append(i == 0 ? "" : ",").Append(1_600_000_000L + (i * 86_400L));
                sb.Append("],\"indicators\":{\"quote\":[{\"close\":[");
                for (var i = 0; i < n; i++) sb.Append(i == 0 ? "" : ",").Append(40 + (i % 7));
                sb.Append("]}]}}],\"error\":null}}");
                return (new YahooChartParser(), Encoding.UTF8.GetBytes(sb.ToString()));
            default:
                throw new ArgumentOutOfRangeException(nameof(shape), shape, null);
        }
        return (new RssFeedParser(), Encoding.UTF8.GetBytes(sb.ToString()));
    }

    /// <summary>Runs every parser on <paramref name="mutations"/> mutants; fails on any exception that is not a FeedException.</summary>
    private static int Mutate(byte[] original, int seed, IFeedParser[] parsers, int mutations = MutationsPerFixture)
    {
        var random = new Random(seed);
        var parses = 0;
        for (var m = 0; m < mutations; m++)
        {
            var mutant = (byte[])original.Clone();
            if (m % 3 == 0 || mutant.Length == 0)
            {
                mutant = mutant.AsSpan(0, random.Next(0, mutant.Length + 1)).ToArray(); // truncation
            }
            else
            {
                var flips = random.Next(1, 9);
                for (var f = 0; f < flips && mutant.Length > 0; f++) mutant[random.Next(mutant.Length)] = (byte)random.Next(256);
                if (m % 3 == 2 && mutant.Length > 1) mutant = mutant.AsSpan(0, random.Next(1, mutant.Length)).ToArray();
            }

            var exception = Record.Exception(() => FeedKindDetector.Detect(mutant.AsSpan(0, Math.Min(mutant.Length, FeedKindDetector.HeadLength)), null, null));
            Assert.Null(exception);
            foreach (var parser in parsers)
            {
                parses++;
                using var stream = new MemoryStream(mutant);
                var thrown = Record.Exception(() => parser.Parse(stream, new FeedParseContext(TestFeeds.Source("fuzz", series: "s", configure: s => s.Url = WildFeedTests.FeedUrl), TestFeeds.FetchedAt)));
                if (thrown is not null and not FeedException)
                {
                    Assert.Fail($"{parser.Kind} threw {thrown.GetType().Name} on mutant {m} (seed {seed}): {thrown.Message}");
                }
            }
        }
        return parses;
    }

    private static int StableSeed(string name)
    {
        var hash = 17;
        foreach (var c in name) hash = unchecked((hash * 31) + c);
        return hash;
    }
}
