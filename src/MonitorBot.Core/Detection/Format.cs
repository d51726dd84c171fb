using System.Globalization;

namespace MonitorBot.Core.Detection;

/// <summary>Invariant number and time formatting for reasons and facts.</summary>
internal static class Format
{
    public static string Num(double value) => value.ToString("#,0.##", CultureInfo.InvariantCulture);

    public static string Pct(double value) => value.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + "%";

    public static string Raw(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    public static string Date(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => time.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture);

    public static string Span(TimeSpan span)
    {
        if (span.TotalDays >= 1 && span.TotalHours % 24 == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalDays:0.#} d");
        }

        if (span.TotalHours >= 1)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{span.TotalHours:0.#} h");
        }

        return string.Create(CultureInfo.InvariantCulture, $"{span.TotalMinutes:0.#} min");
    }

    public static string Slug(string text)
    {
        var chars = new char[text.Length];
        var n = 0;
        var dash = false;
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                chars[n++] = c;
                dash = false;
            }
            else if (!dash && n > 0)
            {
                chars[n++] = '-';
                dash = true;
            }
        }

        return new string(chars, 0, n).TrimEnd('-');
    }
}
