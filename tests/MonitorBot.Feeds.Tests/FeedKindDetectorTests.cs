using System.Text;
using MonitorBot.Core.Feeds;

namespace MonitorBot.Feeds.Tests;

public sealed class FeedKindDetectorTests
{
    [Theory]
    [InlineData("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel/></rss>", null, null, FeedKinds.Rss)]
    [InlineData("\uFEFF  <?xml version=\"1.0\"?>\n<!-- c --><rdf:RDF xmlns:rdf=\"x\"></rdf:RDF>", null, null, FeedKinds.Rss)]
    [InlineData("<feed xmlns=\"http://www.w3.org/2005/Atom\"><title>x</title></feed>", null, null, FeedKinds.Atom)]
    [InlineData("<!DOCTYPE html><html><body>challenge</body></html>", "text/html", null, null)]
    [InlineData("{\"articles\": [{\"url\":\"x\"}]}", null, null, FeedKinds.Gdelt)]
    [InlineData("{}", "application/json", "https://api.gdeltproject.org/api/v2/doc/doc?query=x", FeedKinds.Gdelt)]
    [InlineData("{\"elapsedTime\":\"0.03 secs\",\"count\":4,\"data\":[]}", null, null, FeedKinds.Comtrade)]
    [InlineData("{\"count\":0,\"data\":[]}", null, null, FeedKinds.Comtrade)]
    [InlineData("{\"chart\":{\"result\":[]}}", null, null, FeedKinds.Yahoo)]
    [InlineData("[{\"time\":\"2025-01-01\",\"value\":1}]", null, null, FeedKinds.JsonPrice)]
    [InlineData("{\"data\":{\"prices\":[]}}", null, null, FeedKinds.JsonPrice)]
    [InlineData("{\"query_details\":{},\"timeline\":[]}", null, null, FeedKinds.Gdelt)]
    [InlineData("{\"query_details\":{\"title\":\"x\"},\"timeline\":[{\"series\":\"Article Count\",\"data\":[{\"date\":\"20250101T000000Z\",\"value\":1,\"norm\":9}]}]}", null, null, FeedKinds.Gdelt)]
    [InlineData("[{\"reporterCode\":156,\"partnerCode\":104,\"cmdCode\":\"284690\"}]", null, null, FeedKinds.Comtrade)]
    [InlineData("{\"period\":\"202401\",\"reporterCode\":392,\"cmdCode\":\"090111\"}", null, null, FeedKinds.Comtrade)]
    [InlineData("Date,Open,High,Low,Close,Volume\r\n2025-01-01,1,1,1,1,1\r\n", null, null, FeedKinds.Csv)]
    [InlineData("timestamp,value\n1,2\n", null, null, FeedKinds.Csv)]
    [InlineData("series,time,value\ntb-oxide,2025-01-01,1\n", null, null, FeedKinds.Manual)]
    [InlineData("# quotes\ntb-oxide,2025-01-01,1\n", null, null, FeedKinds.Manual)]
    [InlineData("One or more of your keywords were too short", "text/html", null, FeedKinds.Gdelt)]
    [InlineData("Please limit requests to one every 5 seconds or contact us", null, null, FeedKinds.Gdelt)]
    [InlineData("%PDF-1.7\n%\u00e2\u00e3", null, "/data/prices.csv", null)]
    [InlineData("{\"source\":\"x\",\"rows\":[{\"period\":2023,\"cmdCode\":\"28469019\",\"partnerCode\":104}]}", null, null, FeedKinds.Comtrade)]
    [InlineData("", null, "/data/prices.csv", FeedKinds.Csv)]
    [InlineData("", null, null, null)]
    public void Detect_Table(string head, string? contentType, string? location, string? expected)
    {
        Assert.Equal(expected, FeedKindDetector.Detect(Encoding.UTF8.GetBytes(head), contentType, location));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("", true)]
    [InlineData(" AUTO ", true)]
    [InlineData("rss", false)]
    public void IsAuto_Cases(string? kind, bool expected) => Assert.Equal(expected, FeedKindDetector.IsAuto(kind));
}
