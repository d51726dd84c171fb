namespace MonitorBot.Storage;

/// <summary>Times are stored as INTEGER unix milliseconds (UTC).</summary>
internal static class UnixMs
{
    public static long To(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    public static long? To(DateTimeOffset? time) => time?.ToUnixTimeMilliseconds();

    public static DateTimeOffset From(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);

    public static DateTimeOffset? From(long? ms) => ms is { } v ? DateTimeOffset.FromUnixTimeMilliseconds(v) : null;

    /// <summary>The instant as it reads back from the database (millisecond precision, UTC offset).</summary>
    public static DateTimeOffset Round(DateTimeOffset time) => From(To(time));

    public static DateTimeOffset? Round(DateTimeOffset? time) => time is { } t ? Round(t) : null;

    public static long Days(int days) => days * 86_400_000L;
}
