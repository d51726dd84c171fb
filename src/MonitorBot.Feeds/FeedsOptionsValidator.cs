using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace MonitorBot.Feeds;

/// <summary>
/// Validates the "Feeds" section and reports every problem at once ("Feeds:Sources:2:Url ..."), so an admin fixes the
/// file in one pass. The kinds and their own checks come from the registered parsers. Cron syntax is the host's (Quartz).
/// </summary>
public sealed partial class FeedsOptionsValidator(FeedParserRegistry registry) : IValidateOptions<FeedsOptions>
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,63}$")]
    private static partial Regex SourceIdPattern();

    /// <summary>The largest response body an admin may allow (a gzip bomb must not reach gigabytes of memory).</summary>
    public const long MaxResponseBytesBound = 100L * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, FeedsOptions options) =>
        Problems(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;

    /// <summary>Every problem of the section, each with its key.</summary>
    public IReadOnlyList<string> Problems(FeedsOptions options)
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
        if (options.MaxRedirects is < 0 or > Transport.FeedFetcher.MaxRedirectsLimit)
            problems.Add($"{S}:MaxRedirects must be between 0 and {Transport.FeedFetcher.MaxRedirectsLimit} (got {options.MaxRedirects}).");
        if (string.IsNullOrWhiteSpace(options.UserAgent))
            problems.Add($"{S}:UserAgent must not be empty.");

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < options.Sources.Count; i++)
        {
            var source = options.Sources[i];
            var key = $"{S}:Sources:{i}";
            problems.AddRange(SourceProblems(source, key));
            if (!string.IsNullOrWhiteSpace(source.Id) && !seen.Add(source.Id))
                problems.Add($"{key}:Id: '{source.Id}' is used by more than one source.");
        }
        return problems;
    }

    /// <summary>The problems of one source, each prefixed with <paramref name="key"/> ("Feeds:Sources:2").</summary>
    public IReadOnlyList<string> SourceProblems(FeedSourceOptions source, string key)
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(source.Id))
            problems.Add($"{key}:Id is required.");
        else if (!SourceIdPattern().IsMatch(source.Id))
            problems.Add($"{key}:Id '{source.Id}' must be 1-64 characters of a-z, 0-9, '.', '_' or '-', starting with a letter or digit.");

        if (string.IsNullOrWhiteSpace(source.Kind))
            problems.Add($"{key}:Kind is required (one of: {registry.KindList}).");
        else if (!registry.IsKnown(source.Kind))
            problems.Add($"{key}:Kind '{source.Kind}' is not known (one of: {registry.KindList}).");

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

        if (registry.IsKnown(source.Kind))
            problems.AddRange(registry.Validate(source.Kind, source).Select(p => $"{key}:{p}"));
        if (!double.IsFinite(source.Scale) || source.Scale <= 0)
            problems.Add($"{key}:Scale must be a positive number (got {source.Scale.ToString(CultureInfo.InvariantCulture)}).");
        foreach (var header in source.Headers.Keys)
        {
            if (string.IsNullOrWhiteSpace(header) || header.Any(c => c <= ' ' || c == ':'))
                problems.Add($"{key}:Headers: '{header}' is not a valid header name.");
        }
        return problems;
    }
}
