using System.Globalization;
using System.Text;
using System.Text.Json;

namespace MonitorBot.Feeds.Gdelt;

/// <summary>
/// GDELT DOC 2.0 <c>format=json</c>: <c>mode=artlist</c> → news items; the timeline modes (<c>timelinevol</c>,
/// <c>timelinevolraw</c>, <c>timelinetone</c>, …: <c>{"query_details":…,"timeline":[{"series":…,"data":[{"date","value"}]}]}</c>)
/// → <see cref="PriceObservation"/> points. GDELT answers errors (bad query, rate limit) as plain text, sometimes with
/// HTTP 200, so anything that is not a JSON object is an error. <c>{}</c> means no articles.
/// </summary>
public sealed class GdeltParser : FeedParserBase
{
    /// <summary>Text GDELT sends when it rate-limits (with 429 or sometimes 200).</summary>
    public const string RateLimitMarker = "limit requests";

    /// <summary>Series id of timeline points when the source sets no <see cref="FeedSourceOptions.Series"/>.</summary>
    public const string DefaultTimelineSeries = "gdelt-volume";

    public GdeltParser() : base(new FeedKindInfo(FeedKinds.Gdelt, FeedContent.News, AdminAllowed: true)
    {
        Validate = RequireQuery,
        RequestUrl = GdeltRequest.BuildUrl,
    })
    {
    }

    /// <summary>A gdelt source needs Query, or a Url that already carries query=.</summary>
    private static IEnumerable<string> RequireQuery(FeedSourceOptions source)
    {
        if (string.IsNullOrWhiteSpace(source.Query) && !(source.Url ?? "").Contains("query=", StringComparison.OrdinalIgnoreCase))
        {
            yield return "Query is required for kind 'gdelt' unless the Url already carries query=.";
        }
    }

    protected override FeedParseResult ParseCore(Stream content, FeedParseContext context)
    {
        string text;
        using (var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true))
        {
            text = reader.ReadToEnd();
        }

        var body = text.AsSpan().TrimStart(" \t\r\n\uFEFF");
        if (body.IsEmpty) return FeedParseResult.Empty;
        if (body[0] != '{')
        {
            var excerpt = HtmlText.Excerpt(body.ToString(), 240);
            if (excerpt.Contains(RateLimitMarker, StringComparison.OrdinalIgnoreCase))
            {
                throw new FeedFetchException($"{ParseErrors.Prefix(context)}GDELT rate-limited the request: {excerpt}", isTransient: true, httpStatus: 429);
            }
            throw ParseErrors.Fail(context, $"GDELT returned an error instead of JSON: {excerpt}");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(StripControlCharacters(body), new JsonDocumentOptions { AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw ParseErrors.Fail(context, $"GDELT returned malformed JSON (line {ex.LineNumber + 1}): {HtmlText.Excerpt(ex.Message, 160)}", ex);
        }

        using (document)
        {
            return ParseErrors.Guard(context, "GDELT", () => Read(document, context));
        }
    }

    private static FeedParseResult Read(JsonDocument document, FeedParseContext context)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw ParseErrors.Fail(context, "GDELT JSON root is not an object");
        if (root.TryGetProperty("timeline", out var timeline) && timeline.ValueKind != JsonValueKind.Null)
        {
            return ParseTimeline(timeline, context);
        }
        if (!root.TryGetProperty("articles", out var articles) || articles.ValueKind == JsonValueKind.Null)
        {
            return FeedParseResult.Empty;
        }
        if (articles.ValueKind != JsonValueKind.Array) throw ParseErrors.Fail(context, "GDELT \"articles\" is not an array");

        var items = new List<RawNewsItem>(articles.GetArrayLength());
        var errors = new RowErrors();
        var index = 0;
        foreach (var article in articles.EnumerateArray())
        {
            index++;
            var rawUrl = FeedNumbers.GetText(article, "url")?.Trim();
            if (string.IsNullOrEmpty(rawUrl))
            {
                errors.Skip(index, "article without url");
                continue;
            }
            if (FeedLinks.Resolve(rawUrl, null) is not { } url)
            {
                errors.Skip(index, "article url is not an http(s) link");
                continue;
            }
            var title = HtmlText.ToPlainText(FeedNumbers.GetText(article, "title"), 500);
            if (title.Length == 0) title = url;
            var domain = FeedNumbers.GetText(article, "domain")?.Trim();
            items.Add(new RawNewsItem(
                Guid: url,
                Link: url,
                Title: title,
                Summary: null,
                Published: ParseSeenDate(FeedNumbers.GetText(article, "seendate")),
                Outlet: string.IsNullOrEmpty(domain) ? null : domain));
        }
        errors.ThrowIfAllBad(context, items.Count, "GDELT articles");
        return FeedParseResult.FromItems(items, errors);
    }

    /// <summary>
    /// One <see cref="PriceObservation"/> per bucket: series = Source.Series or <see cref="DefaultTimelineSeries"/>
    /// (suffixed with the lower-case GDELT series name when there are several), unit from the series name, no currency,
    /// basis = the GDELT series name. Buckets without a date or value are skipped.
    /// </summary>
    private static FeedParseResult ParseTimeline(JsonElement timeline, FeedParseContext context)
    {
        if (timeline.ValueKind != JsonValueKind.Array) throw ParseErrors.Fail(context, "GDELT \"timeline\" is not an array");
        var source = context.Source;
        var baseSeries = string.IsNullOrWhiteSpace(source.Series) ? DefaultTimelineSeries : source.Series.Trim();
        var several = timeline.GetArrayLength() > 1;

        var errors = new RowErrors();
        var batch = new PriceBatch(context, errors, pricesArePositive: false);
        var index = 0;
        var seriesNumber = 0;
        foreach (var entry in timeline.EnumerateArray())
        {
            seriesNumber++;
            if (entry.ValueKind != JsonValueKind.Object)
            {
                errors.Skip(++index, "timeline entry is not an object");
                continue;
            }
            var name = FeedNumbers.GetText(entry, "series")?.Trim();
            if (string.IsNullOrEmpty(name)) name = string.Create(CultureInfo.InvariantCulture, $"series {seriesNumber}");
            var slug = Slug(name);
            if (slug.Length == 0) slug = string.Create(CultureInfo.InvariantCulture, $"series-{seriesNumber}");
            var seriesId = several ? $"{baseSeries}-{slug}" : baseSeries;
            var unit = TimelineUnit(name) ?? source.Unit?.Trim() ?? "";
            if (!entry.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array) continue; // a series without buckets

            foreach (var point in data.EnumerateArray())
            {
                index++;
                if (ParseSeenDate(FeedNumbers.GetText(point, "date")) is not { } time)
                {
                    errors.Skip(index, $"{name}: bad or missing date");
                    continue;
                }
                if (FeedNumbers.GetDouble(point, "value") is not { } value)
                {
                    errors.Skip(index, $"{name}: missing value");
                    continue;
                }
                batch.Add(index, new PriceObservation(seriesId, time, value * source.Scale, unit, "", source.Id, context.FetchedAt, Basis: name));
            }
        }
        var prices = batch.Finish();
        errors.ThrowIfAllBad(context, prices.Count, "GDELT timeline points");
        return FeedParseResult.FromPrices(prices, errors);
    }

    /// <summary>"%" for volume intensity (share of all monitored articles), "articles" for raw counts, "tone" for average tone; else null.</summary>
    public static string? TimelineUnit(string seriesName)
    {
        ArgumentNullException.ThrowIfNull(seriesName);
        if (seriesName.EndsWith("Volume Intensity", StringComparison.OrdinalIgnoreCase)) return "%";
        if (seriesName.EndsWith("Article Count", StringComparison.OrdinalIgnoreCase)) return "articles";
        if (seriesName.EndsWith("Average Tone", StringComparison.OrdinalIgnoreCase)) return "tone";
        return null;
    }

    /// <summary>"Article Count" → "article-count".</summary>
    private static string Slug(string name)
    {
        var builder = new StringBuilder(name.Length);
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c)) builder.Append(c);
            else if (builder.Length > 0 && builder[^1] != '-') builder.Append('-');
        }
        return builder.ToString().TrimEnd('-');
    }

    /// <summary>"20240615T170000Z" → 2024-06-15 17:00:00 UTC; anything else → null.</summary>
    public static DateTimeOffset? ParseSeenDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        return DateTime.TryParseExact(text.Trim(), "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var value)
            ? new DateTimeOffset(value, TimeSpan.Zero)
            : FeedDates.ParseIso(text);
    }

    /// <summary>GDELT sometimes emits raw control characters; JSON forbids them, so each becomes a space.</summary>
    private static string StripControlCharacters(ReadOnlySpan<char> body)
    {
        var chars = body.ToArray();
        for (var i = 0; i < chars.Length; i++)
        {
            if (chars[i] < ' ' || chars[i] == '\u007F') chars[i] = ' ';
        }
        return new string(chars);
    }
}
