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
        var serverErrors = 0;
        var rateLimited = 0;
        while (true)
        {
            ThrowIfUnauthorized(route);
            var bucket = _byRoute.GetOrAdd(route.Key, static _ => new Bucket());
            await bucket.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await WaitForInvalidBudgetAsync(cancellationToken).ConfigureAwait(false);
                if (!route.ExemptFromGlobal)
                {
                    await WaitForGlobalAsync(cancellationToken).ConfigureAwait(false);
                }

                await WaitForBucketAsync(bucket, route, cancellationToken).ConfigureAwait(false);
                ThrowIfUnauthorized(route);

                HttpResponseMessage response;
                using var attemptCts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                attemptCts.CancelAfter(_options.RestRequestTimeout);
                try
                {
                    response = await send(request, attemptCts.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or OperationCanceledException)
                {
                    var error = ex is HttpRequestException h ? h.HttpRequestError.ToString() : "timeout";
                    if (serverErrors >= _options.RestMaxRetries)
                    {
                        throw new DiscordException($"Discord API {route.Display} failed after {serverErrors + 1} attempts ({error}).", ex);
                    }

                    serverErrors++;
                    var delay = Backoff(serverErrors);
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
                        bucket.Remaining = 0;
                        bucket.ResetAt = until;
                        learned.Remaining = 0;
                        learned.ResetAt = until;
                    }

                    response.Dispose();
                    continue;
                }

                if (status >= 500 && serverErrors < _options.RestMaxRetries)
                {
                    serverErrors++;
                    var delay = Backoff(serverErrors);
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

    private async Task WaitForGlobalAsync(CancellationToken cancellationToken)
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

            await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task WaitForBucketAsync(Bucket bucket, DiscordRoute route, CancellationToken cancellationToken)
    {
        if (bucket.Remaining is 0)
        {
            var wait = bucket.ResetAt - _time.GetUtcNow();
            if (wait > TimeSpan.Zero)
            {
                DiscordLog.BucketExhausted(_logger, route.Display, bucket.Hash ?? "(unknown)", wait.TotalMilliseconds);
                await Task.Delay(wait, _time, cancellationToken).ConfigureAwait(false);
            }

            // The window has reset; the next response tells us the new Remaining.
            bucket.Remaining = null;
        }
    }

    private async Task WaitForInvalidBudgetAsync(CancellationToken cancellationToken)
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
            double.TryParse(resetText, NumberStyles.Float, CultureInfo.InvariantCulture, out var resetAfter))
        {
            target.ResetAt = _time.GetUtcNow() + TimeSpan.FromSeconds(resetAfter) + ResetMargin;
            bucket.ResetAt = target.ResetAt;
        }

        if (_byRoute.Count > 5000)
        {
            PruneBuckets();
        }

        return target;
    }

    private void PruneBuckets()
    {
        var now = _time.GetUtcNow();
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

        public DateTimeOffset ResetAt { get; set; } = DateTimeOffset.MinValue;

        public string? Hash { get; set; }
    }
}

/// <summary>DelegatingHandler in the typed HttpClient pipeline; the state lives in the singleton <see cref="DiscordRateLimiter"/>.</summary>
public sealed class DiscordRateLimitHandler(DiscordRateLimiter limiter) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        limiter.SendAsync(request, base.SendAsync, cancellationToken);
}
