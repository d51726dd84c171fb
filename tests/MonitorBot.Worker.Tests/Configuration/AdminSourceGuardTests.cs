using Microsoft.Extensions.Configuration;
using MonitorBot.Feeds;
using MonitorBot.Application.Administration;
using MonitorBot.Worker.Configuration;

namespace MonitorBot.Worker.Tests.Configuration;

/// <summary>Issue 10: a source in the admin layer (Discord, /config import, CLI) is always fetched through the guarded client.</summary>
public sealed class AdminSourceGuardTests
{
    [Theory]
    // PublicOnly as the admin layer carries it (null: absent, as in a hand-written import), AllowPrivateAddresses in the file, expected
    [InlineData(null, false, true)]
    [InlineData("false", false, true)]
    [InlineData("true", false, true)]
    [InlineData("false", true, true)] // even where the file allows private addresses: the guarded client applies that flag itself
    public void PostConfigure_AdminSource_AlwaysThroughTheGuardedClient(string? publicOnly, bool allowPrivate, bool expected)
    {
        var keys = new Dictionary<string, string?>
        {
            ["Feeds:AdminSources:imported:Kind"] = "rss",
            ["Feeds:AdminSources:imported:Url"] = "https://feeds.invalid/rss",
            ["Feeds:AdminSources:imported:Interval"] = "00:10:00",
        };
        if (publicOnly is not null) keys["Feeds:AdminSources:imported:PublicOnly"] = publicOnly;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(keys).Build();
        var options = new FeedsOptions { AllowPrivateAddresses = allowPrivate };
        options.Sources.Add(new FeedSourceOptions { Id = "file-source", Kind = "rss", Url = "https://feeds.invalid/file" });

        new AdminFeedsPostConfigure(configuration).PostConfigure(null, options);

        Assert.Equal(expected, options.Sources.Single(s => s.Id == "imported").PublicOnly);
        Assert.False(options.Sources.Single(s => s.Id == "file-source").PublicOnly); // the file's own sources are the operator's
    }
}
