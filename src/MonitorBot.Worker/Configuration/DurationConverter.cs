using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;

namespace MonitorBot.Worker.Configuration;

/// <summary>
/// How configuration reads a time span: "00:05:00" (hh:mm:ss, or d.hh:mm:ss), or units "5m", "30s", "1d", "1h30m", "250ms".
/// A bare number is refused (the default converter read "BusyTimeout": 5 as five days).
/// </summary>
public sealed partial class DurationConverter : TimeSpanConverter
{
    public const string AcceptedForms = "write \"00:05:00\" (hh:mm:ss), or \"5m\", \"30s\", \"1d\", \"1h30m\", \"250ms\"";

    private static int _registered;

    /// <summary>Makes the configuration binder use this converter for every <see cref="TimeSpan"/> (once per process).</summary>
    public static void Register()
    {
        if (Interlocked.Exchange(ref _registered, 1) == 0)
            TypeDescriptor.AddAttributes(typeof(TimeSpan), new TypeConverterAttribute(typeof(DurationConverter)));
    }

    public override object? ConvertFrom(ITypeDescriptorContext? context, CultureInfo? culture, object value) =>
        value is string text ? Parse(text) : base.ConvertFrom(context, culture, value);

    /// <summary>Parses one of the accepted forms; throws <see cref="FormatException"/> naming them otherwise.</summary>
    public static TimeSpan Parse(string text)
    {
        if (TryParse(text, out var result, out var error)) return result;
        throw new FormatException(error);
    }

    public static bool TryParse(string? text, out TimeSpan result, out string? error)
    {
        result = default;
        error = null;
        var t = text?.Trim() ?? "";
        if (BareNumber().IsMatch(t))
        {
            error = $"'{t}' is a bare number, not a duration; {AcceptedForms}.";
            return false;
        }
        var units = Units().Match(t);
        if (t.Length > 0 && units.Success)
        {
            static long Part(Match m, string g) => m.Groups[g].Success ? long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture) : 0;
            result = TimeSpan.FromDays(Part(units, "d")) + TimeSpan.FromHours(Part(units, "h")) + TimeSpan.FromMinutes(Part(units, "m"))
                + TimeSpan.FromSeconds(Part(units, "s")) + TimeSpan.FromMilliseconds(Part(units, "ms"));
            return true;
        }
        if (t.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(t, CultureInfo.InvariantCulture, out result)) return true;
        error = $"'{t}' is not a duration; {AcceptedForms}.";
        return false;
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"^(?:(?<d>\d+)d)?(?:(?<h>\d+)h)?(?:(?<m>\d+)m(?!s))?(?:(?<s>\d+)s)?(?:(?<ms>\d+)ms)?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Units();
}
