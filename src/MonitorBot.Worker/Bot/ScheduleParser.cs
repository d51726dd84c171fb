using System.Globalization;
using Quartz;

namespace MonitorBot.Worker.Bot;

/// <summary>An admin-typed schedule: "30m", "2h", "1d", "00:30:00" (an interval, at least 1 minute) or a Quartz cron expression.</summary>
public static class ScheduleParser
{
    public static bool TryParse(string? text, out TimeSpan? interval, out string? cron, out string? error)
    {
        interval = null;
        cron = null;
        error = null;
        var t = (text ?? "").Trim();
        if (t.Length == 0) { interval = TimeSpan.FromHours(1); return true; }
        if (DurationParser.Parse(t) is { } d) { interval = d; }
        else if (TimeSpan.TryParseExact(t, "c", CultureInfo.InvariantCulture, out var ts)) { interval = ts; }
        else if (t.Contains(' ', StringComparison.Ordinal) && CronExpression.TryParse(t, out _)) { cron = t; return true; }
        else
        {
            error = $"schedule '{t}' is neither an interval (30m, 2h, 1d, 00:30:00) nor a Quartz cron expression (e.g. \"0 0 6 * * ?\").";
            return false;
        }
        if (interval < TimeSpan.FromMinutes(1) || interval > TimeSpan.FromDays(31))
        {
            error = $"interval {interval} must be between 1 minute and 31 days.";
            return false;
        }
        return true;
    }
}
