using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds.Internal;
using MonitorBot.Feeds.Safety;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// Fetches a feed body once into a capped in-memory buffer: http(s) with conditional GET, per-attempt timeout,
/// size cap, automatic decompression (configured on the primary handler), bounded retries with exponential backoff
/// and jitter (honouring Retry-After) for 5xx/408/429/timeouts/connection errors; or a local file (path or file://).
/// A typed HttpClient (see <see cref="FeedsServiceCollectionExtensions.AddMonitorBotFeeds"/>).
/// Messages never contain header values or URL query strings.
/// A request with <see cref="FetchRequest.RestrictToPublicAddresses"/> goes through a second client whose handler
/// checks every connected address (<see cref="PublicAddressConnector"/>), unless <see cref="FeedsOptions.AllowPrivateAddresses"/>.
/// </summary>
public sealed partial class FeedFetcher
{
    public const string DefaultAccept =
        "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, text/csv;q=0.8, text/plain;q=0.5, */*;q=0.1";

    /// <summary>The named HttpClient (own handler and pool) used for public-only fetches.</summary>
    public const string PublicOnlyClientName = "MonitorBot.Feeds.PublicOnly";

    private const int CopyBufferSize = 81920;

    /// <summary>For instances built without an <see cref="IHttpClientFactory"/>: one shared public-only client.</summary>
    private static readonly Lazy<HttpClient> SharedPublicOnly = new(() =>
        new HttpClient(FeedHttpHandlers.Create(publicOnly: true)) { Timeout = Timeout.InfiniteTimeSpan });

    private readonly HttpClient _http;
    private readonly IHttpClientFactory? _clientFactory;
    private readonly IOptionsMonitor<FeedsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly HostThrottle _throttle;
    private readonly ILogger<FeedFetcher> _logger;

    public FeedFetcher(HttpClient http, IOptions<FeedsOptions> options, TimeProvider timeProvider, HostThrottle throttle, ILogger<FeedFetcher> logger)
        : this(http, null, new FixedOptionsMonitor<FeedsOptions>(options.Value), timeProvider, throttle, logger)
    {
    }

    /// <param name="clientFactory">Supplies the <see cref="PublicOnlyClientName"/> client; null = a shared public-only client.</param>
    /// <param name="options">Read per request: timeouts, retries and size caps changed at run time apply to the next fetch.</param>
    [ActivatorUtilitiesConstructor]
    public FeedFetcher(HttpClient http, IHttpClientFactory? clientFactory, IOptionsMonitor<FeedsOptions> options, TimeProvider timeProvider, HostThrottle throttle,
        ILogger<FeedFetcher> logger)
    {
        _http = http;
        _clientFactory = clientFactory;
        _options = options;
        _timeProvider = timeProvider;
        _throttle = throttle;
        _logger = logger;
    }

    public async Task<FetchResult> FetchAsync(FetchRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var location = request.Url?.Trim();
        if (string.IsNullOrEmpty(location)) throw new FeedFetchException("no URL or file path is configured", isTransient: false);

        if (Uri.TryCreate(location, UriKind.Absolute, out var uri))
        {
            if (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) return await FetchHttpAsync(uri, request, cancellationToken);
            if (request.RestrictToPublicAddresses) throw OnlyHttp();
            if (uri.IsFile) return await FetchFileAsync(uri.LocalPath, request, cancellationToken);
            throw new FeedFetchException($"unsupported URL scheme '{uri.Scheme}': use http, https, file:// or a file path", isTransient: false);
        }
        if (request.RestrictToPublicAddresses) throw OnlyHttp();
        var baseDirectory = string.IsNullOrWhiteSpace(_options.CurrentValue.BaseDirectory) ? Directory.GetCurrentDirectory() : _options.CurrentValue.BaseDirectory;
        return await FetchFileAsync(Path.GetFullPath(location, baseDirectory), request, cancellationToken);
    }

    /// <summary>scheme://host[:port]/path: what messages and logs show of a URL (the query may hold keys, the user-info a
    /// password). See <see cref="UrlRedaction"/>.</summary>
    public static string Redact(Uri uri) => UrlRedaction.Redact(uri);

    private static FeedFetchException OnlyHttp() =>
        new("only http:// and https:// URLs may be fetched for this source (public addresses only)", isTransient: false);

    private async Task<FetchResult> FetchHttpAsync(Uri uri, FetchRequest request, CancellationToken cancellationToken)
    {
        var options = _options.CurrentValue;
        var http = request.RestrictToPublicAddresses && !options.AllowPrivateAddresses
            ? _clientFactory?.CreateClient(PublicOnlyClientName) ?? SharedPublicOnly.Value
            : _http;
        var display = Redact(uri);
        var retries = Math.Max(0, options.MaxRetries);
        for (var attempt = 1; ; attempt++)
        {
            await _throttle.WaitAsync(uri.IdnHost, cancellationToken);
            string failure;
            int? status = null;
            TimeSpan? retryAfter = null;
            Exception? error = null;
            using (var timeout = new CancellationTokenSource(options.Timeout, _timeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
            {
                try
                {
                    using var message = BuildRequest(uri, request, options);
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
                    status = (int)response.StatusCode;
                    if (response.StatusCode == HttpStatusCode.NotModified)
                    {
                        return new FetchResult(true, Stream.Null, null, Header(response, "ETag") ?? request.ETag,
                            Header(response, "Last-Modified") ?? request.LastModified, status.Value, 0);
                    }
                    if (response.IsSuccessStatusCode) return await ReadBodyAsync(response, display, options, linked.Token);

                    if (status is >= 300 and < 400 && RedirectFailure(response) is { } redirect)
                    {
                        throw new FeedFetchException($"GET {display} failed: {redirect}", isTransient: false, status);
                    }

                    var excerpt = UrlRedaction.RedactText(await ReadErrorExcerptAsync(response, linked.Token));
                    failure = $"HTTP {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}";
                    if (!IsRetryable(status.Value))
                    {
                        throw new FeedFetchException($"GET {display} failed: {failure}", isTransient: false, status);
                    }
                    retryAfter = RetryAfter(response);
                }
                catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"timed out after {options.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
                    error = ex;
                }
                catch (HttpRequestException ex) when (PublicAddressConnector.FindRefusal(ex) is { } refusal)
                {
                    throw new FeedFetchException($"GET {display} refused: {refusal.Message}", isTransient: false, null, refusal);
                }
                catch (Exception ex) when (ex is UriFormatException || ex.InnerException is UriFormatException)
                {
                    // A redirect whose Location cannot be parsed as a URL (e.g. "file://" with no path).
                    throw new FeedFetchException($"GET {display} failed: the server redirected to an invalid or unsupported URL (only http and https redirects are followed)",
                        isTransient: false, null, ex);
                }
                catch (HttpRequestException ex)
                {
                    failure = $"connection failed: {UrlRedaction.RedactText(HtmlText.Excerpt(ex.Message, 160))}";
                    status = ex.StatusCode is { } code ? (int)code : null;
                    error = ex;
                }
                catch (IOException ex)
                {
                    failure = $"connection broke while reading: {UrlRedaction.RedactText(HtmlText.Excerpt(ex.Message, 160))}";
                    error = ex;
                }
            }

            if (attempt > retries)
            {
                throw new FeedFetchException($"GET {display} failed after {attempt} attempt{(attempt == 1 ? "" : "s")}: {failure}", isTransient: true, status, error);
            }
            var delay = RetryDelay(attempt, retryAfter, options);
            LogRetry(_logger, display, failure, attempt, retries, (long)delay.TotalMilliseconds);
            await Task.Delay(delay, _timeProvider, cancellationToken);
        }
    }

    private static HttpRequestMessage BuildRequest(Uri uri, FetchRequest request, FeedsOptions options)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, uri);
        var headers = request.Headers ?? new Dictionary<string, string>();
        string? userAgent = null, accept = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)) userAgent = value;
            else if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase)) accept = value;
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        userAgent ??= options.UserAgent;
        if (!string.IsNullOrWhiteSpace(userAgent)) message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Headers.TryAddWithoutValidation("Accept", string.IsNullOrWhiteSpace(accept) ? DefaultAccept : accept);
        if (!string.IsNullOrWhiteSpace(request.ETag)) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (!string.IsNullOrWhiteSpace(request.LastModified)) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return message;
    }

    private static async Task<FetchResult> ReadBodyAsync(HttpResponseMessage response, string display, FeedsOptions options, CancellationToken cancellationToken)
    {
        var max = options.MaxResponseBytes;
        var status = (int)response.StatusCode;
        var declared = response.Content.Headers.ContentLength;
        if (declared > max)
        {
            throw new FeedFetchException($"GET {display}: the response is {declared} bytes, over the {max}-byte limit", isTransient: false, status);
        }
        var initial = (int)Math.Clamp(declared is > 0 ? declared.Value : 64 * 1024, 0, Math.Min(max, 16 * 1024 * 1024));
        var buffer = new MemoryStream(initial);
        try
        {
            await using (var body = await response.Content.ReadAsStreamAsync(cancellationToken))
            {
                await CopyCappedAsync(body, buffer, max, $"GET {display}", status, cancellationToken);
            }
            buffer.Position = 0;
            return new FetchResult(false, buffer, response.Content.Headers.ContentType?.ToString(), Header(response, "ETag"),
                Header(response, "Last-Modified"), status, buffer.Length);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
    }

    private async Task<FetchResult> FetchFileAsync(string path, FetchRequest request, CancellationToken cancellationToken)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new FeedFetchException($"file not found: {path}", isTransient: false);
        var lastModified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero).ToString("O", CultureInfo.InvariantCulture);
        if (string.Equals(request.LastModified, lastModified, StringComparison.Ordinal))
        {
            return new FetchResult(true, Stream.Null, null, request.ETag, lastModified, 304, 0);
        }
        var max = _options.CurrentValue.MaxResponseBytes;
        if (info.Length > max) throw new FeedFetchException($"file {path} is {info.Length} bytes, over the {max}-byte limit", isTransient: false);

        var buffer = new MemoryStream((int)Math.Min(info.Length, int.MaxValue));
        try
        {
            await using (var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, CopyBufferSize, useAsync: true))
            {
                await CopyCappedAsync(file, buffer, max, $"file {path}", null, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await buffer.DisposeAsync();
            throw new FeedFetchException($"cannot read file {path}: {ex.Message}", isTransient: ex is IOException, null, ex);
        }
        catch
        {
            await buffer.DisposeAsync();
            throw;
        }
        buffer.Position = 0;
        return new FetchResult(false, buffer, ContentTypeOf(path), null, lastModified, 200, buffer.Length);
    }

    private static async Task CopyCappedAsync(Stream source, MemoryStream target, long max, string what, int? status, CancellationToken cancellationToken)
    {
        var chunk = ArrayPool<byte>.Shared.Rent(CopyBufferSize);
        try
        {
            int read;
            while ((read = await source.ReadAsync(chunk.AsMemory(), cancellationToken)) > 0)
            {
                if (target.Length + read > max)
                {
                    throw new FeedFetchException($"{what}: the response is over the {max}-byte limit", isTransient: false, status);
                }
                target.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
    }

    private static async Task<string> ReadErrorExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var buffer = new byte[1024];
            var total = 0;
            int read;
            while (total < buffer.Length && (read = await body.ReadAsync(buffer.AsMemory(total), cancellationToken)) > 0) total += read;
            return HtmlText.Excerpt(Encoding.UTF8.GetString(buffer, 0, total), 200);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "";
        }
    }

    /// <summary>A 3xx that reaches us was not followed: either the redirect limit was hit, or its target is not http(s)
    /// (the handler never follows those). Null for a 3xx that is not a redirect (e.g. 300 Multiple Choices without Location).</summary>
    private static string? RedirectFailure(HttpResponseMessage response)
    {
        string? location;
        try
        {
            location = response.Headers.TryGetValues("Location", out var values) ? values.FirstOrDefault() : null;
        }
        catch (FormatException)
        {
            location = null;
        }
        if (string.IsNullOrWhiteSpace(location)) return null;
        if (Uri.TryCreate(response.RequestMessage?.RequestUri, location.Trim(), out var target) && target.IsAbsoluteUri
            && target.Scheme != Uri.UriSchemeHttp && target.Scheme != Uri.UriSchemeHttps)
        {
            return $"the server redirected to a {target.Scheme}: URL, which is refused (only http and https redirects are followed)";
        }
        if (!Uri.TryCreate(response.RequestMessage?.RequestUri, location.Trim(), out _))
        {
            return "the server redirected to an invalid URL";
        }
        return $"too many redirects (more than {FeedHttpHandlers.MaxRedirects})";
    }

    private static bool IsRetryable(int status) => status is 408 or 429 || status >= 500;

    private TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - _timeProvider.GetUtcNow();
        return null;
    }

    private static TimeSpan RetryDelay(int attempt, TimeSpan? retryAfter, FeedsOptions options)
    {
        TimeSpan delay;
        if (retryAfter is { } ra)
        {
            delay = ra;
        }
        else
        {
            var exponential = options.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 20));
            delay = TimeSpan.FromMilliseconds(exponential * (1 + (0.5 * Random.Shared.NextDouble())));
        }
        if (delay > options.MaxRetryDelay) delay = options.MaxRetryDelay;
        return delay < TimeSpan.Zero ? TimeSpan.Zero : delay;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? values.FirstOrDefault()
            : null;

    private static string? ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".xml" or ".rss" or ".rdf" => "application/xml",
        ".atom" => "application/atom+xml",
        ".json" => "application/json",
        ".csv" => "text/csv",
        ".txt" => "text/plain",
        _ => null,
    };

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Fetching {Url} failed ({Failure}); retry {Attempt} of {Retries} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string url, string failure, int attempt, int retries, long delayMs);
}
