using System.Text;

namespace MonitorBot.Feeds.Csv;

/// <summary>
/// CSV prices, read line by line (CRLF or LF): Stooq daily (<c>Date,Open,High,Low,Close[,Volume]</c>), Stooq quote
/// (<c>Symbol,Date,Time,Open,High,Low,Close,Volume</c>; a row of N/D means an unknown symbol) and generic
/// <c>timestamp,value</c> (ISO-8601 date/date-time or unix seconds). Header names are matched case-insensitively;
/// a file without a header is read as time,value. The series comes from <see cref="FeedSourceOptions.Series"/> (required).
/// </summary>
public sealed class CsvPriceParser : FeedParserBase
{
    private static readonly string[] TimeColumns = ["date", "timestamp", "time", "datetime", "day", "period"];
    private static readonly string[] ValueColumns = ["close", "value", "price", "last", "mid", "adj close", "adj_close"];

    public CsvPriceParser() : base(new FeedKindInfo(FeedKinds.Csv, FeedContent.Prices, AdminAllowed: false) { RequiresSeries = true })
    {
    }

    protected override FeedParseResult ParseCore(Stream content, FeedParseContext context)
    {
        var source = context.Source;
        var series = source.Series!.Trim(); // checked by the base (RequiresSeries)
        var unit = source.Unit?.Trim() ?? "";
        var currency = source.Currency?.Trim() ?? "";
        var basis = string.IsNullOrWhiteSpace(source.Basis) ? null : source.Basis.Trim();

        using var reader = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 16 * 1024, leaveOpen: true);
        string? line;
        long lineNo = 0;
        do
        {
            line = reader.ReadLine();
            lineNo++;
        }
        while (line is not null && string.IsNullOrWhiteSpace(line));
        if (line is null) return FeedParseResult.Empty;

        var first = line.TrimStart('\uFEFF', ' ', '\t');
        if (ContentSniffer.BinaryKind(System.Text.Encoding.UTF8.GetBytes(first[..Math.Min(first.Length, 512)])) is { } binary)
        {
            throw ParseErrors.Fail(context, ContentSniffer.BinaryMessage(binary));
        }
        if (ContentSniffer.IsGdeltError(first))
        {
            throw ParseErrors.Fail(context, $"GDELT returned an error instead of data: {HtmlText.Excerpt(first, 200)}");
        }
        if (first.StartsWith('<'))
        {
            throw ParseErrors.Fail(context, "the server returned an HTML page instead of CSV (probably a bot check or an error page)");
        }
        if (first.Contains("exceeded the daily hits limit", StringComparison.OrdinalIgnoreCase))
        {
            throw ParseErrors.Fail(context, $"the server refused: {HtmlText.Excerpt(first, 120)}");
        }

        var delimiter = CsvLine.DetectDelimiter(first);
        var header = CsvLine.Split(first, delimiter);
        var layout = Layout.FromHeader(header);
        var errors = new RowErrors();
        var batch = new PriceBatch(context, errors);
        if (layout is null)
        {
            // No recognisable header: time,value rows.
            layout = new Layout(TimeIndex: 0, ClockIndex: -1, ValueIndex: 1, LowIndex: -1, HighIndex: -1, SymbolIndex: -1);
            ReadRow(header, lineNo);
        }

        while ((line = reader.ReadLine()) is not null)
        {
            lineNo++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            ReadRow(CsvLine.Split(line, delimiter), lineNo);
        }
        var prices = batch.Finish();
        errors.ThrowIfAllBad(context, prices.Count, "CSV rows");
        return FeedParseResult.FromPrices(prices, errors);

        void ReadRow(string[] fields, long number)
        {
            var l = layout!;
            if (fields.Length <= Math.Max(l.TimeIndex, l.ValueIndex))
            {
                errors.Skip(number, $"expected at least {Math.Max(l.TimeIndex, l.ValueIndex) + 1} fields, found {fields.Length}");
                return;
            }
            if (Array.Exists(fields, f => f.Equals("N/D", StringComparison.OrdinalIgnoreCase)))
            {
                var symbol = l.SymbolIndex >= 0 ? fields[l.SymbolIndex] : null;
                errors.Skip(number, symbol is null ? "unknown symbol (the row is N/D)" : $"unknown symbol '{symbol}' (the row is N/D)");
                return;
            }
            var timeText = l.ClockIndex >= 0 && l.ClockIndex < fields.Length && fields[l.ClockIndex].Length > 0
                ? $"{fields[l.TimeIndex]}T{fields[l.ClockIndex]}"
                : fields[l.TimeIndex];
            if (FeedDates.ParsePriceTime(timeText) is not { } time)
            {
                errors.Skip(number, $"bad time '{HtmlText.Excerpt(timeText, 40)}'");
                return;
            }
            if (FeedNumbers.ParseDouble(fields[l.ValueIndex]) is not { } value)
            {
                errors.Skip(number, FeedNumbers.BadValueReason(fields[l.ValueIndex]));
                return;
            }
            var low = l.LowIndex >= 0 && l.LowIndex < fields.Length ? FeedNumbers.ParseDouble(fields[l.LowIndex]) : null;
            var high = l.HighIndex >= 0 && l.HighIndex < fields.Length ? FeedNumbers.ParseDouble(fields[l.HighIndex]) : null;
            batch.Add(number, new PriceObservation(series, time, value * source.Scale, unit, currency, source.Id, context.FetchedAt,
                Low: low * source.Scale, High: high * source.Scale, Basis: basis));
        }
    }

    private sealed record Layout(int TimeIndex, int ClockIndex, int ValueIndex, int LowIndex, int HighIndex, int SymbolIndex)
    {
        public static Layout? FromHeader(string[] header)
        {
            var names = header.Select(h => h.Trim().Trim('"').ToLowerInvariant()).ToArray();
            var time = FindFirst(names, TimeColumns);
            var value = FindFirst(names, ValueColumns);
            if (time < 0 || value < 0) return null;
            var clock = names[time] == "date" ? Array.IndexOf(names, "time") : -1;
            return new Layout(time, clock, value, Array.IndexOf(names, "low"), Array.IndexOf(names, "high"), Array.IndexOf(names, "symbol"));
        }

        private static int FindFirst(string[] names, string[] candidates)
        {
            foreach (var candidate in candidates)
            {
                var index = Array.IndexOf(names, candidate);
                if (index >= 0) return index;
            }
            return -1;
        }
    }
}
