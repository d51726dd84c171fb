using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;

namespace MonitorBot.Worker.Tests.Configuration;

/// <summary>Issue 10 point 3: `config show` never prints a password held in a URL's user-info.</summary>
public sealed class ConfigInspectorUrlRedactionTests
{
    [Theory]
    [InlineData("Feeds:Sources:0:Url", "http://u:secret@host.example/feed.xml", "http://••••@host.example/feed.xml")]
    [InlineData("Feeds:Sources:0:Url", "https://u:secret@host.example/f?apikey=K&x=1", "https://••••@host.example/f?apikey=••••&x=1")]
    [InlineData("Feeds:Sources:0:Url", "https://host.example/f", "https://host.example/f")]
    // Issue 11: URL templates are shown as written, not escaped (%7Byyyymm-1%7D)
    [InlineData("Feeds:Sources:0:Url", "https://host.example/preview?period={yyyymm-1},{yyyymm-13}&subscription-key=K", "https://host.example/preview?period={yyyymm-1},{yyyymm-13}&subscription-key=••••")]
    public void Mask_UrlWithUserInfo_HidesPassword(string key, string value, string expected) =>
        Assert.Equal(expected, ConfigInspector.Mask(key, value));
}
