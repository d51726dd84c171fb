namespace MonitorBot.Feeds.Transport;

/// <summary>One fetch: an http(s) URL, a file:// URL or a file path; validators from the previous fetch for a conditional GET.</summary>
public sealed record FetchRequest(
    string Url,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? ETag = null,
    string? LastModified = null)
{
    /// <summary>
    /// Only http(s) URLs, and connect only to public addresses (checked at connect time, redirects included), unless
    /// <see cref="FeedsOptions.AllowPrivateAddresses"/> is true. For URLs added from Discord. Default false.
    /// </summary>
    public bool RestrictToPublicAddresses { get; init; }
}

/// <summary>
/// The fetched body, read once into memory (capped). <see cref="Body"/> is <see cref="Stream.Null"/> when
/// <see cref="NotModified"/>. The caller disposes <see cref="Body"/>.
/// </summary>
public sealed record FetchResult(
    bool NotModified,
    Stream Body,
    string? ContentType,
    string? ETag,
    string? LastModified,
    int StatusCode,
    long Length);
