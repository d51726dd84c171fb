using System.Globalization;
using System.Text;
using MonitorBot.Feeds.Rss;

namespace MonitorBot.Feeds.Tests.Rss;

/// <summary>
/// Issue 12: small feeds as the wild writes them, one quirk per row, each asserting the first item's title, link, id,
/// date and summary. "fetch" as a date means the item had none usable and took the fetch time; "hash" as an id means the
/// key fell back to the hash of title, description and date text. Hosts are example.org placeholders, never contacted.
/// </summary>
public sealed class WildFeedTests
{
    public const string FeedUrl = "https://example.org/news/feed.xml";
    private const string Fetch = "fetch";
    private const string Hash = "hash";

    static WildFeedTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private static string Rss(string items, string version = "2.0") =>
        $"""<?xml version="1.0" encoding="utf-8"?><rss version="{version}" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom"><channel><title>Kachin Wire</title><link>https://example.org/</link><description>d</description>{items}</channel></rss>""";

    private static string Atom(string entries, string feedAttributes = "") =>
        $"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"{feedAttributes}><title>Kachin Atom</title><id>tag:example.org,2025:feed</id>{entries}</feed>""";

    private static string Atom03(string entries) =>
        $"""<?xml version="1.0" encoding="utf-8"?><feed version="0.3" xmlns="http://purl.org/atom/ns#"><title>Old Atom</title>{entries}</feed>""";

    private static string Dated(string date) => Rss($"<item><title>Dated</title><link>https://example.org/d</link><pubDate>{date}</pubDate></item>");

    private static string DcDated(string date) => Rss($"<item><title>Dated</title><link>https://example.org/d</link><dc:date>{date}</dc:date></item>");

    private static object?[] Row(string name, string feed, string title, string? link, string id, string date, string? summary,
        string? encodeAs = null, string? contentType = null) => [name, feed, encodeAs, contentType, title, link, id, date, summary];

    public static IEnumerable<object?[]> Cases()
    {
        // --- RSS 2.0, ordinary and minimal items
        yield return Row("rss20 full item", Rss("<item><title>KIA takes Chipwe</title><link>https://example.org/a1</link><guid>https://example.org/a1</guid><pubDate>Mon, 24 Mar 2025 10:00:00 +0000</pubDate><description>Mines change hands.</description></item>"),
            "KIA takes Chipwe", "https://example.org/a1", "https://example.org/a1", "2025-03-24T10:00:00Z", "Mines change hands.");
        yield return Row("rss20 guid not a permalink is the id", Rss("<item><title>Tax on miners</title><link>https://example.org/a2</link><guid isPermaLink=\"false\">kng-1001</guid></item>"),
            "Tax on miners", "https://example.org/a2", "kng-1001", Fetch, null);
        yield return Row("rss title only", Rss("<item><title>Bhamo offensive resumes</title></item>"),
            "Bhamo offensive resumes", null, Hash, Fetch, null);
        yield return Row("rss guid only", Rss("<item><guid isPermaLink=\"false\">tag:example.org,2025:42</guid></item>"),
            RssFeedParser.UntitledTitle, null, "tag:example.org,2025:42", Fetch, null);
        yield return Row("rss description only", Rss("<item><description>Terbium oxide rose to 6,550 yuan/kg.</description></item>"),
            "Terbium oxide rose to 6,550 yuan/kg.", null, Hash, Fetch, "Terbium oxide rose to 6,550 yuan/kg.");
        yield return Row("rss link only", Rss("<item><link>https://example.org/only-link</link></item>"),
            "https://example.org/only-link", "https://example.org/only-link", "https://example.org/only-link", Fetch, null);
        yield return Row("rss permalink guid stands in for the link", Rss("<item><guid>https://example.org/p/7</guid></item>"),
            "https://example.org/p/7", "https://example.org/p/7", "https://example.org/p/7", Fetch, null);
        yield return Row("rss content:encoded preferred to description", Rss("<item><title>T</title><link>https://example.org/c</link><description>Teaser</description><content:encoded><![CDATA[<p>Full <b>story</b></p>]]></content:encoded></item>"),
            "T", "https://example.org/c", "https://example.org/c", Fetch, "Full story");
        yield return Row("rss escaped html description", Rss("<item><title>T</title><link>https://example.org/e</link><description>&lt;p&gt;Dysprosium &amp;amp; terbium&lt;/p&gt;</description></item>"),
            "T", "https://example.org/e", "https://example.org/e", Fetch, "Dysprosium & terbium");
        yield return Row("rss cdata description", Rss("<item><title>T</title><link>https://example.org/cd</link><description><![CDATA[<p>Border <i>closed</i> at Kanpaikti</p>]]></description></item>"),
            "T", "https://example.org/cd", "https://example.org/cd", Fetch, "Border closed at Kanpaikti");
        yield return Row("rss title entity", Rss("<item><title>Lynas &amp; MP Materials</title><link>https://example.org/t</link></item>"),
            "Lynas & MP Materials", "https://example.org/t", "https://example.org/t", Fetch, null);
        yield return Row("rss title double escaped", Rss("<item><title>Rare earths &amp;amp; magnets</title><link>https://example.org/t2</link></item>"),
            "Rare earths & magnets", "https://example.org/t2", "https://example.org/t2", Fetch, null);
        yield return Row("rss whitespace title falls back to description", Rss("<item><title>   </title><description>Ceasefire talks in Kunming</description><link>https://example.org/w</link></item>"),
            "Ceasefire talks in Kunming", "https://example.org/w", "https://example.org/w", Fetch, "Ceasefire talks in Kunming");
        yield return Row("rss source outlet suffix stripped", Rss("<item><title>Ultimatum on Bhamo - Irrawaddy Desk</title><link>https://example.org/g</link><source url=\"https://example.org/\">Irrawaddy Desk</source></item>"),
            "Ultimatum on Bhamo", "https://example.org/g", "https://example.org/g", Fetch, null);
        yield return Row("rss two links: the first wins", Rss("<item><title>T</title><link>https://example.org/first</link><link>https://example.org/second</link></item>"),
            "T", "https://example.org/first", "https://example.org/first", Fetch, null);
        yield return Row("rss atom:link inside an item", Rss("<item><title>T</title><atom:link rel=\"alternate\" href=\"https://example.org/atomlink\"/></item>"),
            "T", "https://example.org/atomlink", "https://example.org/atomlink", Fetch, null);
        yield return Row("rss dc:identifier as id", Rss("<item><title>T</title><dc:identifier>doi:10.0000/kachin</dc:identifier></item>"),
            "T", null, "doi:10.0000/kachin", Fetch, null);

        // --- links: relative, schemes
        yield return Row("rss relative link resolved against the feed url", Rss("<item><title>T</title><link>2025/03/bhamo</link></item>"),
            "T", "https://example.org/news/2025/03/bhamo", "https://example.org/news/2025/03/bhamo", Fetch, null);
        yield return Row("rss root-relative link", Rss("<item><title>T</title><link>/2025/03/bhamo</link></item>"),
            "T", "https://example.org/2025/03/bhamo", "https://example.org/2025/03/bhamo", Fetch, null);
        yield return Row("rss protocol-relative link", Rss("<item><title>T</title><link>//example.org/pr</link></item>"),
            "T", "https://example.org/pr", "https://example.org/pr", Fetch, null);
        yield return Row("rss javascript link dropped", Rss("<item><title>Click</title><link>javascript:alert(1)</link></item>"),
            "Click", null, Hash, Fetch, null);
        yield return Row("rss data link dropped", Rss("<item><title>Data</title><link>data:text/html;base64,PHNjcmlwdD4=</link></item>"),
            "Data", null, Hash, Fetch, null);
        yield return Row("rss mailto link dropped", Rss("<item><title>Mail</title><link>mailto:desk@example.org</link></item>"),
            "Mail", null, Hash, Fetch, null);
        yield return Row("rss link with surrounding whitespace", Rss("<item><title>T</title><link>\n   https://example.org/ws  \n</link></item>"),
            "T", "https://example.org/ws", "https://example.org/ws", Fetch, null);
        yield return Row("rss link with an escaped query", Rss("<item><title>T</title><link>https://example.org/q?a=1&amp;b=2</link></item>"),
            "T", "https://example.org/q?a=1&b=2", "https://example.org/q?a=1&b=2", Fetch, null);

        // --- dates
        yield return Row("date rfc822", Dated("Mon, 24 Mar 2025 10:00:00 +0000"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date missing seconds", Dated("Mon, 24 Mar 2025 10:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date two-digit year", Dated("24 Mar 25 10:00:00 +0630"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T03:30:00Z", null);
        yield return Row("date named zone EST", Dated("Mon, 24 Mar 2025 10:00:00 EST"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T15:00:00Z", null);
        yield return Row("date named zone MMT", Dated("Mon, 24 Mar 2025 16:30:00 MMT"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date GMT+8", Dated("Mon, 24 Mar 2025 18:00:00 GMT+8"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date GMT+08:00", Dated("Mon, 24 Mar 2025 18:00:00 GMT+08:00"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date UTC+0630", Dated("Mon, 24 Mar 2025 16:30:00 UTC+0630"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date GMT then offset", Dated("Mon, 24 Mar 2025 18:00:00 GMT +0800"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date offset with zone comment", Dated("Mon, 24 Mar 2025 18:00:00 +0800 (CST)"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date full day and month names", Dated("Monday, 24 March 2025 10:00:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date wrong weekday does not move the day", Dated("Fri, 24 Mar 2025 10:00:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date without time", Dated("24 Mar 2025"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T00:00:00Z", null);
        yield return Row("date month first", Dated("Mar 24 2025 10:00:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date lower case", Dated("24 mar 2025 10:00:00 gmt"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date iso in pubDate", Dated("2025-03-24T10:00:00Z"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date iso with offset", DcDated("2025-03-24T08:00:00+08:00"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T00:00:00Z", null);
        yield return Row("date iso space and no seconds", DcDated("2025-03-24 10:00"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date iso compact offset", DcDated("2025-03-24T18:00:00+0800"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date iso nine fraction digits", DcDated("2025-03-24T10:00:00.123456789Z"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00.1234567Z", null);
        yield return Row("date iso basic format", DcDated("20250324T100000Z"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T10:00:00Z", null);
        yield return Row("date iso date only", DcDated("2025-03-24"), "Dated", "https://example.org/d", "https://example.org/d", "2025-03-24T00:00:00Z", null);
        yield return Row("date ambiguous slashes not guessed", Dated("03/04/2025"), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);
        yield return Row("date garbage", Dated("yesterday evening"), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);
        yield return Row("date year 0001", Dated("Mon, 01 Jan 0001 00:00:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);
        yield return Row("date far future", Dated("Tue, 01 Jan 2999 00:00:00 GMT"), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);
        yield return Row("date unknown zone", Dated("Mon, 24 Mar 2025 10:00:00 XYZ"), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);
        yield return Row("date empty", Dated(""), "Dated", "https://example.org/d", "https://example.org/d", Fetch, null);

        // --- RSS 0.90, 0.91, 0.92, 1.0
        yield return Row("rss 0.91 netscape doctype with html entities",
            """<?xml version="1.0" encoding="ISO-8859-1"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><link>https://example.org/</link><description>d</description><language>en</language><item><title>Caf&eacute; talks&nbsp;resume</title><link>https://example.org/091</link><description>Peace&nbsp;talks in Myitkyina</description></item></channel></rss>""",
            "Café talks resume", "https://example.org/091", "https://example.org/091", Fetch, "Peace talks in Myitkyina");
        yield return Row("rss 0.92 description without title", Rss("<item><description>Only the &lt;b&gt;text&lt;/b&gt;</description><link>https://example.org/092</link></item>", "0.92"),
            "Only the text", "https://example.org/092", "https://example.org/092", Fetch, "Only the text");
        yield return Row("rss 0.90 items beside the channel",
            """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://my.netscape.com/rdf/simple/0.9/"><channel><title>Ninety</title><link>https://example.org/</link><description>x</description></channel><item><title>Pangwa convoy</title><link>https://example.org/090</link></item></rdf:RDF>""",
            "Pangwa convoy", "https://example.org/090", "https://example.org/090", Fetch, null);
        yield return Row("rss 1.0 rdf:about is the id",
            """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel rdf:about="https://example.org/"><title>RDF</title><link>https://example.org/</link><description>x</description></channel><item rdf:about="https://example.org/r1"><title>Lashio checkpoint</title><link>https://example.org/r1?utm=rss</link><dc:date>2025-03-24T10:00:00Z</dc:date><description>Trucks wait.</description></item></rdf:RDF>""",
            "Lashio checkpoint", "https://example.org/r1?utm=rss", "https://example.org/r1", "2025-03-24T10:00:00Z", "Trucks wait.");
        yield return Row("rss 1.0 item with only rdf:about",
            """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"><channel rdf:about="https://example.org/"><title>RDF</title></channel><item rdf:about="urn:kachin:item:9"><description>About only</description></item></rdf:RDF>""",
            "About only", null, "urn:kachin:item:9", Fetch, "About only");
        yield return Row("rss 1.0 content:encoded",
            """<?xml version="1.0"?><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><item rdf:about="https://example.org/r2"><title>R2</title><link>https://example.org/r2</link><content:encoded>&lt;p&gt;Encoded body&lt;/p&gt;</content:encoded></item></rdf:RDF>""",
            "R2", "https://example.org/r2", "https://example.org/r2", Fetch, "Encoded body");

        // --- Atom 1.0: RFC 4287 links, xml:base, text constructs
        yield return Row("atom entry", Atom("<entry><title>Muse gate reopens</title><link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/at1\"/><id>tag:example.org,2025:at1</id><published>2025-03-24T10:00:00Z</published><updated>2025-03-25T10:00:00Z</updated><summary>Trade resumes.</summary></entry>"),
            "Muse gate reopens", "https://example.org/at1", "tag:example.org,2025:at1", "2025-03-24T10:00:00Z", "Trade resumes.");
        yield return Row("atom updated only", Atom("<entry><title>U</title><id>urn:u</id><updated>2025-03-25T10:00:00Z</updated></entry>"),
            "U", null, "urn:u", "2025-03-25T10:00:00Z", null);
        yield return Row("atom link without rel", Atom("<entry><title>N</title><id>urn:n</id><link href=\"https://example.org/norel\"/></entry>"),
            "N", "https://example.org/norel", "urn:n", Fetch, null);
        yield return Row("atom link without href ignored", Atom("<entry><title>H</title><id>urn:h</id><link rel=\"alternate\">https://example.org/text</link></entry>"),
            "H", null, "urn:h", Fetch, null);
        yield return Row("atom enclosure before alternate", Atom("<entry><title>E</title><id>urn:e</id><link rel=\"enclosure\" href=\"https://example.org/a.mp3\"/><link rel=\"alternate\" href=\"https://example.org/page\"/></entry>"),
            "E", "https://example.org/page", "urn:e", Fetch, null);
        yield return Row("atom only enclosure, self and related links", Atom("<entry><title>S</title><id>urn:s</id><link rel=\"self\" href=\"https://example.org/self\"/><link rel=\"enclosure\" href=\"https://example.org/a.mp3\"/><link rel=\"related\" href=\"https://example.org/rel\"/></entry>"),
            "S", null, "urn:s", Fetch, null);
        yield return Row("atom iana alternate relation uri", Atom("<entry><title>I</title><id>urn:i</id><link rel=\"http://www.iana.org/assignments/relation/alternate\" href=\"https://example.org/iana\"/></entry>"),
            "I", "https://example.org/iana", "urn:i", Fetch, null);
        yield return Row("atom entry with only an id", Atom("<entry><id>tag:example.org,2025:only-id</id></entry>"),
            RssFeedParser.UntitledTitle, null, "tag:example.org,2025:only-id", Fetch, null);
        yield return Row("atom relative href against the feed url", Atom("<entry><title>R</title><id>urn:r</id><link href=\"2025/item\"/></entry>"),
            "R", "https://example.org/news/2025/item", "urn:r", Fetch, null);
        yield return Row("atom xml:base on the feed", Atom("<entry><title>B</title><id>urn:b</id><link href=\"story/1\"/></entry>", " xml:base=\"https://example.org/base/\""),
            "B", "https://example.org/base/story/1", "urn:b", Fetch, null);
        yield return Row("atom relative xml:base on the entry", Atom("<entry xml:base=\"b/\"><title>B2</title><id>urn:b2</id><link href=\"c\"/></entry>", " xml:base=\"https://example.org/a/\""),
            "B2", "https://example.org/a/b/c", "urn:b2", Fetch, null);
        yield return Row("atom xml:base on the link", Atom("<entry><title>B3</title><id>urn:b3</id><link xml:base=\"https://example.org/l/\" href=\"x\"/></entry>"),
            "B3", "https://example.org/l/x", "urn:b3", Fetch, null);
        yield return Row("atom javascript href dropped", Atom("<entry><title>J</title><id>urn:j</id><link href=\"javascript:void(0)\"/></entry>"),
            "J", null, "urn:j", Fetch, null);
        yield return Row("atom html text constructs", Atom("<entry><title type=\"html\">Tb &lt;b&gt;up&lt;/b&gt;</title><id>urn:th</id><summary type=\"html\">&lt;p&gt;Dy &amp;amp; Tb&lt;/p&gt;</summary></entry>"),
            "Tb up", null, "urn:th", Fetch, "Dy & Tb");
        yield return Row("atom text constructs keep markup-like text", Atom("<entry><title type=\"text\">&lt;5% of output</title><id>urn:tt</id><summary>a &lt;b&gt; tag &amp;amp; more</summary></entry>"),
            "<5% of output", null, "urn:tt", Fetch, "a <b> tag &amp; more");
        yield return Row("atom xhtml text construct", Atom("<entry><title type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\">Kachin <em>State</em></div></title><id>urn:x</id><summary type=\"xhtml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Kachin</p><p>State</p></div></summary></entry>"),
            "Kachin State", null, "urn:x", Fetch, "Kachin State");
        yield return Row("atom content when no summary", Atom("<entry><title>C</title><id>urn:c</id><content type=\"html\">&lt;p&gt;Body &lt;i&gt;text&lt;/i&gt;&lt;/p&gt;</content></entry>"),
            "C", null, "urn:c", Fetch, "Body text");
        yield return Row("atom escaped href", Atom("<entry><title>Q</title><id>urn:q</id><link href=\"https://example.org/?a=1&amp;b=2\"/></entry>"),
            "Q", "https://example.org/?a=1&b=2", "urn:q", Fetch, null);

        // --- Atom 0.3
        yield return Row("atom 0.3 entry", Atom03("<entry><title>Lashio market</title><link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/03\"/><id>tag:example.org,2004:03</id><issued>2004-12-01T10:00:00Z</issued><modified>2004-12-02T10:00:00Z</modified><summary>Plain summary</summary></entry>"),
            "Lashio market", "https://example.org/03", "tag:example.org,2004:03", "2004-12-01T10:00:00Z", "Plain summary");
        yield return Row("atom 0.3 escaped html content", Atom03("<entry><title>Esc</title><id>urn:03e</id><content type=\"text/html\" mode=\"escaped\">&lt;p&gt;Escaped &lt;b&gt;html&lt;/b&gt;&lt;/p&gt;</content></entry>"),
            "Esc", null, "urn:03e", Fetch, "Escaped html");
        yield return Row("atom 0.3 base64 content", Atom03("<entry><title>B64</title><id>urn:03b</id><content type=\"text/plain\" mode=\"base64\">TXVzZSBjcm9zc2luZyByZW9wZW5lZA==</content></entry>"),
            "B64", null, "urn:03b", Fetch, "Muse crossing reopened");
        yield return Row("atom 0.3 inline xhtml content", Atom03("<entry><title>X</title><id>urn:03x</id><content type=\"application/xhtml+xml\"><div xmlns=\"http://www.w3.org/1999/xhtml\"><p>Inline</p><p>markup</p></div></content></entry>"),
            "X", null, "urn:03x", Fetch, "Inline markup");
        yield return Row("atom 0.3 created date only", Atom03("<entry><title>Cr</title><id>urn:03c</id><created>2004-12-01T08:00:00+08:00</created></entry>"),
            "Cr", null, "urn:03c", "2004-12-01T00:00:00Z", null);

        // --- DOCTYPE and entities
        yield return Row("doctype with a harmless internal entity", """<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY region "Kachin State">]><rss version="2.0"><channel><title>W</title><item><title>News from &region;</title><link>https://example.org/ent</link></item></channel></rss>""",
            "News from Kachin State", "https://example.org/ent", "https://example.org/ent", Fetch, null);
        yield return Row("html named entities without a doctype", Rss("<item><title>Dy&mdash;Tb&hellip; &copy; 2025</title><link>https://example.org/he</link><description>&ldquo;Quoted&rdquo; &euro;5</description></item>"),
            "Dy—Tb… © 2025", "https://example.org/he", "https://example.org/he", Fetch, "“Quoted” €5");
        yield return Row("entities in cdata left for the html decoder", Rss("<item><title>T</title><link>https://example.org/cde</link><description><![CDATA[A&nbsp;B &amp; C]]></description></item>"),
            "T", "https://example.org/cde", "https://example.org/cde", Fetch, "A B & C");
        yield return Row("numeric character references", Rss("<item><title>Dy&#8212;Tb&#x2014;Ho</title><link>https://example.org/num</link></item>"),
            "Dy—Tb—Ho", "https://example.org/num", "https://example.org/num", Fetch, null);
        yield return Row("xhtml doctype on an rss feed", """<?xml version="1.0"?><!DOCTYPE rss SYSTEM "http://example.org/never-fetched.dtd"><rss version="2.0"><channel><title>W</title><item><title>Sys&nbsp;DTD</title><link>https://example.org/sys</link></item></channel></rss>""",
            "Sys DTD", "https://example.org/sys", "https://example.org/sys", Fetch, null);

        // --- encodings: BOM, HTTP charset, XML declaration
        yield return Row("windows-1252 declared", """<?xml version="1.0" encoding="windows-1252"?><rss version="2.0"><channel><title>W</title><item><title>Café “quoted” – dash</title><link>https://example.org/1252</link></item></channel></rss>""",
            "Café “quoted” – dash", "https://example.org/1252", "https://example.org/1252", Fetch, null, encodeAs: "windows-1252");
        yield return Row("iso-8859-1 declared but windows-1252 quotes", """<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>W</title><item><title>“Smart” quotes</title><link>https://example.org/8859</link></item></channel></rss>""",
            "“Smart” quotes", "https://example.org/8859", "https://example.org/8859", Fetch, null, encodeAs: "windows-1252");
        yield return Row("gb2312 declared", """<?xml version="1.0" encoding="gb2312"?><rss version="2.0"><channel><title>W</title><item><title>缅甸稀土进口下降</title><link>https://example.org/gb2312</link></item></channel></rss>""",
            "缅甸稀土进口下降", "https://example.org/gb2312", "https://example.org/gb2312", Fetch, null, encodeAs: "gb18030");
        yield return Row("gbk declared", """<?xml version="1.0" encoding="GBK"?><rss version="2.0"><channel><title>W</title><item><title>克钦独立军与八莫</title><link>https://example.org/gbk</link><description>稀土矿区</description></item></channel></rss>""",
            "克钦独立军与八莫", "https://example.org/gbk", "https://example.org/gbk", Fetch, "稀土矿区", encodeAs: "gb18030");
        yield return Row("gb18030 declared", """<?xml version="1.0" encoding="GB18030"?><rss version="2.0"><channel><title>W</title><item><title>镝与铽价格</title><link>https://example.org/gb18030</link></item></channel></rss>""",
            "镝与铽价格", "https://example.org/gb18030", "https://example.org/gb18030", Fetch, null, encodeAs: "gb18030");
        yield return Row("big5 declared", """<?xml version="1.0" encoding="big5"?><rss version="2.0"><channel><title>W</title><item><title>克欽邦稀土</title><link>https://example.org/big5</link></item></channel></rss>""",
            "克欽邦稀土", "https://example.org/big5", "https://example.org/big5", Fetch, null, encodeAs: "big5");
        yield return Row("http charset wins over the xml declaration", """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title><item><title>缅甸边境</title><link>https://example.org/http</link></item></channel></rss>""",
            "缅甸边境", "https://example.org/http", "https://example.org/http", Fetch, null, encodeAs: "gb18030", contentType: "application/rss+xml; charset=GB2312");
        yield return Row("bom wins over the http charset", """<?xml version="1.0"?><rss version="2.0"><channel><title>W</title><item><title>Myitkyina – update</title><link>https://example.org/bom</link></item></channel></rss>""",
            "Myitkyina – update", "https://example.org/bom", "https://example.org/bom", Fetch, null, encodeAs: "utf-8-bom", contentType: "text/xml; charset=windows-1252");
        yield return Row("utf-16 with bom", """<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>W</title><item><title>Tatmadaw – KIA</title><link>https://example.org/u16</link></item></channel></rss>""",
            "Tatmadaw – KIA", "https://example.org/u16", "https://example.org/u16", Fetch, null, encodeAs: "utf-16");
        yield return Row("invalid utf-8 bytes replaced", """<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>W</title><item><title>Bad#BAD#byte</title><link>https://example.org/bad</link></item></channel></rss>""",
            "Bad\uFFFDbyte", "https://example.org/bad", "https://example.org/bad", Fetch, null, encodeAs: "utf-8-broken");
        yield return Row("utf-8 without declaration or charset", """<rss version="2.0"><channel><title>W</title><item><title>Chipwe–Pangwa belt</title><link>https://example.org/u8</link></item></channel></rss>""",
            "Chipwe–Pangwa belt", "https://example.org/u8", "https://example.org/u8", Fetch, null);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Parse_WildFeed_ReadsFirstItem(string name, string feed, string? encodeAs, string? contentType,
        string title, string? link, string id, string date, string? summary)
    {
        var result = Parse(feed, encodeAs, contentType);

        Assert.True(result.Items.Count >= 1, name);
        var item = result.Items[0];
        Assert.Equal(title, item.Title);
        Assert.Equal(link, item.Link);
        if (id == Hash) Assert.Matches("^sha256:[0-9a-f]{16}$", item.Guid);
        else Assert.Equal(id, item.Guid);
        var expectedDate = date == Fetch ? TestFeeds.FetchedAt : DateTimeOffset.Parse(date, CultureInfo.InvariantCulture);
        Assert.Equal(expectedDate, item.Published);
        Assert.Equal(date == Fetch ? result.Items.Count : 0, result.UndatedItems);
        Assert.Equal(summary, item.Summary);
        Assert.Equal(0, result.SkippedRows);
    }

    [Fact]
    public void Cases_AreAtLeastEighty() => Assert.True(Cases().Count() >= 80);

    [Fact]
    public void Parse_ItemsWithoutGuidOrLink_KeyIsStableAndDistinct()
    {
        var feed = Rss("<item><title>Same</title><pubDate>Mon, 24 Mar 2025 10:00:00 GMT</pubDate></item><item><title>Same</title><pubDate>Tue, 25 Mar 2025 10:00:00 GMT</pubDate></item>");

        var first = Parse(feed, null, null).Items;
        var again = Parse(feed, null, null).Items;

        Assert.NotEqual(first[0].Guid, first[1].Guid);
        Assert.Equal(first[0].Guid, again[0].Guid);
    }

    [Theory]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;">]><rss><channel><title>&lol2;</title></channel></rss>""", "entity-expansion attack")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss version="2.0"><channel><title>&xxe;</title></channel></rss>""", "external entity")]
    [InlineData("""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY % pe SYSTEM "http://127.0.0.1:9/x.dtd"> %pe;]><rss version="2.0"><channel/></rss>""", "parameter entity")]
    public void Parse_EntityAttack_RefusedWithReason(string xml, string reason)
    {
        var ex = Assert.Throws<FeedParseException>(() => Parse(xml, null, null));

        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_LargeInternalEntity_RefusedBeyondTheBound()
    {
        var big = new string('x', RssFeedParser.MaxCharactersFromEntities / 2);
        var xml = $"""<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY big "{big}">]><rss version="2.0"><channel><title>&big;&big;&big;</title></channel></rss>""";

        var ex = Assert.Throws<FeedParseException>(() => Parse(xml, null, null));

        Assert.Contains("entity-expansion attack", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""<!DOCTYPE html><html><head><link rel="alternate" type="application/rss+xml" title="News" href="/feed/"></head><body>Hi</body></html>""", "this is an HTML page, not a feed; it links to a feed at https://example.org/feed/")]
    [InlineData("""<html><head><link href='https://example.org/atom.xml' type='application/atom+xml' rel='alternate'></head></html>""", "this is an HTML page, not a feed; it links to a feed at https://example.org/atom.xml")]
    [InlineData("""<!doctype html><html><head><link rel="stylesheet" href="/s.css"></head><body>Just a moment</body></html>""", "this is an HTML page, not a feed")]
    public void Parse_HtmlPage_SaysSoAndNamesTheAdvertisedFeed(string html, string expected)
    {
        var ex = Assert.Throws<FeedParseException>(() => Parse(html, null, null));

        Assert.EndsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BinaryContent_SaysBinary()
    {
        byte[] pdf = [.. "%PDF-1.7\n"u8, 0x00, 0xE2, 0xE3, 0xCF, 0xD3];
        using var stream = new MemoryStream(pdf);

        var ex = Assert.Throws<FeedParseException>(() => new RssFeedParser().Parse(stream, Context(null)));

        Assert.Contains("binary content, not a feed (a PDF file)", ex.Message, StringComparison.Ordinal);
    }

    internal static byte[] Encode(string feed, string? encodeAs) => encodeAs switch
    {
        null or "utf-8" => Encoding.UTF8.GetBytes(feed),
        "utf-8-bom" => [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(feed)],
        "utf-16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(feed)],
        "utf-8-broken" => Encoding.UTF8.GetBytes(feed).AsSpan().ToArray() is var bytes ? ReplaceMarker(bytes) : [],
        _ => Encoding.GetEncoding(encodeAs).GetBytes(feed),
    };

    private static byte[] ReplaceMarker(byte[] bytes)
    {
        var marker = "#BAD#"u8;
        var at = bytes.AsSpan().IndexOf(marker);
        return [.. bytes.AsSpan(0, at), 0xFF, .. bytes.AsSpan(at + marker.Length)];
    }

    private static FeedParseContext Context(string? contentType) =>
        new(TestFeeds.Source("wild", configure: s => s.Url = FeedUrl), TestFeeds.FetchedAt) { ContentType = contentType };

    private static FeedParseResult Parse(string feed, string? encodeAs, string? contentType)
    {
        using var stream = new MemoryStream(Encode(feed, encodeAs));
        return new RssFeedParser().Parse(stream, Context(contentType));
    }
}
