using System.Text;

namespace MonitorBot.Feeds.Manual;

/// <summary>
/// Manual quotes, one per line: <c>series,time,value[,unit,currency,source]</c>. A header line and '#' comments are
/// allowed. The value may be a range "1600-1620" (stored as the mid with Low/High). Missing unit/currency fall back to
/// the source's Unit/Currency, else "kg"/"CNY"; missing series to the source's Series; missing source to the source id.
/// </summary>
public sealed class ManualPriceParser : FeedParserBase
{
    public const string DefaultUnit = "kg";
    public const string DefaultCurrency = "CNY";

    public ManualPriceParser() : base(new FeedKindInfo(FeedKinds.Manual, FeedContent.Prices, AdminAllowed: false))
    {
    }

    protected override FeedParseResult ParseCore(Stream content, FeedParseContext context)
    {
        var source = context.Source;
        var defaultUnit = string.IsNullOrWhiteSpace(source.Unit) ? DefaultUnit : source.Unit.Trim();
        var defaultCurrency = string.IsNullOrWhiteSpace(source.Currency) ? DefaultCurrency : source.Currency.Trim();
        var basis = string.IsNullOrWhiteSpace(source.Basis) ? null : source.Basis.Trim();

        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var errors = new RowErrors();
        var batch = new PriceBatch(context, errors);
        long lineNo = 0;
        var sawData = false;
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            var trimmed = line.Trim().TrimStart('\uFEFF');
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            if (!sawData && ContentSniffer.BinaryKind(Encoding.UTF8.GetBytes(trimmed[..Math.Min(trimmed.Length, 512)])) is { } binary)
            {
                throw ParseErrors.Fail(context, ContentSniffer.BinaryMessage(binary));
            }
            if (trimmed.StartsWith('<') && !sawData)
            {
                throw ParseErrors.Fail(context, "the server returned an HTML page instead of manual CSV lines");
            }
            var fields = CsvLine.Split(trimmed, CsvLine.DetectDelimiter(trimmed));
            if (!sawData && fields.Length >= 3 && fields[0].Equals("series", StringComparison.OrdinalIgnoreCase))
            {
                sawData = true; // header
                continue;
            }
            sawData = true;
            if (fields.Length < 3)
            {
                errors.Skip(lineNo, $"expected series,time,value but found {fields.Length} field(s)");
                continue;
            }
            var series = fields[0].Length > 0 ? fields[0] : source.Series?.Trim();
            if (string.IsNullOrEmpty(series))
            {
                errors.Skip(lineNo, "no series");
                continue;
            }
            if (FeedDates.ParsePriceTime(fields[1]) is not { } time)
            {
                errors.Skip(lineNo, $"bad time '{HtmlText.Excerpt(fields[1], 40)}'");
                continue;
            }
            if (ParseValue(fields[2]) is not { } parsed)
            {
                errors.Skip(lineNo, FeedNumbers.BadValueReason(fields[2]));
                continue;
            }
            var unit = Field(fields, 3) ?? defaultUnit;
            var currency = Field(fields, 4) ?? defaultCurrency;
            var rowSource = Field(fields, 5) ?? source.Id;
            batch.Add(lineNo, new PriceObservation(series, time, parsed.Value * source.Scale, unit, currency, rowSource, context.FetchedAt,
                Low: parsed.Low * source.Scale, High: parsed.High * source.Scale, Basis: basis));
        }
        var prices = batch.Finish();
        errors.ThrowIfAllBad(context, prices.Count, "manual price lines");
        return FeedParseResult.FromPrices(prices, errors);
    }

    private static string? Field(string[] fields, int index) =>
        index < fields.Length && fields[index].Length > 0 ? fields[index] : null;

    /// <summary>"1620", "1,620.5" or a range "1600-1620" / "1600 to 1620" (mid, low, high).</summary>
    internal static (double Value, double? Low, double? High)? ParseValue(string text)
    {
        if (FeedNumbers.ParseDouble(text) is { } single) return (single, null, null);
        var parts = text.Split(["-", "–", " to "], 2, StringSplitOptions.TrimEntries);
        if (parts.Length == 2 && parts[0].Length > 0 && FeedNumbers.ParseDouble(parts[0]) is { } low && FeedNumbers.ParseDouble(parts[1]) is { } high)
        {
            if (low > high) (low, high) = (high, low);
            return ((low + high) / 2, low, high);
        }
        return null;
    }
}
