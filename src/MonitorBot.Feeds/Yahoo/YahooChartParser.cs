using System.Text.Json;

namespace MonitorBot.Feeds.Yahoo;

/// <summary>
/// Yahoo Finance chart v8: <c>{"chart":{"result":[{meta,timestamp,indicators:{quote:[{open,high,low,close,volume}]}}],"error":null}}</c>
/// → one <see cref="PriceObservation"/> per bar with a close. Nulls inside the arrays (missing bars) are skipped.
/// </summary>
public sealed class YahooChartParser : JsonFeedParserBase
{
    public const string DefaultUnit = "share";
    public const string DefaultBasis = "close";

    public YahooChartParser() : base(new FeedKindInfo(FeedKinds.Yahoo, FeedContent.Prices, AdminAllowed: true), "Yahoo")
    {
    }

    protected override FeedParseResult Read(JsonDocument document, FeedParseContext context)
    {
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw ParseErrors.Fail(context, "Yahoo response is not a JSON object");
        if (!root.TryGetProperty("chart", out var chart))
        {
            // {"finance":{"result":null,"error":{"code":"Unauthorized","description":"Invalid Crumb"}}}
            if (root.TryGetProperty("finance", out var finance)) ThrowOnError(finance, context);
            throw ParseErrors.Fail(context, "not a Yahoo chart response: no \"chart\" object");
        }
        ThrowOnError(chart, context);

        if (chart.ValueKind != JsonValueKind.Object || !chart.TryGetProperty("result", out var results) || results.ValueKind != JsonValueKind.Array)
        {
            throw ParseErrors.Fail(context, "not a Yahoo chart response: \"chart\" has neither a \"result\" array nor an error");
        }
        if (results.GetArrayLength() == 0) return FeedParseResult.Empty;
        if (results[0].ValueKind != JsonValueKind.Object) throw ParseErrors.Fail(context, "not a Yahoo chart response: chart.result[0] is not an object");
        return ReadResult(results[0], context);
    }

    private static FeedParseResult ReadResult(JsonElement result, FeedParseContext context)
    {
        var source = context.Source;
        result.TryGetProperty("meta", out var meta);
        var symbol = FeedNumbers.GetText(meta, "symbol");
        var series = !string.IsNullOrWhiteSpace(source.Series) ? source.Series.Trim()
            : !string.IsNullOrWhiteSpace(symbol) ? symbol.Trim().ToLowerInvariant()
            : throw ParseErrors.Fail(context, "Yahoo chart has no meta.symbol and the source has no Series");
        var currency = !string.IsNullOrWhiteSpace(source.Currency) ? source.Currency.Trim() : FeedNumbers.GetText(meta, "currency") ?? "";
        var unit = string.IsNullOrWhiteSpace(source.Unit) ? DefaultUnit : source.Unit.Trim();
        var basis = string.IsNullOrWhiteSpace(source.Basis) ? DefaultBasis : source.Basis.Trim();

        if (!result.TryGetProperty("timestamp", out var timestamps) || timestamps.ValueKind != JsonValueKind.Array)
        {
            return FeedParseResult.Empty; // no bars in the range
        }
        var quote = default(JsonElement);
        if (result.TryGetProperty("indicators", out var indicators) && indicators.TryGetProperty("quote", out var quotes)
            && quotes.ValueKind == JsonValueKind.Array && quotes.GetArrayLength() > 0)
        {
            quote = quotes[0];
        }
        var close = Array(quote, "close");
        if (close is null) throw ParseErrors.Fail(context, "Yahoo chart has timestamps but no indicators.quote[0].close");
        var low = Array(quote, "low");
        var high = Array(quote, "high");

        var errors = new RowErrors();
        var batch = new PriceBatch(context, errors, capacity: timestamps.GetArrayLength());
        var i = -1;
        foreach (var ts in timestamps.EnumerateArray())
        {
            i++;
            if (i >= close.Value.GetArrayLength()) break;
            var value = FeedNumbers.GetDouble(close.Value[i]);
            if (value is null) continue; // a missing bar, not an error
            if (FeedNumbers.GetDouble(ts) is not { } seconds || FeedDates.FromUnix(seconds) is not { } time)
            {
                errors.Skip(i + 1, "bad timestamp");
                continue;
            }
            batch.Add(i + 1, new PriceObservation(series, time, value.Value * source.Scale, unit, currency, source.Id, context.FetchedAt,
                Low: At(low, i) * source.Scale, High: At(high, i) * source.Scale, Basis: basis));
        }
        var prices = batch.Finish();
        errors.ThrowIfAllBad(context, prices.Count, "Yahoo bars");
        return FeedParseResult.FromPrices(prices, errors);
    }

    private static void ThrowOnError(JsonElement container, FeedParseContext context)
    {
        if (container.ValueKind != JsonValueKind.Object || !container.TryGetProperty("error", out var error)
            || error.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return;
        }
        var code = FeedNumbers.GetText(error, "code");
        var description = FeedNumbers.GetText(error, "description") ?? (error.ValueKind == JsonValueKind.String ? error.GetString() : null);
        throw ParseErrors.Fail(context, $"Yahoo chart error{(code is null ? "" : " " + code)}: {HtmlText.Excerpt(description ?? error.GetRawText(), 200)}");
    }

    private static JsonElement? Array(JsonElement quote, string name) =>
        quote.ValueKind == JsonValueKind.Object && quote.TryGetProperty(name, out var a) && a.ValueKind == JsonValueKind.Array ? a : null;

    private static double? At(JsonElement? array, int index) =>
        array is { } a && index < a.GetArrayLength() ? FeedNumbers.GetDouble(a[index]) : null;
}
