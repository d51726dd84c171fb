using System.Globalization;
using System.Text.RegularExpressions;

namespace MonitorBot.Worker.Bot;

public static partial class DurationParser
{
    public static readonly TimeSpan Max = TimeSpan.FromDays(30);

    [GeneratedRegex(@"^\s*(\d{1,4})\s*(m|min|h|d|w)\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex Pattern();

    /// <summary>"30m", "6h", "2d", "1w" → a duration up to 30 days; null when not understood or out of range.</summary>
    public static TimeSpan? Parse(string? text)
    {
        if (text is null) return null;
        var m = Pattern().Match(text);
        if (!m.Success) return null;
        var n = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var span = m.Groups[2].Value.ToLowerInvariant() switch
        {
            "m" or "min" => TimeSpan.FromMinutes(n),
            "h" => TimeSpan.FromHours(n),
            "d" => TimeSpan.FromDays(n),
            _ => TimeSpan.FromDays(7 * n),
        };
        return span <= TimeSpan.Zero || span > Max ? null : span;
    }
}
