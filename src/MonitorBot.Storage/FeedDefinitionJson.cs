using System.Text;
using System.Text.Json;

namespace MonitorBot.Storage;

/// <summary>admin_feeds.definition: a JSON object of flat string pairs, written with keys in ordinal order (so equal settings give equal text).</summary>
internal static class FeedDefinitionJson
{
    public static string Write(IReadOnlyDictionary<string, string> settings)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in settings.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>Reads the pairs back (keys case-insensitive); a non-string value keeps its raw JSON text.</summary>
    public static IReadOnlyDictionary<string, string> Read(string json)
    {
        var result = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        using var document = JsonDocument.Parse(json);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            result[property.Name] = property.Value.ValueKind == JsonValueKind.String
                ? property.Value.GetString() ?? ""
                : property.Value.GetRawText();
        }

        return result;
    }

    /// <summary>The definition as the audit trail shows it: values of header keys ("Headers:...") are redacted (they may hold API keys).</summary>
    public static string WriteForAudit(IReadOnlyDictionary<string, string> settings) =>
        Write(settings.ToDictionary(
            p => p.Key,
            p => p.Key.StartsWith("Headers:", StringComparison.OrdinalIgnoreCase) ? AdminFeedRepository.Redacted : p.Value,
            StringComparer.Ordinal));
}
