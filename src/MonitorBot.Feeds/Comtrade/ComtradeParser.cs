using System.Globalization;
using System.Text.Json;

namespace MonitorBot.Feeds.Comtrade;

/// <summary>
/// UN Comtrade v1 (public preview or keyed data API): <c>{"elapsedTime","count","data":[...],"error":""}</c> → one
/// <see cref="TradeFlow"/> per (reporter, partner, cmd, period, flow). When rows carry mode-of-transport / customs /
/// second-partner breakdowns, the totals rows (motCode 0, customsCode C00, partner2Code 0) are kept if present,
/// else the breakdown rows are summed. Empty data = not yet published (an empty result, not an error).
/// Also accepts a bare JSON array of rows and a single row object (same row mapping).
/// </summary>
public sealed class ComtradeParser : JsonFeedParserBase
{
    public ComtradeParser() : base(new FeedKindInfo(FeedKinds.Comtrade, FeedContent.Trade, AdminAllowed: true), "Comtrade")
    {
    }

    protected override FeedParseResult Read(JsonDocument document, FeedParseContext context)
    {
        var root = document.RootElement;
        RowDefaults defaults = default;
        IEnumerable<JsonElement> rows;
        if (root.ValueKind == JsonValueKind.Array)
        {
            rows = root.EnumerateArray();
        }
        else if (root.ValueKind == JsonValueKind.Object)
        {
            ThrowOnError(root, context);
            if (root.TryGetProperty("data", out var data) && data.ValueKind != JsonValueKind.Null)
            {
                if (data.ValueKind != JsonValueKind.Array) throw ParseErrors.Fail(context, "Comtrade \"data\" is not an array");
                rows = data.EnumerateArray();
            }
            else if (root.TryGetProperty("rows", out var tariffRows) && tariffRows.ValueKind == JsonValueKind.Array)
            {
                // A tariff-line extract: {"source":"UN Comtrade tariff-line data, China (156) imports, annual","rows":[…]}.
                // Its rows carry no reporterCode/flowCode; they come from the "source" text, or the payload is refused by name.
                defaults = TariffLineDefaults(FeedNumbers.GetText(root, "source"));
                if (defaults.Reporter is null || defaults.Flow is null)
                {
                    throw ParseErrors.Fail(context, "this is a Comtrade tariff-line extract (\"rows\" without reporterCode/flowCode) and its \"source\" does not name the reporter and flow, e.g. \"China (156) imports\"");
                }
                rows = tariffRows.EnumerateArray();
            }
            else if (LooksLikeRow(root))
            {
                rows = [root];
            }
            else
            {
                if (FeedNumbers.GetInt(root, "count") == 0) return FeedParseResult.Empty;
                throw ParseErrors.Fail(context, "not a Comtrade response: no \"data\" array, no array of rows and not a single row (reporterCode, partnerCode, cmdCode, flowCode, period)");
            }
        }
        else
        {
            throw ParseErrors.Fail(context, "Comtrade response is not a JSON object or array");
        }

        var groups = new Dictionary<(int, int, string, string, string), Group>();
        var order = new List<(int, int, string, string, string)>();
        var errors = new RowErrors();
        var index = 0;
        foreach (var row in rows)
        {
            index++;
            if (ReadRow(row, defaults, context, out var key, out var isTotal, out var weight, out var value) is { } reason)
            {
                errors.Skip(index, reason);
                continue;
            }
            if (!groups.TryGetValue(key, out var group))
            {
                group = new Group();
                groups[key] = group;
                order.Add(key);
            }
            group.Add(isTotal, weight, value);
        }

        var flows = new List<TradeFlow>(order.Count);
        foreach (var key in order)
        {
            var (weight, value) = groups[key].Result();
            flows.Add(new TradeFlow(key.Item1, key.Item2, key.Item3, key.Item4, key.Item5, weight, value, context.Source.Id, context.FetchedAt));
        }
        errors.ThrowIfAllBad(context, flows.Count, "Comtrade rows");
        return FeedParseResult.FromTrade(flows, errors);
    }

    private static bool LooksLikeRow(JsonElement obj) =>
        obj.TryGetProperty("reporterCode", out _) || obj.TryGetProperty("partnerCode", out _) || obj.TryGetProperty("cmdCode", out _);

    private static void ThrowOnError(JsonElement root, FeedParseContext context)
    {
        if (FeedNumbers.GetInt(root, "statusCode") is { } status && !root.TryGetProperty("data", out _))
        {
            var message = HtmlText.Excerpt(FeedNumbers.GetText(root, "message") ?? "no message", 200);
            var text = $"{ParseErrors.Prefix(context)}Comtrade gateway error {status}: {message}";
            if (status == 429 || status >= 500) throw new FeedFetchException(text, isTransient: true, httpStatus: status);
            throw new FeedParseException(text);
        }
        if (root.TryGetProperty("error", out var error))
        {
            var message = error.ValueKind switch
            {
                JsonValueKind.String => error.GetString(),
                JsonValueKind.Object or JsonValueKind.Array => error.GetRawText(),
                _ => null,
            };
            if (!string.IsNullOrWhiteSpace(message) && message != "{}" && message != "[]")
            {
                throw ParseErrors.Fail(context, $"Comtrade returned an error: {HtmlText.Excerpt(message, 200)}");
            }
        }
    }

    /// <summary>Returns null when the row is usable, else the reason it is not.</summary>
    private static string? ReadRow(JsonElement row, RowDefaults defaults, FeedParseContext context,
        out (int, int, string, string, string) key, out bool isTotal, out double? weight, out double? value)
    {
        key = default;
        isTotal = true;
        weight = value = null;
        if (row.ValueKind != JsonValueKind.Object) return "row is not an object";
        if ((FeedNumbers.GetInt(row, "reporterCode") ?? defaults.Reporter) is not { } reporter) return "missing reporterCode";
        if (FeedNumbers.GetInt(row, "partnerCode") is not { } partner) return "missing partnerCode";
        var cmd = FeedNumbers.GetText(row, "cmdCode")?.Trim();
        if (string.IsNullOrEmpty(cmd)) return "missing cmdCode";
        var flow = FeedNumbers.GetText(row, "flowCode")?.Trim() ?? defaults.Flow;
        if (string.IsNullOrEmpty(flow)) return "missing flowCode";
        var period = FeedNumbers.GetText(row, "period")?.Trim();
        if (string.IsNullOrEmpty(period) && FeedNumbers.GetInt(row, "refYear") is { } year)
        {
            var month = FeedNumbers.GetInt(row, "refMonth");
            period = month is >= 1 and <= 12
                ? string.Create(CultureInfo.InvariantCulture, $"{year:0000}{month:00}")
                : year.ToString("0000", CultureInfo.InvariantCulture);
        }
        if (period is null || !IsPeriod(period)) return $"bad period '{period}'";
        var periodYear = int.Parse(period.AsSpan(0, 4), CultureInfo.InvariantCulture);
        if (periodYear < 1950 || periodYear > context.FetchedAt.Year + 1) return $"period out of range ('{period}')";

        var mot = FeedNumbers.GetInt(row, "motCode");
        var customs = FeedNumbers.GetText(row, "customsCode")?.Trim();
        var partner2 = FeedNumbers.GetInt(row, "partner2Code");
        isTotal = (mot ?? 0) == 0 && (string.IsNullOrEmpty(customs) || customs == "C00") && (partner2 ?? 0) == 0;
        weight = FeedNumbers.GetDouble(row, "netWgt");
        value = FeedNumbers.GetDouble(row, "primaryValue");
        if (weight < 0 || weight > 1e13) return string.Create(CultureInfo.InvariantCulture, $"implausible netWgt {weight:G6}");
        if (value < 0 || value > 1e14) return string.Create(CultureInfo.InvariantCulture, $"implausible primaryValue {value:G6}");
        key = (reporter, partner, cmd, period, flow);
        return null;
    }

    /// <summary>Reporter and flow a tariff-line extract's rows share, read from its "source" text ("China (156) imports").</summary>
    private readonly record struct RowDefaults(int? Reporter, string? Flow);

    private static RowDefaults TariffLineDefaults(string? sourceText)
    {
        if (string.IsNullOrWhiteSpace(sourceText)) return default;
        var match = System.Text.RegularExpressions.Regex.Match(sourceText, @"\((\d{1,3})\)\s+(imports|exports)",
            System.Text.RegularExpressions.RegexOptions.IgnoreCase | System.Text.RegularExpressions.RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        if (!match.Success) return default;
        return new RowDefaults(int.Parse(match.Groups[1].ValueSpan, CultureInfo.InvariantCulture),
            match.Groups[2].Value.Equals("imports", StringComparison.OrdinalIgnoreCase) ? "M" : "X");
    }

    private static bool IsPeriod(string period) =>
        period.Length is 4 or 6 && period.All(char.IsAsciiDigit)
        && (period.Length == 4 || period[4..] is var m && int.Parse(m, CultureInfo.InvariantCulture) is >= 1 and <= 12);

    private sealed class Group
    {
        private readonly Sum _totals = new();
        private readonly Sum _breakdown = new();

        public void Add(bool isTotal, double? weight, double? value) => (isTotal ? _totals : _breakdown).Add(weight, value);

        public (double? Weight, double? Value) Result() => _totals.Rows > 0 ? _totals.Result() : _breakdown.Result();
    }

    private sealed class Sum
    {
        private double? _weight;
        private double? _value;

        public int Rows { get; private set; }

        public void Add(double? weight, double? value)
        {
            Rows++;
            if (weight is { } w) _weight = (_weight ?? 0) + w;
            if (value is { } v) _value = (_value ?? 0) + v;
        }

        public (double? Weight, double? Value) Result() => (_weight, _value);
    }
}
