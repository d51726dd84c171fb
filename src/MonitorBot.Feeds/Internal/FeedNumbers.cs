using System.Globalization;
using System.Text.Json;

namespace MonitorBot.Feeds.Internal;

internal static class FeedNumbers
{
    /// <summary>Parses "1620", "1,620.5", " 1.6e3 "; null when empty, "N/D", "-", NaN or not a number.</summary>
    public static double? ParseDouble(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var s = text.Trim().Trim('"').Trim();
        if (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out value))
        {
            return double.IsFinite(value) ? value : null;
        }
        return null;
    }

    /// <summary>Why <paramref name="text"/> is not a usable value: "value is not a finite number ('NaN')" or "bad value '…'".</summary>
    public static string BadValueReason(string? text)
    {
        var s = text?.Trim().Trim('"').Trim() ?? "";
        return double.TryParse(s, NumberStyles.Float | NumberStyles.AllowThousands, CultureInfo.InvariantCulture, out var value) && !double.IsFinite(value)
            ? $"value is not a finite number ('{HtmlText.Excerpt(s, 40)}')"
            : $"bad value '{HtmlText.Excerpt(s, 40)}'";
    }

    /// <summary>A JSON number or a numeric string; null for null/other.</summary>
    public static double? GetDouble(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Number when element.TryGetDouble(out var d) && double.IsFinite(d) => d,
        JsonValueKind.String => ParseDouble(element.GetString()),
        _ => null,
    };

    public static double? GetDouble(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var e) ? GetDouble(e) : null;

    public static int? GetInt(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var e)) return null;
        return e.ValueKind switch
        {
            JsonValueKind.Number when e.TryGetInt32(out var i) => i,
            JsonValueKind.String when int.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => i,
            _ => null,
        };
    }

    /// <summary>A string property, or a number rendered invariantly (e.g. "period": 202401).</summary>
    public static string? GetText(JsonElement obj, string name)
    {
        if (obj.ValueKind != JsonValueKind.Object || !obj.TryGetProperty(name, out var e)) return null;
        return e.ValueKind switch
        {
            JsonValueKind.String => e.GetString(),
            JsonValueKind.Number => e.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        };
    }
}
