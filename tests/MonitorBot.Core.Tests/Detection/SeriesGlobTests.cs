using MonitorBot.Core.Detection;

namespace MonitorBot.Core.Tests.Detection;

public sealed class SeriesGlobTests
{
    [Theory]
    [InlineData("*-oxide", "tb-oxide", true)]
    [InlineData("*-oxide", "dy-oxide", true)]
    [InlineData("*-oxide", "tb-oxide-cif", false)]
    [InlineData("tb-*", "tb-oxide", true)]
    [InlineData("tb-*", "dy-oxide", false)]
    [InlineData("TB-*", "tb-oxide", true)]
    [InlineData("remx,mp,lyc*", "mp", true)]
    [InlineData("remx,mp,lyc*", "mp-materials", false)]
    [InlineData("remx|mp|lyc*|600111*", "lyc.ax", true)]
    [InlineData("remx|mp|lyc*|600111*", "600111.ss", true)]
    [InlineData("remx | mp", "remx", true)]
    [InlineData("t?-oxide", "tb-oxide", true)]
    [InlineData("t?-oxide", "t-oxide", false)]
    [InlineData("*", "anything", true)]
    [InlineData("a*b*c", "aXXbYYc", true)]
    [InlineData("a*b*c", "aXXbYY", false)]
    [InlineData("", "tb-oxide", false)]
    [InlineData(" , ", "tb-oxide", false)]
    public void IsMatch_Pattern_MatchesWholeId(string pattern, string seriesId, bool expected) =>
        Assert.Equal(expected, SeriesGlob.IsMatch(pattern, seriesId));
}
