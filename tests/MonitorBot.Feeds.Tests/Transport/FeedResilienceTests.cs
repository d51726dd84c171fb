using System.Net;
using System.Net.Sockets;
using MonitorBot.Feeds.Safety;
using MonitorBot.Feeds.Transport;
using Polly;
using Polly.Timeout;

namespace MonitorBot.Feeds.Tests.Transport;

/// <summary>The pieces of the feeds resilience pipeline that are pure: delays, what is retried, the timeouts.</summary>
public sealed class FeedResilienceTests
{
    private static FeedsOptions Options(int baseMs = 2000, int maxMs = 60_000) =>
        new() { RetryBaseDelay = TimeSpan.FromMilliseconds(baseMs), MaxRetryDelay = TimeSpan.FromMilliseconds(maxMs) };

    [Theory]
    // retry, Retry-After ms (-1 none), jitter sample, expected ms
    [InlineData(1, -1, 0, 2000)]
    [InlineData(2, -1, 0, 4000)]
    [InlineData(3, -1, 0, 8000)]
    [InlineData(1, -1, 1, 3000)] // up to 50 % jitter
    [InlineData(2, -1, 0.5, 5000)]
    [InlineData(6, -1, 0, 60_000)] // 64 s capped at MaxRetryDelay
    [InlineData(1, 1000, 0.9, 1000)] // Retry-After wins, no jitter
    [InlineData(1, 600_000, 0, 60_000)] // Retry-After capped
    [InlineData(1, -5000, 0, 0)] // a Retry-After date in the past: at once
    public void RetryDelay_Table_GivesTheWait(int retry, int retryAfterMs, double sample, int expectedMs)
    {
        TimeSpan? retryAfter = retryAfterMs == -1 ? null : TimeSpan.FromMilliseconds(retryAfterMs);

        var delay = FeedResilience.RetryDelay(retry, retryAfter, Options(), sample);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), delay);
    }

    [Theory]
    [InlineData(200, false)]
    [InlineData(304, false)]
    [InlineData(404, false)]
    [InlineData(401, false)]
    [InlineData(408, true)]
    [InlineData(429, true)]
    [InlineData(500, true)]
    [InlineData(503, true)]
    public void ShouldRetry_Status_RetriesTransientOnly(int status, bool expected)
    {
        using var response = new HttpResponseMessage((HttpStatusCode)status);

        Assert.Equal(expected, FeedResilience.ShouldRetry(Outcome.FromResult(response)));
    }

    [Fact]
    public void ShouldRetry_Exceptions_RetriesTimeoutsAndConnectionErrorsButNotRefusals()
    {
        var refusal = new HttpRequestException("refused", new AddressNotAllowedException("127.0.0.1", IPAddress.Loopback, "host 127.0.0.1 is a loopback address"));

        Assert.True(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new TimeoutRejectedException())));
        Assert.True(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("reset", new SocketException()))));
        Assert.True(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new IOException("broken pipe"))));
        Assert.False(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(refusal)));
        Assert.False(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new OperationCanceledException())));
        Assert.False(FeedResilience.ShouldRetry(Outcome.FromException<HttpResponseMessage>(new HttpRequestException("bad", new UriFormatException()))));
    }

    [Theory]
    // timeout s, retries, max retry delay s, expected total s
    [InlineData(30, 2, 60, (30 * 3) + (60 * 2) + 60)]
    [InlineData(5, 0, 60, 5 + 60)]
    [InlineData(30, -3, 60, 30 + 60)]
    [InlineData(86_400, 5, 60, 86_400)] // capped at a day
    public void TotalTimeout_Table_BoundsEveryAttemptAndWait(int timeoutS, int retries, int maxDelayS, int expectedS)
    {
        var options = new FeedsOptions { Timeout = TimeSpan.FromSeconds(timeoutS), MaxRetries = retries, MaxRetryDelay = TimeSpan.FromSeconds(maxDelayS) };

        Assert.Equal(TimeSpan.FromSeconds(expectedS), FeedResilience.TotalTimeout(options));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(200, 200)]
    [InlineData(172_800_000, 86_400_000)]
    public void AttemptTimeout_OutsidePollyBounds_IsClamped(int timeoutMs, int expectedMs) =>
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), FeedResilience.AttemptTimeout(new FeedsOptions { Timeout = TimeSpan.FromMilliseconds(timeoutMs) }));
}
