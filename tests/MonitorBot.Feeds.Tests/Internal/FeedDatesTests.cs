using System.Globalization;
using MonitorBot.Feeds.Internal;

namespace MonitorBot.Feeds.Tests.Internal;

public sealed class FeedDatesTests
{
    [Theory]
    [InlineData("Tue, 11 Aug 2026 21:28:35 +0000", "2026-08-11T21:28:35Z")]
    [InlineData("Thu, 13 Aug 2026 19:56:18 GMT", "2026-08-13T19:56:18Z")]
    [InlineData("13 Aug 2026 19:56 UT", "2026-08-13T19:56:00Z")]
    [InlineData("Thu, 27 Mar 2025 09:15:00 +0630", "2025-03-27T02:45:00Z")]
    [InlineData("Mon, 24 Mar 25 10:00:00 EST", "2025-03-24T15:00:00Z")]
    [InlineData("Mon, 24 Mar 2025 10:00:00 PDT", "2025-03-24T17:00:00Z")]
    [InlineData("Mon, 24 Mar 2025 10:00:00 +05:30", "2025-03-24T04:30:00Z")]
    [InlineData("Mon, 24 Mar 2025 10:00:00", "2025-03-24T10:00:00Z")]
    [InlineData("2026-08-12T23:59:23+00:00", "2026-08-12T23:59:23Z")]
    [InlineData("2025-03-24T08:00:00+08:00", "2025-03-24T00:00:00Z")]
    [InlineData("2025-03-24", "2025-03-24T00:00:00Z")]
    [InlineData("  Mon, 24 Mar 2025 10:00:00 Z  ", "2025-03-24T10:00:00Z")]
    public void ParseFeedDate_KnownForms(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), FeedDates.ParseFeedDate(text));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sometime last week")]
    [InlineData("Mon, 32 Mar 2025 10:00:00 GMT")]
    [InlineData("Mon, 24 Foo 2025 10:00:00 GMT")]
    [InlineData("Mon, 24 Mar 2025 10:00:00 XYZ")]
    [InlineData("Mon, 24 Mar 2025 25:00:00 GMT")]
    public void ParseFeedDate_Garbage_IsNull(string? text) => Assert.Null(FeedDates.ParseFeedDate(text));

    [Theory]
    [InlineData("1743033600", "2025-03-27T00:00:00Z")]
    [InlineData("1743033600000", "2025-03-27T00:00:00Z")]
    [InlineData("20250327", "2025-03-27T00:00:00Z")]
    [InlineData("2025-03-27", "2025-03-27T00:00:00Z")]
    [InlineData("2025-03-27 06:30", "2025-03-27T06:30:00Z")]
    [InlineData("2025-03-27T06:30:00+06:30", "2025-03-27T00:00:00Z")]
    public void ParsePriceTime_Forms(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), FeedDates.ParsePriceTime(text));
    }

    [Theory]
    [InlineData("N/D")]
    [InlineData("-5")]
    [InlineData("")]
    public void ParsePriceTime_Garbage_IsNull(string text) => Assert.Null(FeedDates.ParsePriceTime(text));
}

public sealed class HtmlTextTests
{
    [Theory]
    [InlineData("<p>Hello <b>Kachin</b></p><p>State</p>", "Hello Kachin State")]
    [InlineData("A&nbsp;&amp;&#160;B &lt; C", "A & B < C")]
    [InlineData("price < 5% <br/>today", "price < 5% today")]
    [InlineData("<style>p{}</style>text<script>alert(1)</script> more", "text more")]
    [InlineData("x<!-- hidden -->y", "x y")]
    [InlineData("&lt;p&gt;double escaped&lt;/p&gt;", "double escaped")]
    [InlineData("  many \r\n\t spaces  ", "many spaces")]
    [InlineData("unterminated <a href=", "unterminated")]
    [InlineData(null, "")]
    public void ToPlainText_Cases(string? html, string expected) => Assert.Equal(expected, HtmlText.ToPlainText(html));

    [Fact]
    public void ToPlainText_Long_TruncatesAtWordWithEllipsis()
    {
        var text = HtmlText.ToPlainText(string.Join(' ', Enumerable.Repeat("word", 100)), 50);

        Assert.True(text.Length <= 50);
        Assert.EndsWith("word…", text, StringComparison.Ordinal);
    }
}
