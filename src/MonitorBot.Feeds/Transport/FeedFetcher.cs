using System.Buffers;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MonitorBot.Feeds.Internal;
using MonitorBot.Feeds.Safety;
using Polly.Timeout;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// Fetches a feed body once into a capped in-memory buffer: http(s) with conditional GET, size cap (streaming read),
/// automatic decompression (configured on the primary handler) and redirects followed here (http and https only, up to
/// <see cref="FeedsOptions.MaxRedirects"/>, each hop of a public-only fetch checked by <see cref="FeedUrlGuard"/>); or a
/// local file (path or file://). Retries, Retry-After, jitter, host spacing and the attempt and total timeouts are the
/// clients' resilience pipeline (<see cref="FeedResilience"/>); an instance built without an <see cref="IHttpClientFactory"/>
/// has only what its HttpClient has. A typed HttpClient (see <see cref="FeedsServiceCollectionExtensions.AddMonitorBotFeeds"/>).
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

    /// <summary>Upper bound of <see cref="FeedsOptions.MaxRedirects"/>.</summary>
    public const int MaxRedirectsLimit = 20;

    /// <summary>For instances built without an <see cref="IHttpClientFactory"/>: one shared public-only client.</summary>
    private static readonly Lazy<HttpClient> SharedPublicOnly = new(() =>
        new HttpClient(FeedHttpHandlers.Create(publicOnly: true)) { Timeout = Timeout.InfiniteTimeSpan });

    private readonly HttpClient _http;
    private readonly IHttpClientFactory? _clientFactory;
    private readonly IOptionsMonitor<FeedsOptions> _options;
    private readonly TimeProvider _timeProvider;
    private readonly FeedUrlGuard _guard;

    public FeedFetcher(HttpClient http, IOptions<FeedsOptions> options, TimeProvider timeProvider, HostThrottle throttle, ILogger<FeedFetcher> logger)
        : this(http, null, new FixedOptionsMonitor<FeedsOptions>(options.Value), timeProvider, throttle, new FeedUrlGuard(), logger)
    {
    }

    /// <param name="clientFactory">Supplies the <see cref="PublicOnlyClientName"/> client; null = a shared public-only client.</param>
    /// <param name="options">Read per request: timeouts, retries and size caps changed at run time apply to the next fetch.</param>
    [ActivatorUtilitiesConstructor]
    /// <param name="guard">Checks every redirect hop of a public-only fetch (the connect-time check stays).</param>
    public FeedFetcher(HttpClient http, IHttpClientFactory? clientFactory, IOptionsMonitor<FeedsOptions> options, TimeProvider timeProvider, HostThrottle throttle,
        FeedUrlGuard guard, ILogger<FeedFetcher> logger)
    {
        _http = http;
        _clientFactory = clientFactory;
        _options = options;
        _timeProvider = timeProvider;
        ArgumentNullException.ThrowIfNull(throttle); // used by the clients' pipeline (FeedResilience), registered beside this
        _guard = guard;
        ArgumentNullException.ThrowIfNull(logger);
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
        var publicOnly = request.RestrictToPublicAddresses && !options.AllowPrivateAddresses;
        var http = publicOnly ? _clientFactory?.CreateClient(PublicOnlyClientName) ?? SharedPublicOnly.Value : _http;
        var display = Redact(uri);
        var maxRedirects = Math.Clamp(options.MaxRedirects, 0, MaxRedirectsLimit);
        var current = uri;
        for (var hop = 0; ; hop++)
        {
            if (hop > 0 && publicOnly)
            {
                var check = await _guard.CheckAsync(current.AbsoluteUri, allowPrivateAddresses: false, cancellationToken);
                if (!check.Allowed)
                {
                    throw new FeedFetchException($"GET {display} refused: redirect to {Redact(current)}: {check.Reason}", isTransient: false);
                }
            }

            var attempts = new FeedResilience.AttemptCounter();
            using var message = BuildRequest(current, request, options, redirected: hop > 0);
            message.Options.Set(FeedResilience.Attempts, attempts);
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            }
            catch (TimeoutRejectedException ex) when (!cancellationToken.IsCancellationRequested)
            {
                var what = ex.Timeout == FeedResilience.AttemptTimeout(options) ? TimedOut(options.Timeout) : $"gave up after {Seconds(ex.Timeout)} s in all";
                throw Exhausted(display, attempts, what, null, ex);
            }
            catch (HttpRequestException ex) when (PublicAddressConnector.FindRefusal(ex) is { } refusal)
            {
                throw new FeedFetchException($"GET {display} refused: {refusal.Message}", isTransient: false, null, refusal);
            }
            catch (HttpRequestException ex)
            {
                throw Exhausted(display, attempts, $"connection failed: {UrlRedaction.RedactText(HtmlText.Excerpt(ex.Message, 160))}",
                    ex.StatusCode is { } code ? (int)code : null, ex);
            }
            catch (IOException ex)
            {
                throw Exhausted(display, attempts, $"connection broke while reading: {UrlRedaction.RedactText(HtmlText.Excerpt(ex.Message, 160))}", null, ex);
            }

            using (response)
            {
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.NotModified)
                {
                    return new FetchResult(true, Stream.Null, null, Header(response, "ETag") ?? request.ETag,
                        Header(response, "Last-Modified") ?? request.LastModified, status, 0);
                }
                if (response.IsSuccessStatusCode) return await ReadBodyAsync(response, display, attempts, options, cancellationToken);

                if (IsRedirect(status) && RedirectTarget(response, current) is { } target)
                {
                    if (target.Failure is { } failure) throw new FeedFetchException($"GET {display} failed: {failure}", isTransient: false, status);
                    if (hop >= maxRedirects)
                    {
                        throw new FeedFetchException($"GET {display} failed: too many redirects (limit {maxRedirects})", isTransient: false, status);
                    }
                    current = target.Uri!;
                    continue;
                }

                var excerpt = UrlRedaction.RedactText(await ReadErrorExcerptAsync(response, cancellationToken));
                var text = $"HTTP {status} {response.ReasonPhrase}{(excerpt.Length > 0 ? ": " + excerpt : "")}";
                if (!FeedResilience.IsRetryable(status)) throw new FeedFetchException($"GET {display} failed: {text}", isTransient: false, status);
                throw Exhausted(display, attempts, text, status, null);
            }
        }
    }

    /// <summary>"timed out after 0.2 s": the per-attempt timeout in messages.</summary>
    internal static string TimedOut(TimeSpan timeout) => $"timed out after {Seconds(timeout)} s";

    private static string Seconds(TimeSpan value) => value.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A transient failure after the pipeline gave up: "GET url failed after N attempts: why".</summary>
    private static FeedFetchException Exhausted(string display, FeedResilience.AttemptCounter attempts, string failure, int? status, Exception? error)
    {
        var n = Math.Max(1, attempts.Count);
        return new FeedFetchException($"GET {display} failed after {n} attempt{(n == 1 ? "" : "s")}: {failure}", isTransient: true, status, error);
    }

    private static bool IsRedirect(int status) => status is 300 or 301 or 302 or 303 or 307 or 308;

    /// <summary>Where a redirect points, or why it is refused (one line); null when the response has no Location.</summary>
    private static RedirectHop? RedirectTarget(HttpResponseMessage response, Uri current)
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
        location = location.Trim();
        var scheme = SchemePattern().Match(location);
        if (scheme.Success && !IsHttp(scheme.Groups[1].Value))
        {
            var name = HtmlText.Excerpt(scheme.Groups[1].Value.ToLowerInvariant(), 40);
            return new RedirectHop(null, $"redirect to unsupported scheme '{name}' refused (only http and https redirects are followed)");
        }
        if (!Uri.TryCreate(current, location, out var target) || !target.IsAbsoluteUri || !IsHttp(target.Scheme))
        {
            return new RedirectHop(null, "the server redirected to an invalid URL (only http and https redirects are followed)");
        }
        if (current.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
        {
            return new RedirectHop(null, $"redirect from https to http ({Redact(target)}) refused");
        }
        return new RedirectHop(target, null);
    }

    private static bool IsHttp(string scheme) =>
        scheme.Equals(Uri.UriSchemeHttp, StringComparison.OrdinalIgnoreCase) || scheme.Equals(Uri.UriSchemeHttps, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9+.\-]*):")]
    private static partial Regex SchemePattern();

    private sealed record RedirectHop(Uri? Uri, string? Failure);

    private static HttpRequestMessage BuildRequest(Uri uri, FetchRequest request, FeedsOptions options, bool redirected)
    {
        var message = new HttpRequestMessage(HttpMethod.Get, uri);
        var headers = request.Headers ?? new Dictionary<string, string>();
        string? userAgent = null, accept = null;
        foreach (var (name, value) in headers)
        {
            if (name.Equals("User-Agent", StringComparison.OrdinalIgnoreCase)) userAgent = value;
            else if (name.Equals("Accept", StringComparison.OrdinalIgnoreCase)) accept = value;
            else if (redirected && name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)) continue; // as HttpClient's own redirects
            else message.Headers.TryAddWithoutValidation(name, value);
        }
        userAgent ??= options.UserAgent;
        if (!string.IsNullOrWhiteSpace(userAgent)) message.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        message.Headers.TryAddWithoutValidation("Accept", string.IsNullOrWhiteSpace(accept) ? DefaultAccept : accept);
        if (!string.IsNullOrWhiteSpace(request.ETag)) message.Headers.TryAddWithoutValidation("If-None-Match", request.ETag);
        if (!string.IsNullOrWhiteSpace(request.LastModified)) message.Headers.TryAddWithoutValidation("If-Modified-Since", request.LastModified);
        return message;
    }

    /// <summary>The body, streamed into a buffer of at most <see cref="FeedsOptions.MaxResponseBytes"/>, within one more
    /// <see cref="FeedsOptions.Timeout"/> (the pipeline's attempt timeout covers the headers).</summary>
    private async Task<FetchResult> ReadBodyAsync(HttpResponseMessage response, string display, FeedResilience.AttemptCounter attempts, FeedsOptions options,
        CancellationToken cancellationToken)
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
        using var timeout = new CancellationTokenSource(FeedResilience.AttemptTimeout(options), _timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            await using (var body = await response.Content.ReadAsStreamAsync(linked.Token))
            {
                await CopyCappedAsync(body, buffer, max, $"GET {display}", status, linked.Token);
            }
            buffer.Position = 0;
            return new FetchResult(false, buffer, response.Content.Headers.ContentType?.ToString(), Header(response, "ETag"),
                Header(response, "Last-Modified"), status, buffer.Length);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            await buffer.DisposeAsync();
            throw Exhausted(display, attempts, TimedOut(options.Timeout) + " while reading", status, ex);
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            await buffer.DisposeAsync();
            throw Exhausted(display, attempts, $"connection broke while reading: {UrlRedaction.RedactText(HtmlText.Excerpt(ex.Message, 160))}", status, ex);
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
}
