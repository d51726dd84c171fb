using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using MonitorBot.Feeds.Transport;

namespace MonitorBot.Feeds.Tests.Transport;

/// <summary>Issue 10 points 3 and 10: user-info never shown, redirect failures in one clear line (real Kestrel on 127.0.0.1).</summary>
public sealed class FeedFetcherRedirectAndRedactionTests(FeedTestServer server) : IClassFixture<FeedTestServer>
{
    private static FeedFetcher Fetcher(IDictionary<string, string?>? settings = null) =>
        FeedTestServer.BuildServices(settings).GetRequiredService<FeedFetcher>();

    [Theory]
    [InlineData("http://u:secret@example.org/feed.xml?apikey=K", "http://example.org/feed.xml")]
    [InlineData("https://token@example.org:8443/a/b", "https://example.org:8443/a/b")]
    [InlineData("http://example.org/x#frag", "http://example.org/x")]
    [InlineData("https://EXAMPLE.org/path", "https://example.org/path")]
    public void Redact_UrlWithUserInfoOrQuery_ShowsSchemeHostAndPathOnly(string url, string expected)
    {
        Assert.Equal(expected, FeedFetcher.Redact(new Uri(url)));
        Assert.Equal(expected, UrlRedaction.Redact(url));
    }

    [Theory]
    [InlineData("http://u:secret@host/feed?x=1", "http://••••@host/feed?x=1")]
    [InlineData("not a url u:secret@host", "not a url u:secret@host")]
    [InlineData("ftp://user:pw@host/", "ftp://••••@host/")]
    public void MaskUserInfo_Url_HidesOnlyTheUserInfo(string url, string expected) =>
        Assert.Equal(expected, UrlRedaction.MaskUserInfo(url));

    [Fact]
    public void RedactText_ErrorMessageWithUrls_HidesPasswordsAndQueries()
    {
        var text = "GET http://u:secret@host.example/feed?token=T1 failed; see https://a:b@other.example/x?k=v.";

        var redacted = UrlRedaction.RedactText(text);

        Assert.DoesNotContain("secret", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("T1", redacted, StringComparison.Ordinal);
        Assert.DoesNotContain("a:b", redacted, StringComparison.Ordinal);
        Assert.Contains("http://host.example/feed failed", redacted, StringComparison.Ordinal);
        Assert.Contains("https://other.example/x", redacted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FetchAsync_UrlWithPassword_ErrorAndLogsNeverShowIt()
    {
        var logs = new ListLoggerProvider();
        using var services = FeedTestServer.BuildServices(new Dictionary<string, string?> { ["Feeds:MaxRetries"] = "1" },
            s => s.AddSingleton<ILoggerProvider>(logs));
        var fetcher = services.GetRequiredService<FeedFetcher>();
        var url = server.Url("/count/pw/503").Replace("http://", "http://reader:hunter2@", StringComparison.Ordinal);

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.DoesNotContain("hunter2", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("reader", ex.Message, StringComparison.Ordinal);
        Assert.Contains(server.Url("/count/pw/503"), ex.Message, StringComparison.Ordinal);
        Assert.NotEmpty(logs.Messages);
        Assert.All(logs.Messages, m => Assert.DoesNotContain("hunter2", m, StringComparison.Ordinal));
        // One line per retry, ours (Polly's own event logs are off for this pipeline).
        Assert.Collection(logs.Messages,
            m => Assert.StartsWith($"Fetching {server.Url("/count/pw/503")} failed (HTTP 503 Service Unavailable); retry 1 of 1 in ", m, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("gopher://127.0.0.1:70/1", "redirect to unsupported scheme 'gopher' refused")]
    [InlineData("GOPHER://127.0.0.1/", "redirect to unsupported scheme 'gopher' refused")]
    [InlineData("file:///etc/passwd", "redirect to unsupported scheme 'file' refused")]
    [InlineData("file://", "redirect to unsupported scheme 'file' refused")]
    [InlineData("file:///C:/secrets.txt", "redirect to unsupported scheme 'file' refused")]
    [InlineData("ftp://127.0.0.1/feed.xml", "redirect to unsupported scheme 'ftp' refused")]
    [InlineData("javascript:alert(1)", "redirect to unsupported scheme 'javascript' refused")]
    [InlineData("data:text/plain,hi", "redirect to unsupported scheme 'data' refused")]
    [InlineData("/redirect-loop/0", "too many redirects (limit 5)")]
    public async Task FetchAsync_RedirectRefused_OneClearLine(string target, string expected)
    {
        var url = server.Url("/redirect-to?target=" + Uri.EscapeDataString(target));

        var ex = await Assert.ThrowsAsync<FeedFetchException>(() => Fetcher().FetchAsync(new FetchRequest(url), CancellationToken.None));

        Assert.Equal($"GET {server.Url("/redirect-to")} failed: {expected}", ex.Message.Split(" (only http", 2)[0]);
        Assert.DoesNotContain("UriFormatException", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
        Assert.False(ex.IsTransient);
    }

    [Theory]
    [InlineData(0, "/redirect-loop/0", "too many redirects (limit 0)", 1)]
    [InlineData(2, "/redirect-loop/0", "too many redirects (limit 2)", 3)]
    [InlineData(3, "/redirect-loop/2", null, 4)] // three redirects, then /redirect-loop/5 answers 200
    public async Task FetchAsync_RedirectLimit_FollowsUpToConfiguredLimit(int limit, string path, string? expected, int hops)
    {
        var key = $"redirect-limit-{limit}-{path.Replace('/', '-')}";
        var url = server.Url($"/redirect-chain/{key}{path}");
        var fetcher = Fetcher(new Dictionary<string, string?> { ["Feeds:MaxRedirects"] = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        if (expected is null)
        {
            var result = await fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None);
            await result.Body.DisposeAsync();
            Assert.Equal(200, result.StatusCode);
        }
        else
        {
            var ex = await Assert.ThrowsAsync<FeedFetchException>(() => fetcher.FetchAsync(new FetchRequest(url), CancellationToken.None));
            Assert.EndsWith(expected, ex.Message, StringComparison.Ordinal);
            Assert.False(ex.IsTransient);
        }
        Assert.Equal(hops, server.Hits(key));
    }

    [Fact]
    public async Task FetchAsync_RelativeRedirect_IsFollowedWithHeaders()
    {
        var url = server.Url("/redirect-to?target=" + Uri.EscapeDataString("/echo?hop=1"));

        var result = await Fetcher().FetchAsync(new FetchRequest(url, new Dictionary<string, string> { ["X-Test"] = "7" }), CancellationToken.None);

        using var reader = new StreamReader(result.Body);
        Assert.Equal($"MonitorBot-Test/1.0|{FeedFetcher.DefaultAccept}|7|?hop=1", await reader.ReadToEndAsync());
    }

    private sealed class ListLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get { lock (_messages) { return [.. _messages]; } }
        }

        public ILogger CreateLogger(string categoryName) => new ListLogger(this);

        public void Dispose() { }

        private sealed class ListLogger(ListLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._messages) { owner._messages.Add(formatter(state, exception)); }
            }
        }
    }
}
