using System.Net;
using System.Net.Sockets;
using MonitorBot.Feeds.Safety;

namespace MonitorBot.Feeds.Tests.Safety;

public sealed class FeedUrlGuardTests
{
    /// <summary>A fake DNS: a few names with fixed answers; anything else is "host not found".</summary>
    private static readonly Dictionary<string, string[]> Zone = new(StringComparer.OrdinalIgnoreCase)
    {
        ["feeds.example.org"] = ["93.184.216.34"],
        ["dual.example.org"] = ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"],
        ["intranet-feed.example.org"] = ["10.0.0.5"],
        ["mixed.example.org"] = ["93.184.216.34", "192.168.1.20"],
        ["rebind.example.org"] = ["169.254.169.254"],
        ["v6private.example.org"] = ["fd12:3456::1"],
        ["mapped.example.org"] = ["::ffff:127.0.0.1"],
        ["localhost"] = ["127.0.0.1"],
        ["metadata.google.internal"] = ["169.254.169.254"],
        ["empty.example.org"] = [],
    };

    private readonly List<string> _lookups = [];

    private FeedUrlGuard Guard() => new((host, _) =>
    {
        _lookups.Add(host);
        return Zone.TryGetValue(host, out var answers)
            ? Task.FromResult(answers.Select(IPAddress.Parse).ToArray())
            : Task.FromException<IPAddress[]>(new SocketException((int)SocketError.HostNotFound));
    });

    [Theory]
    // public
    [InlineData("https://feeds.example.org/rss.xml", true, null)]
    [InlineData("http://feeds.example.org:8080/feed?x=1", true, null)]
    [InlineData("HTTPS://FEEDS.EXAMPLE.ORG/feed", true, null)]
    [InlineData("https://dual.example.org/", true, null)]
    [InlineData("http://93.184.216.34/feed", true, null)]
    [InlineData("http://[2606:2800:220:1:248:1893:25c8:1946]/feed", true, null)]
    [InlineData("http://8.8.8.8/", true, null)]
    [InlineData("http://100.63.255.255/", true, null)]
    [InlineData("http://100.128.0.1/", true, null)]
    [InlineData("http://172.15.255.255/", true, null)]
    [InlineData("http://172.32.0.1/", true, null)]
    [InlineData("http://[64:ff9b::808:808]/", true, null)]
    // IPv4 literals
    [InlineData("http://127.0.0.1/", false, "host 127.0.0.1 is a loopback address (set Feeds:AllowPrivateAddresses to allow it)")]
    [InlineData("http://127.255.255.254:8080/", false, "host 127.255.255.254 is a loopback address")]
    [InlineData("http://10.0.0.5/feed", false, "host 10.0.0.5 is a private address (set Feeds:AllowPrivateAddresses to allow it)")]
    [InlineData("http://172.16.0.1/", false, "host 172.16.0.1 is a private address")]
    [InlineData("http://172.31.255.255/", false, "host 172.31.255.255 is a private address")]
    [InlineData("http://192.168.1.1/", false, "host 192.168.1.1 is a private address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", false, "host 169.254.169.254 is a link-local (cloud metadata) address")]
    [InlineData("http://169.254.1.1/", false, "host 169.254.1.1 is a link-local address")]
    [InlineData("http://0.0.0.0/", false, "host 0.0.0.0 is an unspecified address")]
    [InlineData("http://0.1.2.3/", false, "host 0.1.2.3 is a reserved (this-network) address")]
    [InlineData("http://100.64.0.1/", false, "host 100.64.0.1 is a carrier-grade NAT address")]
    [InlineData("http://100.127.255.255/", false, "host 100.127.255.255 is a carrier-grade NAT address")]
    [InlineData("http://224.0.0.1/", false, "host 224.0.0.1 is a multicast address")]
    [InlineData("http://239.255.255.250/", false, "host 239.255.255.250 is a multicast address")]
    [InlineData("http://255.255.255.255/", false, "host 255.255.255.255 is a broadcast address")]
    [InlineData("http://240.0.0.1/", false, "host 240.0.0.1 is a reserved address")]
    [InlineData("http://192.0.2.10/", false, "host 192.0.2.10 is a reserved (documentation) address")]
    [InlineData("http://198.18.0.1/", false, "host 198.18.0.1 is a reserved (benchmarking) address")]
    // other spellings of IPv4 literals that Uri normalises
    [InlineData("http://2130706433/", false, "host 127.0.0.1 is a loopback address")]
    [InlineData("http://0x7f.0.0.1/", false, "host 127.0.0.1 is a loopback address")]
    [InlineData("http://0177.0.0.1/", false, "host 127.0.0.1 is a loopback address")]
    // IPv6 literals and mapped forms
    [InlineData("http://[::1]/", false, "host [::1] is a loopback address")]
    [InlineData("http://[::]/", false, "host [::] is an unspecified address")]
    [InlineData("http://[fc00::1]/", false, "host [fc00::1] is a private address")]
    [InlineData("http://[fd12:3456:789a::1]/", false, "host [fd12:3456:789a::1] is a private address")]
    [InlineData("http://[fe80::1]/", false, "host [fe80::1] is a link-local address")]
    [InlineData("http://[febf::1]/", false, "host [febf::1] is a link-local address")]
    [InlineData("http://[fec0::1]/", false, "host [fec0::1] is a private (site-local) address")]
    [InlineData("http://[ff02::1]/", false, "host [ff02::1] is a multicast address")]
    [InlineData("http://[fd00:ec2::254]/", false, "host [fd00:ec2::254] is a cloud metadata address")]
    [InlineData("http://[::ffff:127.0.0.1]/", false, "is a loopback address")]
    [InlineData("http://[::ffff:10.1.2.3]/", false, "is a private address")]
    [InlineData("http://[::ffff:169.254.169.254]/", false, "is a link-local (cloud metadata) address")]
    [InlineData("http://[::ffff:a9fe:a9fe]/", false, "is a link-local (cloud metadata) address")]
    [InlineData("http://[::ffff:100.64.1.1]/", false, "is a carrier-grade NAT address")]
    [InlineData("http://[::ffff:0.0.0.0]/", false, "is an unspecified address")]
    [InlineData("http://[::127.0.0.1]/", false, "is a reserved (IPv4-compatible) address")]
    [InlineData("http://[64:ff9b::7f00:1]/", false, "is a loopback address")]
    [InlineData("http://[2002:c0a8:0101::1]/", false, "is a private address (6to4)")]
    [InlineData("http://[2001:db8::1]/", false, "is a reserved (documentation) address")]
    // names (fake resolver)
    [InlineData("https://intranet-feed.example.org/rss", false, "host intranet-feed.example.org resolves to 10.0.0.5, a private address (set Feeds:AllowPrivateAddresses to allow it)")]
    [InlineData("https://mixed.example.org/rss", false, "host mixed.example.org resolves to 192.168.1.20, a private address")]
    [InlineData("https://rebind.example.org/rss", false, "resolves to 169.254.169.254, a link-local (cloud metadata) address")]
    [InlineData("https://v6private.example.org/rss", false, "resolves to fd12:3456::1, a private address")]
    [InlineData("https://mapped.example.org/rss", false, "resolves to ::ffff:127.0.0.1, a loopback address")]
    [InlineData("https://nowhere.example.org/rss", false, "host nowhere.example.org could not be resolved")]
    [InlineData("https://empty.example.org/rss", false, "host empty.example.org could not be resolved (no addresses)")]
    // names refused without DNS
    [InlineData("http://localhost:5000/feed", false, "host localhost is a loopback name (set Feeds:AllowPrivateAddresses to allow it)")]
    [InlineData("http://api.localhost/feed", false, "host api.localhost is a loopback name")]
    [InlineData("http://metadata.google.internal/computeMetadata/v1/", false, "host metadata.google.internal is a cloud metadata host")]
    [InlineData("http://METADATA.GOOGLE.INTERNAL./", false, "is a cloud metadata host")]
    [InlineData("http://metadata/computeMetadata/v1/", false, "host metadata is a cloud metadata host")]
    [InlineData("http://instance-data/latest/", false, "host instance-data is a cloud metadata host")]
    [InlineData("http://db.corp.internal/", false, "host db.corp.internal is an internal host name")]
    [InlineData("http://printer.local/", false, "host printer.local is an internal host name")]
    // syntax
    [InlineData("file:///etc/passwd", false, "URL scheme 'file' is not allowed: use http or https")]
    [InlineData("/etc/passwd", false, "only absolute http:// or https:// URLs are allowed (not file paths)")]
    [InlineData("C:\\feeds\\a.xml", false, "only absolute http:// or https:// URLs are allowed (not file paths)")]
    [InlineData("feeds.example.org/rss", false, "only absolute http:// or https:// URLs are allowed")]
    [InlineData("ftp://feeds.example.org/rss", false, "URL scheme 'ftp' is not allowed")]
    [InlineData("gopher://127.0.0.1:70/", false, "URL scheme 'gopher' is not allowed")]
    [InlineData("javascript:alert(1)", false, "only absolute http:// or https:// URLs are allowed")]
    [InlineData("data:text/plain,hi", false, "only absolute http:// or https:// URLs are allowed")]
    [InlineData("https://user:pass@feeds.example.org/rss", false, "URLs with a user name or password (user:pass@) are not allowed")]
    [InlineData("https://user@feeds.example.org/rss", false, "(user:pass@) are not allowed")]
    [InlineData("https://feeds.example.org@127.0.0.1/", false, "(user:pass@) are not allowed")]
    [InlineData("https://@feeds.example.org/", false, "(user:pass@) are not allowed")]
    [InlineData("http:///rss", false, "the URL")]
    [InlineData("https://feeds.example.org/a b", false, "the URL contains spaces or control characters")]
    [InlineData("", false, "the URL is empty")]
    [InlineData("   ", false, "the URL is empty")]
    public async Task CheckAsync_Table(string url, bool allowed, string? reason)
    {
        var result = await Guard().CheckAsync(url, allowPrivateAddresses: false, CancellationToken.None);

        Assert.Equal(allowed, result.Allowed);
        if (reason is null) Assert.Null(result.Reason);
        else Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
        if (allowed)
        {
            Assert.NotNull(result.Uri);
            Assert.NotEmpty(result.Addresses);
            Assert.All(result.Addresses, a => Assert.True(AddressRules.IsPublic(a)));
        }
    }

    [Fact]
    public async Task CheckAsync_TooLong_IsRefusedWithoutDns()
    {
        var url = "https://feeds.example.org/" + new string('a', FeedUrlGuard.MaxUrlLength);

        var result = await Guard().CheckAsync(url, allowPrivateAddresses: false, CancellationToken.None);

        Assert.False(result.Allowed);
        Assert.Equal($"the URL is {url.Length} characters long (at most 2000)", result.Reason);
        Assert.Empty(_lookups);
    }

    [Fact]
    public async Task CheckAsync_MaxLength_IsAllowed()
    {
        var prefix = "https://feeds.example.org/";
        var url = prefix + new string('a', FeedUrlGuard.MaxUrlLength - prefix.Length);

        var result = await Guard().CheckAsync(url, allowPrivateAddresses: false, CancellationToken.None);

        Assert.True(result.Allowed, result.Reason);
    }

    [Fact]
    public async Task CheckAsync_IpLiteral_DoesNotAskDns()
    {
        var result = await Guard().CheckAsync("http://10.0.0.5/feed", allowPrivateAddresses: false, CancellationToken.None);

        Assert.False(result.Allowed);
        Assert.Equal([IPAddress.Parse("10.0.0.5")], result.Addresses);
        Assert.Empty(_lookups);
    }

    [Fact]
    public async Task CheckAsync_Name_ReturnsResolvedAddresses()
    {
        var result = await Guard().CheckAsync("https://dual.example.org/feed", allowPrivateAddresses: false, CancellationToken.None);

        Assert.True(result.Allowed);
        Assert.Equal(2, result.Addresses.Count);
        Assert.Equal(["dual.example.org"], _lookups);
        Assert.Equal("https://dual.example.org/feed", result.Uri!.AbsoluteUri);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/feed")]
    [InlineData("http://10.0.0.5/feed")]
    [InlineData("http://169.254.169.254/latest/")]
    [InlineData("http://[::1]/")]
    [InlineData("http://[::ffff:192.168.0.1]/")]
    [InlineData("https://intranet-feed.example.org/rss")]
    [InlineData("http://localhost/feed")]
    [InlineData("http://metadata.google.internal/")]
    public async Task CheckAsync_AllowPrivate_AllowsNonPublicHosts(string url)
    {
        var result = await Guard().CheckAsync(url, allowPrivateAddresses: true, CancellationToken.None);

        Assert.True(result.Allowed, result.Reason);
        Assert.Null(result.Reason);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "URL scheme 'file' is not allowed")]
    [InlineData("https://u:p@127.0.0.1/", "(user:pass@) are not allowed")]
    [InlineData("https://nowhere.example.org/", "could not be resolved")]
    public async Task CheckAsync_AllowPrivate_StillChecksSyntaxAndResolution(string url, string reason)
    {
        var result = await Guard().CheckAsync(url, allowPrivateAddresses: true, CancellationToken.None);

        Assert.False(result.Allowed);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CheckAsync_Cancelled_Throws()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var guard = new FeedUrlGuard((_, ct) => Task.FromCanceled<IPAddress[]>(ct));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => guard.CheckAsync("https://feeds.example.org/", false, cts.Token));
    }

    [Fact]
    public async Task CheckAsync_DefaultResolver_RefusesLocalhostByNameAndAllowsItWhenPrivateAllowed()
    {
        var guard = new FeedUrlGuard();

        var refused = await guard.CheckAsync("http://localhost/feed", allowPrivateAddresses: false, CancellationToken.None);
        var allowed = await guard.CheckAsync("http://localhost/feed", allowPrivateAddresses: true, CancellationToken.None);

        Assert.False(refused.Allowed);
        Assert.True(allowed.Allowed, allowed.Reason);
        Assert.Contains(allowed.Addresses, IPAddress.IsLoopback);
    }
}

public sealed class AddressRulesTests
{
    [Theory]
    [InlineData("1.1.1.1", null)]
    [InlineData("93.184.216.34", null)]
    [InlineData("2606:4700:4700::1111", null)]
    [InlineData("::ffff:8.8.8.8", null)]
    [InlineData("2002:0808:0808::1", null)]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("10.255.255.255", "a private address")]
    [InlineData("172.20.1.1", "a private address")]
    [InlineData("192.168.0.1", "a private address")]
    [InlineData("169.254.169.254", "a link-local (cloud metadata) address")]
    [InlineData("100.100.100.200", "a carrier-grade NAT address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("::", "an unspecified address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("fe80::1%2", "a link-local address")]
    [InlineData("fdff:ffff::1", "a private address")]
    [InlineData("ff05::2", "a multicast address")]
    [InlineData("::ffff:192.168.1.1", "a private address")]
    [InlineData("::ffff:255.255.255.255", "a broadcast address")]
    [InlineData("::ffff:224.0.0.251", "a multicast address")]
    [InlineData("64:ff9b:1::1", "a private (local-use NAT64) address")]
    [InlineData("100::1", "a reserved (discard) address")]
    public void Describe_Table(string address, string? expected)
    {
        var ip = IPAddress.Parse(address);

        Assert.Equal(expected, AddressRules.Describe(ip));
        Assert.Equal(expected is null, AddressRules.IsPublic(ip));
    }
}
