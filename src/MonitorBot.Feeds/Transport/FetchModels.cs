namespace MonitorBot.Feeds.Transport;

/// <summary>One fetch: an http(s) URL, a file:// URL or a file path; validators from the previous fetch for a conditional GET.</summary>
public sealed record FetchRequest(
    string Url,
    IReadOnlyDictionary<string, string>? Headers = null,
    string? ETag = null,
    string? LastModified = null);

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
