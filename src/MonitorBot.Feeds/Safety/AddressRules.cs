using System.Net;
using System.Net.Sockets;

namespace MonitorBot.Feeds.Safety;

/// <summary>
/// Which IP addresses a feed fetched on an admin's behalf may reach: only public unicast ones. Shared by
/// <see cref="FeedUrlGuard"/> (when a URL is added) and <see cref="PublicAddressConnector"/> (at connect time).
/// </summary>
public static class AddressRules
{
    /// <summary>The setting that lifts the restriction, as admins see it in refusal messages.</summary>
    public const string AllowSetting = "Feeds:AllowPrivateAddresses";

    /// <summary>The cloud instance-metadata address (AWS, GCP, Azure, Oracle …).</summary>
    public static readonly IPAddress MetadataAddress = IPAddress.Parse("169.254.169.254");

    /// <summary>AWS's IPv6 instance-metadata address.</summary>
    public static readonly IPAddress MetadataAddressV6 = IPAddress.Parse("fd00:ec2::254");

    /// <summary>True when <paramref name="address"/> is a public unicast address.</summary>
    public static bool IsPublic(IPAddress address) => Describe(address) is null;

    /// <summary>
    /// Null for a public unicast address; otherwise what it is, as a noun phrase ("a loopback address",
    /// "a private address", "a link-local (cloud metadata) address", …). IPv4-mapped, IPv4-compatible, NAT64 and
    /// 6to4 IPv6 forms are judged by the IPv4 address they carry.
    /// </summary>
    public static string? Describe(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily == AddressFamily.InterNetwork) return DescribeV4(address.GetAddressBytes());
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return "not an IP address";
        if (address.IsIPv4MappedToIPv6) return DescribeV4(address.MapToIPv4().GetAddressBytes());

        var b = address.GetAddressBytes();
        if (b.AsSpan(0, 15).IndexOfAnyExcept((byte)0) < 0)
        {
            return b[15] switch
            {
                0 => "an unspecified address",
                1 => "a loopback address",
                _ => "a reserved (IPv4-compatible) address",
            };
        }
        if (b.AsSpan(0, 12).IndexOfAnyExcept((byte)0) < 0) return "a reserved (IPv4-compatible) address"; // ::/96
        if (address.Equals(MetadataAddressV6)) return "a cloud metadata address";
        if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xff && b[3] == 0x9b)
        {
            // 64:ff9b::/96 NAT64 carries an IPv4 address; 64:ff9b:1::/48 is for local use.
            if (b.AsSpan(4, 8).IndexOfAnyExcept((byte)0) < 0) return DescribeV4(b.AsSpan(12, 4));
            if (b[4] == 0x00 && b[5] == 0x01) return "a private (local-use NAT64) address";
        }
        if (b[0] == 0x20 && b[1] == 0x02) return DescribeV4(b.AsSpan(2, 4)) is { } inner ? inner + " (6to4)" : null; // 2002::/16
        if (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0d && b[3] == 0xb8) return "a reserved (documentation) address"; // 2001:db8::/32
        if (b[0] == 0x01 && b[1] == 0x00 && b.AsSpan(2, 6).IndexOfAnyExcept((byte)0) < 0) return "a reserved (discard) address"; // 100::/64
        if ((b[0] & 0xfe) == 0xfc) return "a private address"; // fc00::/7 unique local
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0x80) return "a link-local address"; // fe80::/10
        if (b[0] == 0xfe && (b[1] & 0xc0) == 0xc0) return "a private (site-local) address"; // fec0::/10
        if (b[0] == 0xff) return "a multicast address"; // ff00::/8
        return null;
    }

    /// <summary>
    /// "host 10.0.0.5 is a private address (set Feeds:AllowPrivateAddresses to allow it)" for an IP-literal host, or
    /// "host x.example resolves to 10.0.0.5, a private address (…)" for a name.
    /// </summary>
    public static string RefusalMessage(string host, IPAddress address, string description)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(address);
        return IPAddress.TryParse(host.Trim('[', ']'), out _)
            ? $"host {host} is {description} (set {AllowSetting} to allow it)"
            : $"host {host} resolves to {address}, {description} (set {AllowSetting} to allow it)";
    }

    private static string? DescribeV4(ReadOnlySpan<byte> b)
    {
        if (b[0] == 0) return b[1] == 0 && b[2] == 0 && b[3] == 0 ? "an unspecified address" : "a reserved (this-network) address"; // 0/8
        if (b[0] == 10) return "a private address"; // 10/8
        if (b[0] == 100 && (b[1] & 0xc0) == 64) return "a carrier-grade NAT address"; // 100.64/10
        if (b[0] == 127) return "a loopback address"; // 127/8
        if (b[0] == 169 && b[1] == 254) return b[2] == 169 && b[3] == 254 ? "a link-local (cloud metadata) address" : "a link-local address"; // 169.254/16
        if (b[0] == 172 && (b[1] & 0xf0) == 16) return "a private address"; // 172.16/12
        if (b[0] == 192 && b[1] == 0 && b[2] == 0) return "a reserved (IETF protocol) address"; // 192.0.0/24
        if (b[0] == 192 && b[1] == 0 && b[2] == 2) return "a reserved (documentation) address"; // 192.0.2/24
        if (b[0] == 192 && b[1] == 168) return "a private address"; // 192.168/16
        if (b[0] == 198 && (b[1] & 0xfe) == 18) return "a reserved (benchmarking) address"; // 198.18/15
        if (b[0] == 198 && b[1] == 51 && b[2] == 100) return "a reserved (documentation) address"; // 198.51.100/24
        if (b[0] == 203 && b[1] == 0 && b[2] == 113) return "a reserved (documentation) address"; // 203.0.113/24
        if ((b[0] & 0xf0) == 224) return "a multicast address"; // 224/4
        if (b[0] == 255 && b[1] == 255 && b[2] == 255 && b[3] == 255) return "a broadcast address";
        if ((b[0] & 0xf0) == 240) return "a reserved address"; // 240/4
        return null;
    }
}
