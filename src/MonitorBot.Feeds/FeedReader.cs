using Microsoft.Extensions.Logging;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds.Gdelt;
using MonitorBot.Feeds.Transport;

namespace MonitorBot.Feeds;

/// <summary>What one read of a source produced.</summary>
/// <param name="Kind">The kind used to parse (configured or detected); the configured kind when not modified.</param>
/// <param name="Bytes">Body size in bytes (0 when not modified).</param>
public sealed record FeedReadResult(string Kind, bool NotModified, FeedParseResult Parsed, string? ETag, string? LastModified, long Bytes);

/// <summary>Fetch → kind (configured, or detected from the body) → parser. Errors are <see cref="FeedException"/>s naming the source.</summary>
public sealed partial class FeedReader
{
    private readonly FeedFetcher _fetcher;
    private readonly FeedParserRegistry _registry;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<FeedReader> _logger;

    public FeedReader(FeedFetcher fetcher, FeedParserRegistry registry, TimeProvider timeProvider, ILogger<FeedReader> logger)
    {
        _fetcher = fetcher;
        _registry = registry;
        _timeProvider = timeProvider;
        _logger = logger;
    }

    /// <summary>Reads one configured source, conditionally when <paramref name="etag"/>/<paramref name="lastModified"/> are given.</summary>
    public Task<FeedReadResult> ReadAsync(FeedSourceOptions source, string? etag, string? lastModified, CancellationToken cancellationToken) =>
        ReadAsync(source, etag, lastModified, asOf: null, cancellationToken);

    /// <summary>
    /// As <see cref="ReadAsync(FeedSourceOptions, string?, string?, CancellationToken)"/>, with the parse done as of
    /// <paramref name="asOf"/> instead of the fetch time: the time undated items take and future dates are judged by
    /// (a replayed history is read whole at its start, as of its end).
    /// </summary>
    public async Task<FeedReadResult> ReadAsync(FeedSourceOptions source, string? etag, string? lastModified, DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(source);
        var configuredKind = FeedKindDetector.IsAuto(source.Kind) ? null : source.Kind.Trim();
        IFeedParser? parser = null;
        if (configuredKind is not null)
        {
            parser = WithSource(source, () => _registry.Get(configuredKind));
        }

        var url = parser?.Info.RequestUrl is { } requestUrl ? requestUrl(source) : source.Url;
        FetchResult fetched;
        try
        {
            fetched = await _fetcher.FetchAsync(new FetchRequest(url, source.Headers, etag, lastModified) { RestrictToPublicAddresses = source.PublicOnly }, cancellationToken);
        }
        catch (FeedFetchException ex)
        {
            throw new FeedFetchException(Prefix(source) + ex.Message, ex.IsTransient, ex.HttpStatus, ex.InnerException ?? ex);
        }
        var fetchedAt = asOf ?? _timeProvider.GetUtcNow();

        await using var body = fetched.Body;
        if (fetched.NotModified)
        {
            LogNotModified(_logger, source.Id);
            return new FeedReadResult(parser?.Kind ?? configuredKind ?? FeedKindDetector.Auto, true, FeedParseResult.Empty, fetched.ETag, fetched.LastModified, 0);
        }

        Stream stream = body;
        if (!stream.CanSeek)
        {
            var copy = new MemoryStream();
            await stream.CopyToAsync(copy, cancellationToken);
            copy.Position = 0;
            stream = copy;
        }

        var head = new byte[(int)Math.Min(FeedKindDetector.HeadLength, stream.Length)];
        stream.ReadExactly(head);
        stream.Position = 0;
        if (Internal.ContentSniffer.BinaryKind(head) is { } binary)
        {
            throw new FeedParseException(Prefix(source) + Internal.ContentSniffer.BinaryMessage(binary));
        }
        if (parser is null)
        {
            var detected = _registry.Detect(head, fetched.ContentType, source.Url)
                ?? throw new FeedParseException(Prefix(source) + Undetected(stream, fetched.ContentType, source));
            parser = WithSource(source, () => _registry.Get(detected));
        }

        var parsed = parser.Parse(stream, new FeedParseContext(source, fetchedAt) { ContentType = fetched.ContentType });
        if (!ReferenceEquals(stream, body)) await stream.DisposeAsync();
        LogRead(_logger, source.Id, parser.Kind, fetched.Length, parsed.Count, parsed.SkippedRows);
        return new FeedReadResult(parser.Kind, false, parsed, fetched.ETag, fetched.LastModified, fetched.Length);
    }

    /// <summary>
    /// Reads an ad-hoc URL or path (for <c>monitorbot feed test &lt;url-or-path&gt; [--kind K]</c>). The temporary source's
    /// id and series are the file-name stem (lower case); <paramref name="kind"/> null or "auto" detects it.
    /// </summary>
    public Task<FeedReadResult> ReadLocationAsync(string location, string? kind, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        return ReadAsync(SourceForLocation(location, kind), etag: null, lastModified: null, cancellationToken);
    }

    /// <summary>The temporary source <see cref="ReadLocationAsync"/> uses.</summary>
    public static FeedSourceOptions SourceForLocation(string location, string? kind)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var path = Uri.TryCreate(location, UriKind.Absolute, out var uri) && !uri.IsFile ? uri.AbsolutePath : location;
        var stem = Path.GetFileNameWithoutExtension(path.TrimEnd('/', '\\')).ToLowerInvariant();
        if (stem.Length == 0) stem = "test";
        return new FeedSourceOptions
        {
            Id = stem,
            Kind = kind?.Trim() ?? "",
            Url = location.Trim(),
            Series = stem,
        };
    }

    /// <summary>Why no kind was detected, in plain words: an HTML page (and the feed it links to, if any), or unknown content.</summary>
    private string Undetected(Stream stream, string? contentType, FeedSourceOptions source)
    {
        var length = (int)Math.Min(stream.Length, 256 * 1024);
        var bytes = new byte[length];
        stream.ReadExactly(bytes);
        stream.Position = 0;
        var text = Internal.FeedEncodings.Decode(bytes, contentType);
        if (Internal.ContentSniffer.IsHtml(text)) return Internal.ContentSniffer.HtmlMessage(text, source.Url);
        if (Internal.ContentSniffer.IsGdeltFileList(text))
        {
            return "this is GDELT's master file list (an index of raw data files to download), not a feed; use a GDELT DOC API query (Kind gdelt)";
        }
        return $"cannot tell what kind of feed this is; set Kind to one of: {string.Join(", ", _registry.Kinds)}";
    }

    private static string Prefix(FeedSourceOptions source) => string.IsNullOrEmpty(source.Id) ? "" : $"source '{source.Id}': ";

    private static IFeedParser WithSource(FeedSourceOptions source, Func<IFeedParser> get)
    {
        try
        {
            return get();
        }
        catch (FeedParseException ex)
        {
            throw new FeedParseException(Prefix(source) + ex.Message, ex);
        }
    }

    [LoggerMessage(EventId = 2201, Level = LogLevel.Debug, Message = "Source {SourceId} not modified")]
    private static partial void LogNotModified(ILogger logger, string sourceId);

    [LoggerMessage(EventId = 2202, Level = LogLevel.Debug, Message = "Source {SourceId} read as {Kind}: {Bytes} bytes, {Records} records, {Skipped} skipped")]
    private static partial void LogRead(ILogger logger, string sourceId, string kind, long bytes, int records, int skipped);
}
