using System.Net;
using Microsoft.Extensions.Logging;
using MonitorBot.Core.Timing;
using MonitorBot.Feeds.Safety;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace MonitorBot.Feeds.Transport;

/// <summary>
/// The one resilience pipeline behind both of <see cref="FeedFetcher"/>'s HttpClients (registered with
/// <c>AddResilienceHandler</c> in <see cref="FeedsServiceCollectionExtensions.AddMonitorBotFeeds"/>), outermost first:
/// a total timeout; retries (<see cref="FeedsOptions.MaxRetries"/>) of 408/429/5xx, attempt timeouts and connection
/// errors, waiting Retry-After when the server sends one, else <see cref="FeedsOptions.RetryBaseDelay"/> doubled per retry
/// with up to 50 % jitter (<see cref="Backoff.Exponential"/>), capped at <see cref="FeedsOptions.MaxRetryDelay"/>; the host
/// spacing (<see cref="HostThrottle"/>) before every attempt; a per-attempt timeout (<see cref="FeedsOptions.Timeout"/>).
/// A refusal by <see cref="PublicAddressConnector"/> is never retried. Time comes from the pipeline's
/// <see cref="TimeProvider"/>, so tests can use fake time.
/// </summary>
public static partial class FeedResilience
{
    /// <summary>Shortest and longest timeouts the pipeline accepts (Polly's own bounds).</summary>
    private static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(10), MaxTimeout = TimeSpan.FromDays(1);

    /// <summary>Request option set by the fetcher: counts the attempts the pipeline made for that request.</summary>
    public static readonly HttpRequestOptionsKey<AttemptCounter> Attempts = new("MonitorBot.Feeds.Attempts");

    /// <summary>
    /// Adds the strategies to <paramref name="builder"/> from <paramref name="options"/> (read once: the handler rebuilds the
    /// pipeline when the options change). <paramref name="random"/> supplies jitter samples in [0, 1) (null: <see cref="Random.Shared"/>).
    /// </summary>
    public static void Configure(ResiliencePipelineBuilder<HttpResponseMessage> builder, FeedsOptions options, HostThrottle throttle,
        TimeProvider timeProvider, ILogger logger, Func<double>? random = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(throttle);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        var sample = random ?? Random.Shared.NextDouble;
        var retries = Math.Max(0, options.MaxRetries);

        builder.TimeProvider = timeProvider;
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "total", Timeout = TotalTimeout(options) });
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
            {
                Name = "retry",
                MaxRetryAttempts = retries,
                ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome)),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(
                    RetryDelay(args.AttemptNumber + 1, RetryAfter(args.Outcome.Result, timeProvider), options, sample())),
                OnRetry = args =>
                {
                    var uri = args.Context.GetRequestMessage()?.RequestUri;
                    LogRetry(logger, uri is null ? "?" : UrlRedaction.Redact(uri), Describe(args.Outcome, options), args.AttemptNumber + 1, retries,
                        (long)args.RetryDelay.TotalMilliseconds);
                    return default;
                },
            });
        }
        builder.AddStrategy(_ => new AttemptStrategy(throttle), new AttemptStrategyOptions());
        builder.AddTimeout(new TimeoutStrategyOptions { Name = "attempt", Timeout = AttemptTimeout(options) });
    }

    /// <summary>The per-attempt timeout (<see cref="FeedsOptions.Timeout"/> within Polly's bounds).</summary>
    public static TimeSpan AttemptTimeout(FeedsOptions options) => Clamp(options.Timeout);

    /// <summary>Bound on one fetch with all its retries: every attempt timing out and every retry waiting the longest delay, plus a minute.</summary>
    public static TimeSpan TotalTimeout(FeedsOptions options)
    {
        var retries = Math.Max(0, options.MaxRetries);
        var ticks = (AttemptTimeout(options).Ticks * (double)(retries + 1)) + (Math.Max(0, options.MaxRetryDelay.Ticks) * (double)retries) + TimeSpan.TicksPerMinute;
        return ticks >= MaxTimeout.Ticks ? MaxTimeout : Clamp(TimeSpan.FromTicks((long)ticks));
    }

    /// <summary>Retry-After when given (capped), else exponential backoff with up to 50 % jitter, capped at <see cref="FeedsOptions.MaxRetryDelay"/>.</summary>
    public static TimeSpan RetryDelay(int retry, TimeSpan? retryAfter, FeedsOptions options, double jitterSample)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (retryAfter is { } ra)
        {
            if (ra > options.MaxRetryDelay) ra = options.MaxRetryDelay;
            return ra < TimeSpan.Zero ? TimeSpan.Zero : ra;
        }
        return Backoff.Exponential(options.RetryBaseDelay, retry, options.MaxRetryDelay, jitter: 0.5, jitterSample);
    }

    /// <summary>408, 429, 5xx, attempt timeouts and connection errors; never a connect-time address refusal or a cancellation.</summary>
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => IsRetryable((int)response.StatusCode),
        { Exception: TimeoutRejectedException } => true,
        { Exception: HttpRequestException ex } => PublicAddressConnector.FindRefusal(ex) is null && ex.InnerException is not UriFormatException,
        { Exception: IOException } => true,
        _ => false,
    };

    internal static bool IsRetryable(int status) => status is 408 or 429 || status >= 500;

    private static TimeSpan? RetryAfter(HttpResponseMessage? response, TimeProvider timeProvider)
    {
        var header = response?.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - timeProvider.GetUtcNow();
        return null;
    }

    private static string Describe(Outcome<HttpResponseMessage> outcome, FeedsOptions options) => outcome switch
    {
        { Result: { } response } => $"HTTP {(int)response.StatusCode} {response.ReasonPhrase}",
        { Exception: TimeoutRejectedException } => FeedFetcher.TimedOut(options.Timeout),
        { Exception: { } ex } => UrlRedaction.RedactText(Internal.HtmlText.Excerpt(ex.Message, 160)),
        _ => "failed",
    };

    private static TimeSpan Clamp(TimeSpan value) => value < MinTimeout ? MinTimeout : value > MaxTimeout ? MaxTimeout : value;

    [LoggerMessage(EventId = 2101, Level = LogLevel.Warning, Message = "Fetching {Url} failed ({Failure}); retry {Attempt} of {Retries} in {DelayMs} ms")]
    private static partial void LogRetry(ILogger logger, string url, string failure, int attempt, int retries, long delayMs);

    /// <summary>How many attempts the pipeline made for one request (see <see cref="Attempts"/>).</summary>
    public sealed class AttemptCounter
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        internal void Increment() => Interlocked.Increment(ref _count);
    }

    private sealed class AttemptStrategyOptions : ResilienceStrategyOptions
    {
        public AttemptStrategyOptions() => Name = "attempt-start";
    }

    /// <summary>Before each attempt: wait for the host's slot (<see cref="HostThrottle"/>) and count the attempt.</summary>
    private sealed class AttemptStrategy(HostThrottle throttle) : ResilienceStrategy<HttpResponseMessage>
    {
        protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
        {
            var request = context.GetRequestMessage();
            if (request is not null)
            {
                if (request.Options.TryGetValue(Attempts, out var counter)) counter.Increment();
                if (request.RequestUri is { } uri)
                {
                    try
                    {
                        await throttle.WaitAsync(uri.IdnHost, context.CancellationToken).ConfigureAwait(context.ContinueOnCapturedContext);
                    }
                    catch (OperationCanceledException ex)
                    {
                        return Outcome.FromException<HttpResponseMessage>(ex);
                    }
                }
            }
            return await callback(context, state).ConfigureAwait(context.ContinueOnCapturedContext);
        }
    }
}
