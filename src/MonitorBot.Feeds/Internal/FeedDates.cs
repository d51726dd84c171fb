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
        if (s.Length >= 15 && s[8] == 'T' && s.AsSpan(0, 8).ContainsAnyExceptInRange('0', '9') is false)
        {
            // Basic format: 20250324T100000Z, 20250324T1000+0800.
            s = $"{s[..4]}-{s[4..6]}-{s[6..8]}T{BasicTime(s.AsSpan(9))}";
        }
        // Only year-first forms: a "03/04/2025" would have to be guessed (March or April) and could move the date by days.
        if (s.Length < 10 || s[4] != '-' || s[7] != '-') return null;
        var text = NormalizeIsoTail(s);
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, Styles, out var value) ? value : null;
    }

    /// <summary>"100000Z" → "10:00:00Z", "1000+0800" → "10:00+0800".</summary>
    private static string BasicTime(ReadOnlySpan<char> t)
    {
        var digits = 0;
        while (digits < t.Length && char.IsAsciiDigit(t[digits])) digits++;
        var clock = digits switch
        {
            6 => $"{t[..2]}:{t.Slice(2, 2)}:{t.Slice(4, 2)}",
            4 => $"{t[..2]}:{t.Slice(2, 2)}",
            _ => t[..digits].ToString(),
        };
        return clock + t[digits..].ToString();
    }

    /// <summary>Fractions longer than 7 digits cut to 7; a "+0800" or "+08" offset given its colon; a named zone mapped to an offset.</summary>
    private static string NormalizeIsoTail(string s)
    {
        var dot = s.IndexOf('.', 10);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < s.Length && char.IsAsciiDigit(s[end])) end++;
            if (end - dot - 1 > 7) s = string.Concat(s.AsSpan(0, dot + 8), s.AsSpan(end));
        }
        var tail = s.Length > 19 ? s.LastIndexOfAny(['+', '-', ' ']) : -1;
        if (tail > 10)
        {
            var zone = s.AsSpan(tail + (s[tail] == ' ' ? 1 : 0)).Trim();
            if (zone.Length > 0 && char.IsAsciiLetter(zone[0]))
            {
                if (ParseZone(zone.ToString()) is { } offset)
                {
                    return string.Concat(s.AsSpan(0, tail).TrimEnd(), offset < TimeSpan.Zero ? "-" : "+", offset.ToString("hh\\:mm", CultureInfo.InvariantCulture));
                }
            }
            else if (s[tail] != ' ' && zone.Length is 5 && zone.IndexOf(':') < 0)
            {
                return string.Concat(s.AsSpan(0, tail + 3), ":", s.AsSpan(tail + 3));
            }
            else if (s[tail] != ' ' && zone.Length is 3)
            {
                return s + ":00";
            }
        }
        return s;
    }

    /// <summary>"Tue, 11 Aug 2026 21:28:35 +0000", "11 Aug 26 21:28 GMT", "Thu, 13 Aug 2026 19:56:18 EST".</summary>
    public static DateTimeOffset? ParseRfc822(string s)
    {
        var tokens = s.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var t = 0;
        if (tokens.Length > 0 && tokens[0].Length >= 3 && char.IsAsciiLetter(tokens[0][0]) && MonthOf(tokens[0]) == 0)
        {
            t++; // day of week ("Mon", "Monday", "Mon."): ignored, the date decides
        }
        if (tokens.Length - t < 3) return null;

        string dayText, monthText;
        if (char.IsAsciiDigit(tokens[t][0])) { dayText = tokens[t]; monthText = tokens[t + 1]; }
        else { monthText = tokens[t]; dayText = tokens[t + 1]; } // "Aug 11 2026 ..." (seen in the wild)
        if (!int.TryParse(dayText, NumberStyles.None, CultureInfo.InvariantCulture, out var day)) return null;
        if (monthText.Length < 3) return null;
        var month = MonthOf(monthText);
        if (month == 0) return null;
        var yearText = tokens[t + 2];
        if (yearText.Length is not (2 or 4) || !int.TryParse(yearText, NumberStyles.None, CultureInfo.InvariantCulture, out var year)) return null;
        if (yearText.Length == 2) year += year < 50 ? 2000 : 1900;

        int hour = 0, minute = 0, second = 0;
        var offset = TimeSpan.Zero;
        if (tokens.Length > t + 3)
        {
            var timeParts = tokens[t + 3].Split(':');
            if (timeParts.Length is < 2 or > 3) return null;
            if (!int.TryParse(timeParts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour)
                || !int.TryParse(timeParts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute)) return null;
            if (timeParts.Length == 3 && !int.TryParse(timeParts[2].Split('.')[0], NumberStyles.None, CultureInfo.InvariantCulture, out second)) return null;

            if (tokens.Length > t + 4)
            {
                // "GMT +0800" / "UTC+8" / "+0800 (CST)": a numeric offset after a zone name wins.
                var zoneText = tokens[t + 4];
                if (tokens.Length > t + 5 && tokens[t + 5].Length > 1 && tokens[t + 5][0] is '+' or '-' && zoneText.ToUpperInvariant() is "GMT" or "UTC" or "UT")
                {
                    zoneText = tokens[t + 5];
                }
                if (ParseZone(zoneText) is { } zone) offset = zone;
                else return null;
            }
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

    /// <summary>1-12 for a month name or its three-letter abbreviation (any case), else 0.</summary>
    private static int MonthOf(string text)
    {
        if (text.Length < 3) return 0;
        var prefix = text.AsSpan(0, 3);
        for (var i = 0; i < Months.Length; i++)
        {
            if (prefix.Equals(Months[i], StringComparison.OrdinalIgnoreCase)) return i + 1;
        }
        return 0;
    }

    private static TimeSpan? ParseZone(string zone)
    {
        zone = zone.Trim('(', ')');
        if (zone.Length > 3 && (zone.StartsWith("GMT", StringComparison.OrdinalIgnoreCase) || zone.StartsWith("UTC", StringComparison.OrdinalIgnoreCase))
            && zone[3] is '+' or '-')
        {
            zone = zone[3..]; // "GMT+8", "UTC+08:00"
        }
        if (zone.Length >= 2 && (zone[0] == '+' || zone[0] == '-'))
        {
            var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
            if (digits.Length is 1 or 2) digits = digits.PadLeft(2, '0') + "00"; // "+8", "-05"
            else if (digits.Length == 3) digits = "0" + digits; // "+530"
            if (digits.Length != 4 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm)) return null;
            if (hhmm % 100 >= 60) return null;
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
            "NPT" => new TimeSpan(5, 45, 0),
            "ICT" => TimeSpan.FromHours(7),
            "JST" or "KST" => TimeSpan.FromHours(9),
            "HKT" or "SGT" or "AWST" or "PHT" or "MYT" => TimeSpan.FromHours(8),
            "WIB" => TimeSpan.FromHours(7),
            "AKST" => TimeSpan.FromHours(-9),
            "AKDT" => TimeSpan.FromHours(-8),
            "HST" => TimeSpan.FromHours(-10),
            "EET" => TimeSpan.FromHours(2),
            "EEST" or "MSK" => TimeSpan.FromHours(3),
            "WET" => TimeSpan.Zero,
            "WEST" => TimeSpan.FromHours(1),
            "NZST" => TimeSpan.FromHours(12),
            "NZDT" => TimeSpan.FromHours(13),
            "AEDT" => TimeSpan.FromHours(11),
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
