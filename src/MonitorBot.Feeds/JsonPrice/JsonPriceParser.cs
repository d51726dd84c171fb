using System.Globalization;
using System.Text.Json;

namespace MonitorBot.Feeds.JsonPrice;

/// <summary>
/// Generic JSON price feed: the array at <see cref="FeedSourceOptions.JsonPath"/> (dotted, array indexes allowed,
/// empty = the root) holds objects with a time field (<see cref="FeedSourceOptions.TimeField"/>, default "time")
/// and a value field (<see cref="FeedSourceOptions.ValueField"/>, default "value"), plus optional "low"/"high".
/// Numbers may be strings; times are ISO-8601 or unix seconds/milliseconds. A point with low/high but no value
/// takes the mid.
/// </summary>
public sealed class JsonPriceParser : JsonFeedParserBase
{
    public const string DefaultTimeField = "time";
    public const string DefaultValueField = "value";

    public JsonPriceParser() : base(new FeedKindInfo(FeedKinds.JsonPrice, FeedContent.Prices, AdminAllowed: false) { RequiresSeries = true }, "the feed")
    {
    }

    protected override FeedParseResult Read(JsonDocument document, FeedParseContext context)
    {
        var source = context.Source;
        var array = Navigate(document.RootElement, source.JsonPath, context);
        var timeField = string.IsNullOrWhiteSpace(source.TimeField) ? DefaultTimeField : source.TimeField.Trim();
        var valueField = string.IsNullOrWhiteSpace(source.ValueField) ? DefaultValueField : source.ValueField.Trim();
        var series = source.Series!.Trim(); // checked by the base (RequiresSeries)
        var unit = source.Unit?.Trim() ?? "";
        var currency = source.Currency?.Trim() ?? "";
        var basis = string.IsNullOrWhiteSpace(source.Basis) ? null : source.Basis.Trim();

        var errors = new RowErrors();
        var batch = new PriceBatch(context, errors, capacity: array.GetArrayLength());
        var index = 0;
        foreach (var point in array.EnumerateArray())
        {
            index++;
            if (point.ValueKind != JsonValueKind.Object)
            {
                errors.Skip(index, "element is not an object");
                continue;
            }
            if (!point.TryGetProperty(timeField, out var timeElement) || ReadTime(timeElement) is not { } time)
            {
                errors.Skip(index, $"missing or bad \"{timeField}\"");
                continue;
            }
            var low = FeedNumbers.GetDouble(point, "low");
            var high = FeedNumbers.GetDouble(point, "high");
            var value = FeedNumbers.GetDouble(point, valueField) ?? (low is { } l && high is { } h ? (l + h) / 2 : null);
            if (value is null)
            {
                errors.Skip(index, $"missing or bad \"{valueField}\"");
                continue;
            }
            var rowSource = FeedNumbers.GetText(point, "source");
            batch.Add(index, new PriceObservation(series, time, value.Value * source.Scale, unit, currency,
                string.IsNullOrWhiteSpace(rowSource) ? source.Id : rowSource.Trim(), context.FetchedAt,
                Low: low * source.Scale, High: high * source.Scale, Basis: basis));
        }
        var prices = batch.Finish();
        errors.ThrowIfAllBad(context, prices.Count, "price points");
        return FeedParseResult.FromPrices(prices, errors);
    }

    private static JsonElement Navigate(JsonElement root, string? path, FeedParseContext context)
    {
        var current = root;
        if (!string.IsNullOrWhiteSpace(path))
        {
            foreach (var segment in path.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(segment, out var next))
                {
                    current = next;
                }
                else if (current.ValueKind == JsonValueKind.Array
                    && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < current.GetArrayLength())
                {
                    current = current[i];
                }
                else
                {
                    throw ParseErrors.Fail(context, $"JSON path '{path}' not found (at '{segment}')");
                }
            }
        }
        if (current.ValueKind != JsonValueKind.Array)
        {
            throw ParseErrors.Fail(context, string.IsNullOrWhiteSpace(path)
                ? "the JSON root is not an array (set JsonPath to the array of points)"
                : $"JSON path '{path}' is not an array");
        }
        return current;
    }

    private static DateTimeOffset? ReadTime(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var n) => FeedDates.FromUnix(n),
        JsonValueKind.String => FeedDates.ParsePriceTime(element.GetString()),
        _ => null,
    };
}
