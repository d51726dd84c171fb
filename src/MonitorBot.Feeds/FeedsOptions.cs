namespace MonitorBot.Feeds;

/// <summary>Configuration section "Feeds".</summary>
public sealed class FeedsOptions
{
    public const string SectionName = "Feeds";

    /// <summary>When false, no source is polled (the bot still answers from what is stored).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sent on every request unless a source overrides it.</summary>
    public string UserAgent { get; set; } = "MonitorBot/1.0 (+https://github.com/monitorbot; Kachin rare-earth supply monitor)";

    /// <summary>Per-attempt timeout.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Bodies larger than this are refused (after decompression).</summary>
    public long MaxResponseBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Retries within one poll for transient failures (5xx, 429, timeouts, connection errors).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>First retry delay; doubles each retry (with jitter). 429 honours Retry-After up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Redirects followed per fetch (http and https targets only; at most <see cref="Transport.FeedFetcher.MaxRedirectsLimit"/>).</summary>
    public int MaxRedirects { get; set; } = Transport.FeedHttpHandlers.MaxRedirects;

    /// <summary>Consecutive failed polls after which a source is marked degraded.</summary>
    public int DegradedAfterFailures { get; set; } = 3;

    /// <summary>Consecutive failed polls after which a source is disabled (reason kept).</summary>
    public int DisabledAfterFailures { get; set; } = 10;

    /// <summary>Longest wait between polls of a failing source.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>Random delay added to each scheduled poll, up to this much.</summary>
    public TimeSpan Jitter { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Allow feed URLs on loopback/private/link-local hosts when added from Discord (tests set it).</summary>
    public bool AllowPrivateAddresses { get; set; }

    public List<FeedSourceOptions> Sources { get; set; } = [];

    /// <summary>Base directory for relative file paths in source URLs (null: the current directory). The host may set its content root here.</summary>
    public string? BaseDirectory { get; set; }

    /// <summary>Minimum spacing between requests to one host (GDELT asks for at least 5 s). Keys are host names.</summary>
    public Dictionary<string, TimeSpan> MinHostIntervals { get; set; } = new(StringComparer.OrdinalIgnoreCase)
    {
        ["api.gdeltproject.org"] = TimeSpan.FromSeconds(6),
    };
}

/// <summary>One configured source (<c>Feeds:Sources:n</c>).</summary>
public sealed class FeedSourceOptions
{
    /// <summary>Stable id: lowercase letters, digits, '-', '_' and '.'.</summary>
    public string Id { get; set; } = "";

    /// <summary>One of <see cref="MonitorBot.Core.Feeds.FeedKinds"/>.</summary>
    public string Kind { get; set; } = "";

    /// <summary>http(s) URL or a file path (relative paths resolve against the content root).</summary>
    public string Url { get; set; } = "";

    public bool Enabled { get; set; } = true;

    /// <summary>Poll every this long (e.g. "00:30:00"). Either this or <see cref="Cron"/>.</summary>
    public TimeSpan? Interval { get; set; }

    /// <summary>Quartz cron expression (e.g. "0 0 6 * * ?"). Either this or <see cref="Interval"/>.</summary>
    public string? Cron { get; set; }

    /// <summary>Extra request headers (never logged).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Fetch over http(s) only and connect only to public addresses (checked at connect time, so DNS rebinding and
    /// redirects to private hosts fail), unless <see cref="FeedsOptions.AllowPrivateAddresses"/>. Set for sources added
    /// from Discord; default false (configured sources may use files and private hosts).
    /// </summary>
    public bool PublicOnly { get; set; }

    /// <summary>Display name (outlet) for news sources.</summary>
    public string? Name { get; set; }

    // ---- per-kind mapping ----

    /// <summary>Price kinds: series id the values go to (e.g. "tb-oxide", "remx").</summary>
    public string? Series { get; set; }

    public string? Unit { get; set; }
    public string? Currency { get; set; }

    /// <summary>Price basis, e.g. "FOB China 99.99%" or "close".</summary>
    public string? Basis { get; set; }

    /// <summary>json-price: dotted path to the array of points ("data.prices"); empty = the root array.</summary>
    public string? JsonPath { get; set; }

    /// <summary>json-price: field of each point holding the time (default "time").</summary>
    public string? TimeField { get; set; }

    /// <summary>json-price: field of each point holding the value (default "value").</summary>
    public string? ValueField { get; set; }

    /// <summary>gdelt: query terms, used to build the URL when <see cref="Url"/> is the bare endpoint.</summary>
    public string? Query { get; set; }

    /// <summary>gdelt: <c>timespan=</c> of the built URL (e.g. "24h", "7d"); default "24h".</summary>
    public string? Timespan { get; set; }

    /// <summary>Multiply parsed values by this (e.g. 0.001 to turn yuan/t into yuan/kg). Default 1.</summary>
    public double Scale { get; set; } = 1;

    /// <summary>A copy of every property (with its own <see cref="Headers"/> dictionary), so callers can vary one without mutating shared config.</summary>
    public FeedSourceOptions Clone()
    {
        var copy = (FeedSourceOptions)MemberwiseClone();
        copy.Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        return copy;
    }
}
