using System.Net;
using System.Net.Sockets;

namespace MonitorBot.Feeds.Safety;

/// <summary>What <see cref="FeedUrlGuard.CheckAsync"/> decided.</summary>
/// <param name="Allowed">True when the URL may be saved and fetched.</param>
/// <param name="Reason">Why it was refused (safe to show to the admin); null when allowed.</param>
/// <param name="Uri">The parsed URL, when it parsed as an absolute http(s) URL.</param>
/// <param name="Addresses">The addresses the host resolved to (or the literal), when resolution happened.</param>
public sealed record UrlCheckResult(bool Allowed, string? Reason, Uri? Uri, IReadOnlyList<IPAddress> Addresses)
{
    public static UrlCheckResult Refused(string reason, Uri? uri = null, IReadOnlyList<IPAddress>? addresses = null) =>
        new(false, reason, uri, addresses ?? []);
}

/// <summary>
/// SSRF guard for feed URLs an admin adds from Discord: absolute http/https only, no user info, at most
/// <see cref="MaxUrlLength"/> characters, and a host that resolves only to public addresses (see
/// <see cref="AddressRules"/>), unless private addresses are allowed (<see cref="FeedsOptions.AllowPrivateAddresses"/>).
/// DNS can change after the check (rebinding): fetch such sources with <see cref="FeedSourceOptions.PublicOnly"/> so the
/// connected address is checked again.
/// </summary>
public sealed class FeedUrlGuard
{
    public const int MaxUrlLength = 2000;

    /// <summary>Host names of cloud metadata services, refused without asking DNS.</summary>
    public static readonly IReadOnlySet<string> MetadataHostNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "metadata.google.internal",
        "metadata.goog",
        "metadata",
        "instance-data",
        "instance-data.ec2.internal",
    };

    /// <summary>Name suffixes that only resolve inside a private network, refused without asking DNS.</summary>
    private static readonly string[] InternalSuffixes = [".internal", ".local", ".localdomain", ".home.arpa", ".intranet", ".corp", ".lan"];

    private readonly Func<string, CancellationToken, Task<IPAddress[]>> _resolver;

    /// <summary>Resolves with <see cref="Dns.GetHostAddressesAsync(string, CancellationToken)"/>.</summary>
    public FeedUrlGuard()
        : this(null)
    {
    }

    /// <param name="resolver">Host name → addresses (tests pass a fake); null = DNS.</param>
    public FeedUrlGuard(Func<string, CancellationToken, Task<IPAddress[]>>? resolver)
    {
        _resolver = resolver ?? Dns.GetHostAddressesAsync;
    }

    public async Task<UrlCheckResult> CheckAsync(string url, bool allowPrivateAddresses, CancellationToken cancellationToken)
    {
        if (ParseUrl(url, out var uri) is { } problem) return UrlCheckResult.Refused(problem);
        var host = uri!.IdnHost.TrimEnd('.');
        var shown = uri.Host;

        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            IReadOnlyList<IPAddress> single = [literal];
            if (!allowPrivateAddresses && AddressRules.Describe(literal) is { } what)
            {
                return UrlCheckResult.Refused(AddressRules.RefusalMessage(shown, literal, what), uri, single);
            }
            return new UrlCheckResult(true, null, uri, single);
        }

        if (!allowPrivateAddresses && DescribeName(host) is { } nameProblem)
        {
            return UrlCheckResult.Refused($"host {shown} is {nameProblem} (set {AddressRules.AllowSetting} to allow it)", uri);
        }

        IPAddress[] addresses;
        try
        {
            addresses = await _resolver(host, cancellationToken);
        }
        catch (Exception ex) when (ex is SocketException or ArgumentException or IOException && !cancellationToken.IsCancellationRequested)
        {
            return UrlCheckResult.Refused($"host {shown} could not be resolved ({ex.Message})", uri);
        }
        if (addresses is null || addresses.Length == 0) return UrlCheckResult.Refused($"host {shown} could not be resolved (no addresses)", uri);

        if (!allowPrivateAddresses)
        {
            foreach (var address in addresses)
            {
                if (AddressRules.Describe(address) is { } what)
                {
                    return UrlCheckResult.Refused(AddressRules.RefusalMessage(shown, address, what), uri, addresses);
                }
            }
        }
        return new UrlCheckResult(true, null, uri, addresses);
    }

    /// <summary>The syntax checks alone (no DNS): null when <paramref name="url"/> is an acceptable absolute http(s) URL.</summary>
    public static string? ParseUrl(string? url, out Uri? uri)
    {
        uri = null;
        var text = url?.Trim();
        if (string.IsNullOrEmpty(text)) return "the URL is empty";
        if (text.Length > MaxUrlLength) return $"the URL is {text.Length} characters long (at most {MaxUrlLength})";
        if (text.Any(c => char.IsControl(c) || char.IsWhiteSpace(c))) return "the URL contains spaces or control characters";

        var schemeEnd = text.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd <= 0) return "only absolute http:// or https:// URLs are allowed (not file paths)";
        var scheme = text[..schemeEnd];
        if (!scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) && !scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase))
        {
            return $"URL scheme '{scheme.ToLowerInvariant()}' is not allowed: use http or https";
        }

        var authorityStart = schemeEnd + 3;
        var authorityEnd = text.IndexOfAny(['/', '\\', '?', '#'], authorityStart);
        var authority = authorityEnd < 0 ? text[authorityStart..] : text[authorityStart..authorityEnd];
        if (authority.Contains('@', StringComparison.Ordinal)) return "URLs with a user name or password (user:pass@) are not allowed";

        if (!Uri.TryCreate(text, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
        {
            return "the URL is not a valid absolute http(s) URL";
        }
        if (parsed.UserInfo.Length > 0) return "URLs with a user name or password (user:pass@) are not allowed";
        if (string.IsNullOrEmpty(parsed.Host) || parsed.HostNameType is UriHostNameType.Unknown or UriHostNameType.Basic) return "the URL has no valid host";
        uri = parsed;
        return null;
    }

    /// <summary>Null for an ordinary name; otherwise what kind of internal name it is.</summary>
    private static string? DescribeName(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || host.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return "a loopback name";
        }
        if (MetadataHostNames.Contains(host)) return "a cloud metadata host";
        foreach (var suffix in InternalSuffixes)
        {
            if (host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)) return "an internal host name";
        }
        return null;
    }
}
