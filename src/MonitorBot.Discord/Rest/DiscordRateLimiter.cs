using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MonitorBot.Discord.Models;

namespace MonitorBot.Discord.Rest;

/// <summary>
/// Shared rate-limit state for every REST request (singleton; the <see cref="DiscordRateLimitHandler"/> instances
/// that IHttpClientFactory rotates all delegate here). Implements docs "Rate Limits":
/// buckets learned from X-RateLimit-Bucket/Remaining/Reset-After per route + major parameter, one request in
/// flight per bucket, wait when Remaining is 0, 429 → wait retry_after then retry, global 429 pauses everything
/// (except interaction routes), bounded backoff on 5xx, stop after 401, and watch the invalid-request budget
/// (10,000 401/403/429 per 10 minutes before a temporary IP ban).
/// </summary>
public sealed class DiscordRateLimiter
{
    private static readonly TimeSpan InvalidRequestWindow = TimeSpan.FromMinutes(10);

    /// <summary>Added to every computed reset: timers may fire a millisecond early and Reset-After is rounded.</summary>
    private static readonly TimeSpan ResetMargin = TimeSpan.FromMilliseconds(50);

    private readonly DiscordOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _basePath;
    private readonly ConcurrentDictionary<string, Bucket> _byRoute = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Bucket> _byHash = new(StringComparer.Ordinal);
    private readonly Queue<DateTimeOffset> _invalidRequests = new();
    private readonly object _gate = new();
    private DateTimeOffset _globalUntil = DateTimeOffset.MinValue;
    private volatile bool _unauthorized;
    private bool _budgetWarned;

    public DiscordRateLimiter(IOptions<DiscordOptions> options, TimeProvider time, ILogger<DiscordRateLimiter>? logger = null)
    {
        _options = options.Value;
        _time = time;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _basePath = Uri.TryCreate(_options.ApiBaseUrl, UriKind.Absolute, out var b) ? b.AbsolutePath.TrimEnd('/') : "";
    }

    /// <summary>True once Discord answered 401: every further request throws <see cref="DiscordAuthenticationException"/>.</summary>
    public bool IsUnauthorized => _unauthorized;

    /// <summary>401/403/429 responses seen in the last 10 minutes.</summary>
    public int InvalidRequestCount
    {
        get
        {
            lock (_gate)
            {
                Prune(_time.GetUtcNow());
                return _invalidRequests.Count;
            }
        }
    }

    /// <summary>When a global 429 pause ends (MinValue when never paused).</summary>
    public DateTimeOffset GlobalResetAt
    {
        get { lock (_gate) { return _globalUntil; } }
    }

    public DiscordRoute RouteOf(HttpRequestMessage request)
    {
        var path = request.RequestUri?.AbsolutePath ?? "/";
        if (_basePath.Length > 0 && path.StartsWith(_basePath, StringComparison.Ordinal))
        {
            path = path[_basePath.Length..];
        }

        return DiscordRoute.Parse(request.Method.Method, Uri.UnescapeDataString(path));
    }

    internal async Task<HttpResponseMessage> SendAsync(
        HttpRequestMessage request,
        Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> send,
        CancellationToken cancellationToken)
    {
        var route = RouteOf(request);
        var deadline = DiscordRequestOptions.DeadlineOf(request);
        var retrySafe = DiscordRequestOptions.IsRetrySafe(request);
        var serverErrors = 0;
        var rateLimited = 0;
        while (true)
        {
            ThrowIfUnauthorized(route);
            var bucket = _byRoute.GetOrAdd(route.Key, static _ => new Bucket());
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (!ReferenceEquals(_byRoute.GetValueOrDefault(route.Key), bucket))
                {
                    // While we queued, this route was found to share a bucket (same X-RateLimit-Bucket) with another route:
                    // queue on the shared one, or two gates would let two requests into one exhausted bucket.
                    continue;
                }

                await WaitForInvalidBudgetAsync(route, deadline, cancellationToken).ConfigureAwait(false);
                if (!route.ExemptFromGlobal)
                {
                    await WaitForGlobalAsync(route, deadline, cancellationToken).ConfigureAwait(false);
                }

                await WaitForBucketAsync(bucket, route, deadline, cancellationToken).ConfigureAwait(false);
                ThrowIfUnauthorized(route);
                ThrowIfPast(route, deadline, TimeSpan.Zero);

                HttpResponseMessage response;
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                var attemptTimeout = _options.RestRequestTimeout;
                if (deadline is { } d && d - _time.GetUtcNow() < attemptTimeout)
                {
                    attemptTimeout = d - _time.GetUtcNow();
                }

                attemptCts.CancelAfter(attemptTimeout > TimeSpan.Zero ? attemptTimeout : TimeSpan.FromMilliseconds(1));
                try
                {
                    response = await send(request, attemptCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException)
                {
                    var error = ex is HttpRequestException h ? h.HttpRequestError.ToString() : "timeout";
                    // An error before the request left (DNS, connect refused) is always safe to retry; after it may have reached
                    // Discord only a request that cannot act twice is retried (idempotent method, or nonce + enforce_nonce).
                    var notSent = ex is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError or HttpRequestError.ConnectionError };
                    if (!retrySafe && !notSent)
                    {
                        DiscordLog.NotRetried(_logger, route.Display, error);
                        throw new DiscordDeliveryUnknownException(route.Display, error, ex);
                    }

                    if (serverErrors >= _options.RestMaxRetries)
                    {
                        throw new DiscordException($"Discord API {route.Display} failed after {serverErrors + 1} attempts ({error}).", ex);
                    }

                    serverErrors++;
                    var delay = Backoff(serverErrors);
                    ThrowIfPast(route, deadline, delay);
                    DiscordLog.NetworkErrorRetry(_logger, route.Display, error, serverErrors, delay.TotalMilliseconds);
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                var learned = Learn(bucket, route, response);
                var status = (int)response.StatusCode;
                if (response.StatusCode == HttpStatusCode.Unauthorized)
                {
                    RecordInvalid();
                    _unauthorized = true;
                    DiscordLog.Unauthorized(_logger, route.Display);
                    response.Dispose();
                    throw new DiscordAuthenticationException(route.Display);
                }

                if (response.StatusCode == HttpStatusCode.BadRequest && await ErrorCodeAsync(response, cancellationToken).ConfigureAwait(false) == UnauthorizedErrorCode)
                {
                    // Docs (Opcodes and Status Codes, JSON error codes): 40001 "Unauthorized. Provide a valid token and try again".
                    // Some Discord-compatible servers answer a bad token this way instead of with HTTP 401.
                    _unauthorized = true;
                    DiscordLog.Unauthorized(_logger, route.Display);
                    response.Dispose();
                    throw new DiscordAuthenticationException(route.Display, "HTTP 400, code 40001");
                }

                if (response.StatusCode == HttpStatusCode.Forbidden)
                {
                    RecordInvalid();
                    return response;
                }

                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    var (retryAfter, global, shared) = await ReadRateLimitAsync(response, cancellationToken).ConfigureAwait(false);
                    if (!shared)
                    {
                        // Docs: 429s with X-RateLimit-Scope: shared do not count toward the invalid request limit.
                        RecordInvalid();
                    }

                    if (rateLimited >= _options.RestMax429Retries)
                    {
                        return response;
                    }

                    // A 429 was not acted on, so any request may be retried, but never past its deadline (docs, Receiving
                    // and Responding: a callback later than 3 s finds the token invalidated; retrying it only burns budget).
                    ThrowIfPast(route, deadline, retryAfter);
                    rateLimited++;
                    DiscordLog.RateLimited(_logger, route.Display, global, retryAfter.TotalMilliseconds);
                    var until = _time.GetUtcNow() + retryAfter + ResetMargin;
                    if (global)
                    {
                        lock (_gate)
                        {
                            if (until > _globalUntil)
                            {
                                _globalUntil = until;
                            }
                        }

                        if (route.ExemptFromGlobal)
                        {
                            // This route is not bound by the global limit, but it was told to wait: honour it here.
                            await Task.Delay(retryAfter, _time, cancellationToken).ConfigureAwait(false);
                        }
                    }
                    else
                    {
                        var resetAt = _time.GetTimestamp() + Ticks(retryAfter + ResetMargin);
                        bucket.Remaining = 0;
                        bucket.ResetAt = Math.Max(bucket.ResetAt, resetAt);
                        learned.Remaining = 0;
                        learned.ResetAt = Math.Max(learned.ResetAt, resetAt);
                    }

                    response.Dispose();
                    continue;
                }

                // Docs (HTTP response codes): 502 "There was not a gateway available to process your request. Wait a bit and
                // retry"; 503 likewise never reached an application server. Other 5xx may have been acted on: only retry-safe
                // requests are repeated after them.
                if (status >= 500 && serverErrors < _options.RestMaxRetries && (retrySafe || status is 502 or 503))
                {
                    serverErrors++;
                    var delay = Backoff(serverErrors);
                    ThrowIfPast(route, deadline, delay);
                    DiscordLog.ServerErrorRetry(_logger, route.Display, status, serverErrors, delay.TotalMilliseconds);
                    response.Dispose();
                    await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return response;
            }
            finally
            {
                bucket.Gate.Release();
            }
        }
    }

    private const int UnauthorizedErrorCode = 40001;

    private static async Task<int?> ErrorCodeAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            // Buffer first: the client reads the same body again for its DiscordHttpException.
            await response.Content.LoadIntoBufferAsync(cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return body.Length > 0 ? JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordErrorBody)?.Code : null;
        }
        catch (Exception ex) when (ex is JsonException or HttpRequestException or IOException)
        {
            return null;
        }
    }

    /// <summary>Throws when waiting <paramref name="wait"/> more would carry the request past its deadline.</summary>
    private void ThrowIfPast(DiscordRoute route, DateTimeOffset? deadline, TimeSpan wait)
    {
        if (deadline is { } d && _time.GetUtcNow() + wait >= d)
        {
            DiscordLog.DeadlinePassed(_logger, route.Display, wait.TotalMilliseconds);
            throw new DiscordDeadlineExceededException(route.Display, d);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private void ThrowIfUnauthorized(DiscordRoute route)
    {
        if (_unauthorized)
        {
            throw new DiscordAuthenticationException(route.Display);
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        var ms = _options.RestRetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1);
        return TimeSpan.FromMilliseconds(Math.Min(ms, 30_000));
    }

    private async Task WaitForGlobalAsync(DiscordRoute route, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                wait = _globalUntil - _time.GetUtcNow();
            }

            if (wait <= TimeSpan.Zero)
            {
                return;
            }

            ThrowIfPast(route, deadline, wait);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Resets are kept on the monotonic clock (<see cref="TimeProvider.GetTimestamp"/>): a wall-clock step (NTP)
    /// while a bucket is exhausted cannot shorten the wait. Loops because a timer may fire a little early.</summary>
    private async Task WaitForBucketAsync(Bucket bucket, DiscordRoute route, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        if (bucket.Remaining is 0)
        {
            while (true)
            {
                var wait = _time.GetElapsedTime(_time.GetTimestamp(), bucket.ResetAt);
                if (wait <= TimeSpan.Zero)
                {
                    break;
                }

                ThrowIfPast(route, deadline, wait);
                DiscordLog.BucketExhausted(_logger, route.Display, bucket.Hash ?? "(unknown)", wait.TotalMilliseconds);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            // The window has reset; the next response tells us the new Remaining.
            bucket.Remaining = null;
        }
    }

    private async Task WaitForInvalidBudgetAsync(DiscordRoute route, DateTimeOffset? deadline, CancellationToken cancellationToken)
    {
        TimeSpan wait;
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Prune(now);
            if (_invalidRequests.Count < _options.InvalidRequestSoftLimit)
            {
                _budgetWarned = false;
                return;
            }

            if (!_budgetWarned)
            {
                _budgetWarned = true;
                DiscordLog.InvalidRequestBudget(_logger, _invalidRequests.Count, _options.InvalidRequestSoftLimit);
            }

            wait = _invalidRequests.Peek() + InvalidRequestWindow - now;
        }

        if (wait > TimeSpan.Zero)
        {
            ThrowIfPast(route, deadline, wait);
            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private void RecordInvalid()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Prune(now);
            _invalidRequests.Enqueue(now);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        while (_invalidRequests.Count > 0 && now - _invalidRequests.Peek() >= InvalidRequestWindow)
        {
            _invalidRequests.Dequeue();
        }
    }

    private Bucket Learn(Bucket bucket, DiscordRoute route, HttpResponseMessage response)
    {
        var headers = response.Headers;
        var target = bucket;
        if (TryHeader(headers, "X-RateLimit-Bucket", out var hash))
        {
            // Routes sharing a bucket hash (with the same major parameter) share one state from now on.
            bucket.Hash ??= hash;
            target = _byHash.GetOrAdd(hash + "|" + route.Major, bucket);
            target.Hash ??= hash;
            _byRoute[route.Key] = target;
        }

        if (TryHeader(headers, "X-RateLimit-Remaining", out var remainingText) &&
            int.TryParse(remainingText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var remaining))
        {
            target.Remaining = remaining;
            bucket.Remaining = remaining;
        }

        if (TryHeader(headers, "X-RateLimit-Reset-After", out var resetText) &&
            double.TryParse(resetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter) && resetAfter >= 0)
        {
            // Docs (Rate Limits, Header Format): Reset-After is the time in seconds until the bucket resets and "can have
            // decimals"; X-RateLimit-Reset is an epoch time, which would carry any clock skew between us and the server, so we
            // use Reset-After measured from when we received it, on the monotonic clock. A server may round it (to whole
            // seconds, or to fewer decimals): add one unit of its last digit so a rounded-down value never makes us early.
            var resetAt = _time.GetTimestamp() + Ticks(TimeSpan.FromSeconds(resetAfter) + RoundingAllowance(resetText) + ResetMargin);
            target.ResetAt = resetAt;
            bucket.ResetAt = resetAt;
        }

        if (_byRoute.Count > 5000)
        {
            PruneBuckets();
        }

        return target;
    }

    /// <summary>One unit of the last digit sent: "1" → 1 s, "0.3" → 100 ms, "1.234" → 1 ms.</summary>
    internal static TimeSpan RoundingAllowance(string resetAfter)
    {
        var dot = resetAfter.IndexOf('.', StringComparison.Ordinal);
        var decimals = dot < 0 ? 0 : resetAfter.Length - dot - 1;
        return TimeSpan.FromSeconds(Math.Pow(10, -Math.Min(decimals, 7)));
    }

    private void PruneBuckets()
    {
        var now = _time.GetTimestamp();
        foreach (var (key, bucket) in _byRoute)
        {
            if (bucket.ResetAt < now && bucket.Gate.CurrentCount == 1)
            {
                _byRoute.TryRemove(key, out _);
            }
        }

        foreach (var (key, bucket) in _byHash)
        {
            if (bucket.ResetAt < now && bucket.Gate.CurrentCount == 1)
            {
                _byHash.TryRemove(key, out _);
            }
        }
    }

    private static bool TryHeader(System.Net.Http.Headers.HttpResponseHeaders headers, string name, out string value)
    {
        if (headers.TryGetValues(name, out var values))
        {
            value = values.FirstOrDefault() ?? "";
            return value.Length > 0;
        }

        value = "";
        return false;
    }

    private static async Task<(TimeSpan RetryAfter, bool Global, bool Shared)> ReadRateLimitAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        double? seconds = null;
        var global = TryHeader(response.Headers, "X-RateLimit-Global", out var g) && g.Equals("true", StringComparison.OrdinalIgnoreCase);
        var shared = TryHeader(response.Headers, "X-RateLimit-Scope", out var scope) && scope == "shared";
        try
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            if (body.Length > 0)
            {
                var error = JsonSerializer.Deserialize(body, DiscordJsonContext.Default.DiscordErrorBody);
                seconds = error?.RetryAfter;
                global |= error?.Global == true;
            }
        }
        catch (JsonException)
        {
            // Cloudflare bans answer with HTML; fall back to the headers.
        }

        if (seconds is null && TryHeader(response.Headers, "Retry-After", out var ra) &&
            double.TryParse(ra, NumberStyles.Float, CultureInfo.InvariantCulture, out var s))
        {
            seconds = s;
        }

        if (seconds is null && TryHeader(response.Headers, "X-RateLimit-Reset-After", out var rs) &&
            double.TryParse(rs, NumberStyles.Float, CultureInfo.InvariantCulture, out var s2))
        {
            seconds = s2;
        }

        return (TimeSpan.FromSeconds(Math.Clamp(seconds ?? 1, 0, 3600)), global, shared);
    }

    private sealed class Bucket
    {
        public SemaphoreSlim Gate { get; } = new(1, 1);

        public int? Remaining { get; set; }

        /// <summary>Monotonic timestamp (<see cref="TimeProvider.GetTimestamp"/>) when the bucket resets.</summary>
        public long ResetAt { get; set; } = long.MinValue;

        public string? Hash { get; set; }
    }
}

/// <summary>DelegatingHandler in the typed HttpClient pipeline; the state lives in the singleton <see cref="DiscordRateLimiter"/>.</summary>
public sealed class DiscordRateLimitHandler(DiscordRateLimiter limiter) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        limiter.SendAsync(request, base.SendAsync, cancellationToken);
}
