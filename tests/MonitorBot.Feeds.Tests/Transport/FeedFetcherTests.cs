using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MonitorBot.Feeds.Transport;
using TempDirectory = MonitorBot.Tests.Shared.TempDirectory;

namespace MonitorBot.Feeds.Tests.Transport;

public sealed class FeedFetcherTests(FeedTestServer server) : IClassFixture<FeedTestServer>
{
    private static FeedFetcher Fetcher(IDictionary<string, string?>? settings = null) =>
        FeedTestServer.BuildServices(settings).GetRequiredService<FeedFetcher>();

    /// <summary>A fetcher on fake time; the attempt timeout is long (an hour) unless <paramref name="settings"/> sets it.</summary>
    private static (FeedFetcher Fetcher, FakeTimeProvider Time) FakeTimeFetcher(IDictionary<string, string?>? settings = null)
    {
        var time = new FakeTimeProvider(FakeTime.Start);
        var values = new Dictionary<string, string?> { ["Feeds:Timeout"] = "00:10:00" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) values[key] = value;
        return (FeedTestServer.BuildServices(values, FakeTime.Use(time)).GetRequiredService<FeedFetcher>(), time);
    }

    private static async Task<string> ReadAllAsync(FetchResult result)
    {
        await using var body = result.Body;
        using var reader = new StreamReader(body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    [Fact]
    public async Task FetchAsync_ConditionalGet_ReturnsValidatorsThenNotModified()
    {
        var fetcher = Fetcher();

        var first = await fetcher.FetchAsync(new FetchRequest(server.Url("/etag")), CancellationToken.None);
        var byEtag = await fetcher.FetchAsync(new FetchRequest(server.Url("/etag"), ETag: first.ETag), CancellationToken.None);
        var byDate = await fetcher.FetchAsync(new FetchRequest(server.Url("/etag"), LastModified: first.LastModified), CancellationToken.None);

        Assert.False(first.NotModified);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(FeedTestServer.ETagValue, first.ETag);
        Assert.Equal(FeedTestServer.LastModifiedValue, first.LastModified);
        Assert.Equal("text/csv", first.ContentType);
        Assert.Equal("Date,Close\n2025-03-24,1\n", await ReadAllAsync(first));
        Assert.Equal(first.Length, Encoding.UTF8.GetByteCount("Date,Close\n2025-03-24,1\n"));

        Assert.True(byEtag.NotModified);
        Assert.Same(Stream.Null, byEtag.Body);
        Assert.Equal(304, byEtag.StatusCode);
        Assert.Equal(FeedTestServer.ETagValue, byEtag.ETag);
        Assert.True(byDate.NotModified);
        Assert.Equal(FeedTestServer.LastModifiedValue, byDate.LastModified);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(408)]
    public async Task FetchAsync_TransientStatusThenSuccess_Retries(int status)
    {
        var key = $"retry-{status}";

        var result = await Fetcher().FetchAsync(new FetchRequest(server.Url($"/flaky/{key}/2/{status}")), CancellationToken.None);

        Assert.Equal("ok", await ReadAllAsync(result));
        Assert.Equal(3, server.Hits(key));
    }

    [Fact]
    public async Task FetchAsync_ServerErrorForever_GivesUpTransientWithExcerpt()
    {
        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher().FetchAsync(new FetchRequest(server.Url("/flaky/forever/1000/502")), CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Equal(502, ex.HttpStatus);
        Assert.Equal(3, server.Hits("forever"));
        Assert.Equal($"GET {server.Url("/flaky/forever/1000/502")} failed after 3 attempts: HTTP 502 Bad Gateway: Temporarily broken", ex.Message);
    }

    [Theory]
    [InlineData(404)]
    [InlineData(403)]
    [InlineData(401)]
    public async Task FetchAsync_ClientError_NotRetriedNotTransient(int status)
    {
        var key = $"client-{status}";

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher().FetchAsync(new FetchRequest(server.Url($"/count/{key}/{status}")), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Equal(status, ex.HttpStatus);
        Assert.Equal(1, server.Hits(key));
        Assert.Contains($"HTTP {status}", ex.Message, StringComparison.Ordinal);
        Assert.Contains("no such feed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_SlowServer_TimesOutPerAttemptAndIsTransient()
    {
        var (fetcher, time) = FakeTimeFetcher(new Dictionary<string, string?> { ["Feeds:Timeout"] = "00:00:00.200", ["Feeds:MaxRetries"] = "1" });
        var before = server.Hits("slow");

        var fetch = fetcher.FetchAsync(new FetchRequest(server.Url("/slow")), CancellationToken.None);
        var ex = await Assert.ThrowsAsync<FeedFetchException>(async () => await FakeTime.DriveAsync(time, fetch));

        Assert.True(ex.IsTransient);
        Assert.Contains("failed after 2 attempts: timed out after 0.2 s", ex.Message, StringComparison.Ordinal);
        Assert.InRange(time.GetUtcNow() - FakeTime.Start, TimeSpan.FromMilliseconds(400), TimeSpan.FromMinutes(1));
        Assert.Equal(2, server.Hits("slow") - before);
    }

    [Fact]
    public async Task FetchAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(150));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Fetcher().FetchAsync(new FetchRequest(server.Url("/slow")), cts.Token));
    }

    [Theory]
    [InlineData("/big-length/5000", "the response is 5000 bytes, over the 1024-byte limit")]
    [InlineData("/big-chunked/5000", "the response is over the 1024-byte limit")]
    public async Task FetchAsync_Oversized_ThrowsNotTransient(string path, string expected)
    {
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:MaxResponseBytes"] = "1024" });

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest(server.Url(path)), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_UnderLimit_Succeeds()
    {
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:MaxResponseBytes"] = "1024" });

        var result = await fetcher.FetchAsync(new FetchRequest(server.Url("/big-chunked/1000")), CancellationToken.None);

        Assert.Equal(1000, result.Length);
        Assert.Equal(1000, (await ReadAllAsync(result)).Length);
    }

    [Fact]
    public async Task FetchAsync_GzipResponse_IsDecompressed()
    {
        var result = await Fetcher().FetchAsync(new FetchRequest(server.Url("/gzip")), CancellationToken.None);

        Assert.Equal(FeedTestServer.GzipText, await ReadAllAsync(result));
    }

    [Fact]
    public async Task FetchAsync_RetryAfter_IsHonoured()
    {
        var (fetcher, time) = FakeTimeFetcher();

        var fetch = fetcher.FetchAsync(new FetchRequest(server.Url("/retry-after/honoured")), CancellationToken.None);
        var elapsed = await FakeTime.DriveAsync(time, fetch);

        Assert.Equal("ok", await ReadAllAsync(await fetch));
        Assert.True(elapsed >= TimeSpan.FromSeconds(1), $"retried after {elapsed}");
        Assert.Equal(2, server.Hits("honoured"));
    }

    [Fact]
    public async Task FetchAsync_RetryAfter_IsCappedByMaxRetryDelay()
    {
        var (fetcher, time) = FakeTimeFetcher(new Dictionary<string, string?> { ["Feeds:MaxRetryDelay"] = "00:00:00.050" });

        var fetch = fetcher.FetchAsync(new FetchRequest(server.Url("/retry-after/capped")), CancellationToken.None);
        var elapsed = await FakeTime.DriveAsync(time, fetch, TimeSpan.FromMilliseconds(5));

        Assert.Equal("ok", await ReadAllAsync(await fetch));
        Assert.True(elapsed >= TimeSpan.FromMilliseconds(50) && elapsed < TimeSpan.FromSeconds(10),
            $"retried after {elapsed} (Retry-After asked for 10 s, the cap is 50 ms)");
        Assert.Equal(2, server.Hits("capped"));
    }

    [Fact]
    public async Task FetchAsync_DefaultHeaders_SendsUserAgentAndAccept()
    {
        var result = await Fetcher().FetchAsync(new FetchRequest(server.Url("/echo")), CancellationToken.None);

        Assert.Equal($"MonitorBot-Test/1.0|{FeedFetcher.DefaultAccept}||", await ReadAllAsync(result));
    }

    [Fact]
    public async Task FetchAsync_SourceHeaders_WinOverDefaults()
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["user-agent"] = "Mozilla/5.0 (X11; Linux x86_64)",
            ["Accept"] = "application/json",
            ["X-Test"] = "42",
        };

        var result = await Fetcher().FetchAsync(new FetchRequest(server.Url("/echo"), headers), CancellationToken.None);

        Assert.Equal("Mozilla/5.0 (X11; Linux x86_64)|application/json|42|", await ReadAllAsync(result));
    }

    [Fact]
    public async Task FetchAsync_Errors_NeverShowQueryOrHeaderValues()
    {
        var headers = new Dictionary<string, string> { ["X-Api-Key"] = "HEADER-SECRET" };

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() =>
            Fetcher().FetchAsync(new FetchRequest(server.Url("/count/secret/401?subscription-key=QUERY-SECRET"), headers), CancellationToken.None));

        Assert.DoesNotContain("QUERY-SECRET", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("HEADER-SECRET", ex.Message, StringComparison.Ordinal);
        Assert.Contains("/count/secret/401", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_ConnectionRefused_IsTransientAfterRetries()
    {
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:MaxRetries"] = "1" });

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest("http://127.0.0.1:1/feed"), CancellationToken.None));

        Assert.True(ex.IsTransient);
        Assert.Contains("failed after 2 attempts: connection failed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_MinHostInterval_SpacesRequests()
    {
        var (fetcher, time) = FakeTimeFetcher(new Dictionary<string, string?> { ["Feeds:MinHostIntervals:127.0.0.1"] = "00:00:00.300" });

        async Task TwiceAsync()
        {
            await (await fetcher.FetchAsync(new FetchRequest(server.Url("/echo")), CancellationToken.None)).Body.DisposeAsync();
            await (await fetcher.FetchAsync(new FetchRequest(server.Url("/echo")), CancellationToken.None)).Body.DisposeAsync();
        }
        var elapsed = await FakeTime.DriveAsync(time, TwiceAsync());

        Assert.True(elapsed >= TimeSpan.FromMilliseconds(300), $"took {elapsed}");
    }

    [Fact]
    public async Task FetchAsync_FilePaths_ReadWithLastModifiedAndNotModified()
    {
        using var temp = new TempDirectory();
        var path = temp.File("quotes.csv");
        await File.WriteAllTextAsync(path, "series,time,value\ntb-oxide,2025-03-24,6550\n");
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:BaseDirectory"] = temp.Path });

        var absolute = await fetcher.FetchAsync(new FetchRequest(path), CancellationToken.None);
        var fileUrl = await fetcher.FetchAsync(new FetchRequest(new Uri(path).AbsoluteUri), CancellationToken.None);
        var relative = await fetcher.FetchAsync(new FetchRequest("quotes.csv"), CancellationToken.None);
        var unchanged = await fetcher.FetchAsync(new FetchRequest(path, LastModified: absolute.LastModified), CancellationToken.None);

        Assert.StartsWith("series,time,value", await ReadAllAsync(absolute), StringComparison.Ordinal);
        Assert.Equal("text/csv", absolute.ContentType);
        Assert.NotNull(absolute.LastModified);
        Assert.Equal(absolute.Length, (await ReadAllAsync(fileUrl)).Length);
        Assert.Equal(absolute.Length, (await ReadAllAsync(relative)).Length);
        Assert.True(unchanged.NotModified);

        File.SetLastWriteTimeUtc(path, new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        var changed = await fetcher.FetchAsync(new FetchRequest(path, LastModified: absolute.LastModified), CancellationToken.None);
        Assert.False(changed.NotModified);
        await changed.Body.DisposeAsync();
    }

    [Fact]
    public async Task FetchAsync_FileProblems_ThrowNotTransient()
    {
        using var temp = new TempDirectory();
        var big = temp.File("big.csv");
        await File.WriteAllBytesAsync(big, new byte[2000]);
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:MaxResponseBytes"] = "1024" });

        var missing = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest(temp.File("nope.csv")), CancellationToken.None));
        var tooBig = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest(big), CancellationToken.None));

        Assert.False(missing.IsTransient);
        Assert.StartsWith("file not found: ", missing.Message, StringComparison.Ordinal);
        Assert.False(tooBig.IsTransient);
        Assert.Contains("over the 1024-byte limit", tooBig.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.org/feed.xml", "unsupported URL scheme 'ftp'")]
    [InlineData("data:text/plain,hello", "unsupported URL scheme 'data'")]
    [InlineData("  ", "no URL or file path is configured")]
    public async Task FetchAsync_BadLocations_Throw(string url, string expected)
    {
        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => Fetcher().FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.False(ex.IsTransient);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
