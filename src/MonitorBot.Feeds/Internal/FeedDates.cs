using System.Globalization;

namespace MonitorBot.Feeds.Internal;

/// <summary>Lenient date parsing for feeds. Unparseable → null, never an exception.</summary>
internal static class FeedDates
{
    private static readonly string[] Months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

    /// <summary>RFC-822/1123 (pubDate) first, then ISO-8601 (Atom, dc:date).</summary>
    public static DateTimeOffset? ParseFeedDate(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim();
        return ParseRfc822(s) ?? ParseIso(s);
    }

    public static DateTimeOffset? ParseIso(string s)
    {
        const DateTimeStyles Styles = DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        if (s.Length < 8 || !char.IsAsciiDigit(s[0])) return null;
        if (s.Length == 10 && s[4] == '-' && s[7] == '-'
            && DateTime.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return new DateTimeOffset(date, TimeSpan.Zero); // fast path for daily rows
        }
        return DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, Styles, out var value) ? value : null;
    }

    /// <summary>"Tue, 11 Aug 2026 21:28:35 +0000", "11 Aug 26 21:28 GMT", "Thu, 13 Aug 2026 19:56:18 EST".</summary>
    public static DateTimeOffset? ParseRfc822(string s)
    {
        var tokens = s.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var t = 0;
        if (tokens.Length > 0 && tokens[0].Length >= 3 && char.IsAsciiLetter(tokens[0][0])) t++; // day of week
        if (tokens.Length - t < 4) return null;

        string dayText, monthText;
        if (char.IsAsciiDigit(tokens[t][0])) { dayText = tokens[t]; monthText = tokens[t + 1]; }
        else { monthText = tokens[t]; dayText = tokens[t + 1]; } // "Aug 11 2026 ..." (seen in the wild)
        if (!int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return null;
        if (monthText.Length < 3) return null;
        var month = Array.IndexOf(Months, monthText[..3].ToLowerInvariant()) + 1;
        if (month == 0) return null;
        if (!int.TryParse(tokens[t + 2], NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (tokens[t + 2].Length == 2) year += year < 50 ? 2000 : 1900;

        var timeParts = tokens[t + 3].Split(':');
        if (timeParts.Length is < 2 or > 3) return null;
        if (!int.TryParse(timeParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            || !int.TryParse(timeParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute)) return null;
        var second = 0;
        if (timeParts.Length == 3 && !int.TryParse(timeParts[2].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out second)) return null;

        var offset = TimeSpan.Zero;
        if (tokens.Length > t + 4)
        {
            if (ParseZone(tokens[t + 4]) is { } zone) offset = zone;
            else return null;
        }

        try
        {
            return new DateTimeOffset(year, month, day, hour, minute, second, offset).ToUniversalTime();
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static TimeSpan? ParseZone(string zone)
    {
        if (zone.Length >= 5 && (zone[0] == '+' || zone[0] == '-'))
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            if (digits.Length != 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm)) return null;
            var span = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            if (span > TimeSpan.FromHours(14)) return null;
            return zone[0] == '-' ? -span : span;
        }
        return zone.ToUpperInvariant() switch
        {
            "GMT" or "UT" or "UTC" or "Z" => TimeSpan.Zero,
            "EST" => TimeSpan.FromHours(-5),
            "EDT" => TimeSpan.FromHours(-4),
            "CST" => TimeSpan.FromHours(-6),
            "CDT" => TimeSpan.FromHours(-5),
            "MST" => TimeSpan.FromHours(-7),
            "MDT" => TimeSpan.FromHours(-6),
            "PST" => TimeSpan.FromHours(-8),
            "PDT" => TimeSpan.FromHours(-7),
            "BST" => TimeSpan.FromHours(1),
            "CET" => TimeSpan.FromHours(1),
            "CEST" => TimeSpan.FromHours(2),
            "IST" => new TimeSpan(5, 30, 0),
            "MMT" => new TimeSpan(6, 30, 0),
            "ICT" => TimeSpan.FromHours(7),
            "JST" => TimeSpan.FromHours(9),
            "AEST" => TimeSpan.FromHours(10),
            _ => null,
        };
    }

    /// <summary>
    /// Time for price rows: ISO-8601 date or date-time (UTC assumed), or a unix timestamp in seconds
    /// (values above 1e11 are taken as milliseconds).
    /// </summary>
    public static DateTimeOffset? ParsePriceTime(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim().Trim('"');
        if (s.Length == 8 && s.All(char.IsAsciiDigit)
            && DateTime.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var compact))
        {
            return new DateTimeOffset(compact, TimeSpan.Zero); // 20250324 (a date, not 1970 unix seconds)
        }
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && !s.Contains('-', StringComparison.Ordinal))
        {
            return FromUnix(number);
        }
        return ParseIso(s);
    }

    public static DateTimeOffset? FromUnix(double number)
    {
        if (double.IsNaN(number) || double.IsInfinity(number) || number < 0) return null;
        var ms = number > 1e11 ? number : number * 1000;
        if (ms > 253402300799999) return null;
        return DateTimeOffset.FromUnixTimeMilliseconds((long)ms);
    }
}
