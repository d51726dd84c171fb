using System.Globalization;
using System.Text.RegularExpressions;
using MonitorBot.Core.Feeds;
using MonitorBot.Feeds;
using MonitorBot.Storage;
using Microsoft.Extensions.Configuration;
using Quartz;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// Validates every configuration section and reports every problem at once
/// ("Feeds:Sources:2:Url: ..."), so an admin fixes the file in one pass.
/// </summary>
public static partial class ConfigValidator
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex SourceIdPattern();

    /// <summary>The largest response body an admin may allow (a gzip bomb must not reach gigabytes of memory).</summary>
    public const long MaxResponseBytesBound = 100L * 1024 * 1024;

    public static IReadOnlyList<string> ValidateFeeds(FeedsOptions options)
    {
        var problems = new List<string>();
        const string S = FeedsOptions.SectionName;
        if (options.Timeout <= TimeSpan.Zero || options.Timeout > TimeSpan.FromMinutes(10))
            problems.Add($"{S}:Timeout must be between 00:00:00.001 and 00:10:00 (got {options.Timeout}).");
        if (options.MaxResponseBytes is < 1024 or > MaxResponseBytesBound)
            problems.Add($"{S}:MaxResponseBytes must be between 1024 and {MaxResponseBytesBound} (100 MiB) (got {options.MaxResponseBytes}).");
        if (options.MaxRetries is < 0 or > 10)
            problems.Add($"{S}:MaxRetries must be between 0 and 10 (got {options.MaxRetries}).");
        if (options.RetryBaseDelay < TimeSpan.Zero || options.RetryBaseDelay > TimeSpan.FromMinutes(1))
            problems.Add($"{S}:RetryBaseDelay must be between 00:00:00 and 00:01:00 (got {options.RetryBaseDelay}).");
        if (options.DegradedAfterFailures is < 1 or > 1000)
            problems.Add($"{S}:DegradedAfterFailures must be between 1 and 1000 (got {options.DegradedAfterFailures}).");
        if (options.DisabledAfterFailures > 10_000)
            problems.Add($"{S}:DisabledAfterFailures must be at most 10000 (got {options.DisabledAfterFailures}).");
        if (options.DisabledAfterFailures <= options.DegradedAfterFailures)
            problems.Add($"{S}:DisabledAfterFailures ({options.DisabledAfterFailures}) must be greater than DegradedAfterFailures ({options.DegradedAfterFailures}).");
        if (options.MaxBackoff <= TimeSpan.Zero || options.MaxBackoff > TimeSpan.FromDays(7))
            problems.Add($"{S}:MaxBackoff must be between 00:00:00.001 and 7.00:00:00 (got {options.MaxBackoff}).");
        if (options.Jitter < TimeSpan.Zero || options.Jitter > TimeSpan.FromHours(1))
            problems.Add($"{S}:Jitter must be between 00:00:00 and 01:00:00 (got {options.Jitter}).");
        if (string.IsNullOrWhiteSpace(options.UserAgent))
            problems.Add($"{S}:UserAgent must not be empty.");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var key = $"{S}:Sources:{i}";
            problems.AddRange(ValidateSource(source, key));
            if (!string.IsNullOrWhiteSpace(source.Id) && !seen.Add(source.Id))
                problems.Add($"{key}:Id: '{source.Id}' is used by more than one source.");
        }
        return problems;
    }

    public static IReadOnlyList<string> ValidateSource(FeedSourceOptions source, string key)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(source.Id))
            problems.Add($"{key}:Id is required.");
        else if (!SourceIdPattern().IsMatch(source.Id))
            problems.Add($"{key}:Id '{source.Id}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.");

        if (string.IsNullOrWhiteSpace(source.Kind))
            problems.Add($"{key}:Kind is required (one of: {string.Join(", ", FeedKinds.All)}).");
        else if (!FeedKinds.IsKnown(source.Kind))
            problems.Add($"{key}:Kind '{source.Kind}' is not known (one of: {string.Join(", ", FeedKinds.All)}).");

        if (string.IsNullOrWhiteSpace(source.Url))
            problems.Add($"{key}:Url is required (http, https, or a file path).");
        else if (Uri.TryCreate(source.Url, UriKind.Absolute, out var uri) && uri.Scheme is not ("http" or "https" or "file") && source.Url.Contains("://", StringComparison.Ordinal))
            problems.Add($"{key}:Url scheme '{uri.Scheme}' is not supported (http, https, or a file path).");

        if (source.Interval is null && string.IsNullOrWhiteSpace(source.Cron))
            problems.Add($"{key}: a schedule is required: Interval (e.g. \"00:30:00\") or Cron (e.g. \"0 0 6 * * ?\").");
        if (source.Interval is not null && !string.IsNullOrWhiteSpace(source.Cron))
            problems.Add($"{key}: give either Interval or Cron, not both.");
        if (source.Interval is { } interval && (interval < TimeSpan.FromSeconds(10) || interval > TimeSpan.FromDays(31)))
            problems.Add($"{key}:Interval must be between 00:00:10 and 31.00:00:00 (got {interval}).");
        if (!string.IsNullOrWhiteSpace(source.Cron) && !CronExpression.TryParse(source.Cron, out _))
            problems.Add($"{key}:Cron '{source.Cron}' is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week).");

        if (source.Kind is FeedKinds.Csv or FeedKinds.JsonPrice && string.IsNullOrWhiteSpace(source.Series))
            problems.Add($"{key}:Series is required for kind '{source.Kind}' (the series id the values go to, e.g. \"tb-oxide\").");
        if (source.Kind == FeedKinds.Gdelt && string.IsNullOrWhiteSpace(source.Query) && !source.Url.Contains("query=", StringComparison.OrdinalIgnoreCase))
            problems.Add($"{key}:Query is required for kind 'gdelt' unless the Url already carries query=.");
        if (!double.IsFinite(source.Scale) || source.Scale <= 0)
            problems.Add($"{key}:Scale must be a positive number (got {source.Scale.ToString(CultureInfo.InvariantCulture)}).");
        foreach (var header in source.Headers.Keys)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Any(c => c <= ' ' || c == ':'))
                problems.Add($"{key}:Headers: '{header}' is not a valid header name.");
        }
        return problems;
    }

    /// <summary>
    /// The binder silently skips a list or dictionary element that has a value of the wrong type (a source with
    /// Interval "soon" would just vanish). Bind every element on its own and report each failure with its key.
    /// </summary>
    public static IReadOnlyList<string> ElementProblems(IConfiguration configuration)
    {
        var problems = new List<string>();
        void Check<T>(string path) where T : new()
        {
            foreach (var child in configuration.GetSection(path).GetChildren())
            {
                try
                {
                    child.Bind(new T());
                }
                catch (InvalidOperationException ex)
                {
                    problems.Add(ex.Message);
                }
            }
        }
        Check<FeedSourceOptions>("Feeds:Sources");
        Check<FeedSourceOptions>("Feeds:AdminSources");
        Check<MonitorBot.Core.Detection.PriceRuleOptions>("Detection:PriceRules");
        return problems;
    }
}
